/** `bun run sync` as a real command: against the fake Zoho, without Zoho (demo), and failing. */
import { afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { createStore } from "../../src/store/index.ts";
import { createFakeZoho, type FakeZoho } from "../support/fake-zoho.ts";
import { repoRoot, tempDir } from "../support/spawn-noor.ts";
import { buildTinyModel } from "../support/tiny-model.ts";

let fake: FakeZoho | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function sync(env: Record<string, string>, args: string[] = []) {
  const proc = Bun.spawn([process.execPath, "run", "sync", ...args], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? "/tmp",
      EMBEDDINGS: "none",
      ...env,
    },
    stdout: "pipe",
    stderr: "pipe",
  });
  const [code, stdout, stderr] = await Promise.all([
    proc.exited,
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
  ]);
  return { code, stdout: stdout.trim(), stderr };
}

const zohoEnv = (zoho: FakeZoho) => ({
  ZOHO_ACCOUNTS_URL: zoho.url,
  ZOHO_CLIENT_ID: zoho.clientOptions.clientId,
  ZOHO_CLIENT_SECRET: zoho.clientOptions.clientSecret,
  ZOHO_REFRESH_TOKEN: zoho.clientOptions.refreshToken,
  ZOHO_ORGANIZATION_ID: zoho.clientOptions.organizationId,
});

async function activeProducts(databaseUrl: string) {
  const store = await createStore({ databaseUrl });
  try {
    return await store.catalog.countProducts({ status: "active" });
  } finally {
    await store.close();
  }
}

describe("bun run sync", () => {
  test("syncs the configured Zoho with progress on stderr and a summary line, embedding with the model", async () => {
    fake = createFakeZoho();
    fake.loadDemoCatalog();
    const tiny = await buildTinyModel();
    const databaseUrl = `sqlite:${join(tempDir(), "noor.sqlite")}`;
    try {
      const result = await sync({
        ...zohoEnv(fake),
        DATABASE_URL: databaseUrl,
        EMBEDDINGS: `fastembed:${tiny.dir}`,
      });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(
        /^sync full succeeded in \d+\.\d s: 107 seen, 107 upserted, 0 deactivated, 107 embedded$/,
      );
      expect(result.stderr).toContain("sync: 1 page(s), 107 item(s)");
      expect(await activeProducts(databaseUrl)).toBe(107);

      const again = await sync(
        { ...zohoEnv(fake), DATABASE_URL: databaseUrl, EMBEDDINGS: `fastembed:${tiny.dir}` },
        ["--incremental"],
      );
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(
        /^sync incremental succeeded in .*: 0 seen, 0 upserted, 0 deactivated, 0 embedded$/,
      );
    } finally {
      await tiny.remove();
    }
  }, 30_000);

  test("without Zoho it loads the demo catalogue", async () => {
    const databaseUrl = `sqlite:${join(tempDir(), "noor.sqlite")}`;
    const result = await sync({ DATABASE_URL: databaseUrl });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^sync demo succeeded in .*: 107 seen, 107 upserted, 0 deactivated, 0 embedded$/,
    );
    expect(await activeProducts(databaseUrl)).toBe(107);
  });

  test("a failed sync exits 1 with one clear line and leaves the catalogue as it was", async () => {
    fake = createFakeZoho();
    const databaseUrl = `sqlite:${join(tempDir(), "noor.sqlite")}`;
    await sync({ DATABASE_URL: databaseUrl });
    const result = await sync({ ...zohoEnv(fake), DATABASE_URL: databaseUrl });
    expect(result.code).toBe(1);
    const lines = result.stderr.split("\n").filter((l) => l.startsWith("noor:"));
    expect(lines).toEqual(["noor: sync failed: Zoho returned no items; the catalogue was left as it was"]);
    expect(await activeProducts(databaseUrl)).toBe(107);
  });
});
