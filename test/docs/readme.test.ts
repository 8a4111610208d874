/** The README's statechart diagram is the machine's own export, and its quick start names real scripts. */
import { expect, test } from "bun:test";
import { join } from "node:path";
import { statechartMermaid } from "../../src/sales/index.ts";

const root = join(import.meta.dir, "..", "..");
const readme = await Bun.file(join(root, "README.md")).text();

test("the README's Mermaid statechart matches the machine", () => {
  const block = readme.match(
    /<!-- statechart:begin -->\n```mermaid\n([\s\S]*?)\n```\n<!-- statechart:end -->/,
  );
  expect(block?.[1]).toBe(statechartMermaid().trimEnd());
});

test("every `bun run <script>` the README mentions exists in package.json", async () => {
  const { scripts } = await Bun.file(join(root, "package.json")).json();
  const named = [...readme.matchAll(/bun run ([a-z:-]+)/g)].map((m) => m[1]!);
  expect(named.length).toBeGreaterThan(3);
  for (const name of named) expect(Object.keys(scripts)).toContain(name);
  expect(readme).toContain("npm install -g bun@1.4.5 && bun install && bun start");
  expect(readme).toContain("\nbun test");
});
