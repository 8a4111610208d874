/** `bun run migrate` as a real command against fresh databases of both dialects. */
import { afterAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { startPgliteServer } from "../support/pglite-server.ts";
import { repoRoot, tempDir } from "../support/spawn-noor.ts";

const journal = async (dialect: "sqlite" | "pg") =>
  (await Bun.file(join(repoRoot, "drizzle", dialect, "meta", "_journal.json")).json()) as {
    entries: unknown[];
  };

async function migrate(databaseUrl: string) {
  const proc = Bun.spawn([process.execPath, "run", "migrate"], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? "/tmp",
      DATABASE_URL: databaseUrl,
    },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [code, stdout, stderr] = await Promise.all([
    proc.exited,
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
  ]);
  return { code, stdout: stdout.trim(), stderr: stderr.trim() };
}

/** The script's own line; `bun run` adds its "script exited" note after it. */
const failureLine = (stderr: string) => stderr.split("\n").find((l) => l.startsWith("noor:")) ?? stderr;

describe("bun run migrate", () => {
  test("a fresh SQLite file gets every migration, and a second run applies none", async () => {
    const { entries } = await journal("sqlite");
    const url = `sqlite:${join(tempDir(), "data", "noor.sqlite")}`;
    const first = await migrate(url);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`migrated ${url}: ${entries.length} migration(s) applied`);
    const second = await migrate(url);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(`migrated ${url}: 0 migration(s) applied`);
  });

  describe("on PostgreSQL", () => {
    const server = startPgliteServer({ maxConnections: 4 });
    afterAll(async () => (await server).stop());

    test("a fresh database gets every migration, a second run none, and the password is not printed", async () => {
      const { url } = await server;
      const { entries } = await journal("pg");
      const first = await migrate(url);
      expect(first.code).toBe(0);
      expect(first.stdout).toEndWith(`: ${entries.length} migration(s) applied`);
      expect(first.stdout).toContain("//***@");
      expect(first.stdout).not.toContain("postgres:postgres@");
      expect((await migrate(url)).stdout).toEndWith(": 0 migration(s) applied");
    });
  });

  test("a bad DATABASE_URL fails with one line and exit 1", async () => {
    const result = await migrate("mysql://x");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(failureLine(result.stderr)).toStartWith("noor: migrate failed: DATABASE_URL: expected");
  });

  test("an unreachable database fails naming it", async () => {
    const result = await migrate("postgres://u@127.0.0.1:1/x");
    expect(result.code).toBe(1);
    expect(failureLine(result.stderr)).toStartWith("noor: migrate failed: cannot reach the database");
    expect(result.stderr).not.toMatch(/^\s+at\s/m);
  });
});
