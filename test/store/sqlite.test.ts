import { afterAll, describe } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStore, type Store } from "../../src/store/index.ts";
import { storeContract } from "../support/store-contract.ts";

const opened: Store[] = [];
const dirs: string[] = [];
const track = (s: Store) => {
  opened.push(s);
  return s;
};

afterAll(async () => {
  for (const s of opened) await s.close().catch(() => {});
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("sqlite :memory:", () => {
  storeContract({ makeStore: async () => track(await createStore({ databaseUrl: "sqlite::memory:" })) });
});

describe("sqlite file", () => {
  let current = "";
  storeContract({
    makeStore: async () => {
      const dir = mkdtempSync(join(tmpdir(), "noor-store-"));
      dirs.push(dir);
      current = `sqlite:${join(dir, "nested", "noor.sqlite")}`;
      return track(await createStore({ databaseUrl: current }));
    },
    sameDatabase: async () => track(await createStore({ databaseUrl: current })),
  });
});
