/**
 * The store contract over the real postgres.js driver: against PGlite (real
 * Postgres + pgvector) through pglite-socket, and against TEST_DATABASE_URL
 * when one is given (a database the tests may wipe).
 */
import { afterAll, beforeAll, describe } from "bun:test";
import { sql } from "drizzle-orm";
import { createStore, openDatabase, type Store } from "../../src/store/index.ts";
import { type PgliteServer, startPgliteServer } from "../support/pglite-server.ts";
import { storeContract } from "../support/store-contract.ts";

const opened: Store[] = [];

/** Empties every table so each test starts from nothing on a shared server. */
async function wipe(url: string, maxConnections: number) {
  const db = openDatabase(url, { maxConnections });
  await db.run(sql`DROP SCHEMA public CASCADE`);
  await db.run(sql`CREATE SCHEMA public`);
  await db.close();
}

function contractOn(url: () => string, maxConnections: number) {
  storeContract({
    makeStore: async () => {
      for (const s of opened.splice(0)) await s.close().catch(() => {});
      await wipe(url(), maxConnections);
      const store = await createStore({ databaseUrl: url(), maxConnections });
      opened.push(store);
      return store;
    },
    sameDatabase: async () => {
      const store = await createStore({ databaseUrl: url(), maxConnections });
      opened.push(store);
      return store;
    },
  });
}

describe("postgres (PGlite over pglite-socket)", () => {
  let server: PgliteServer;
  beforeAll(async () => {
    server = await startPgliteServer({ maxConnections: 4 });
  });
  afterAll(async () => {
    for (const s of opened.splice(0)) await s.close().catch(() => {});
    await server.stop();
  });
  contractOn(() => server.url, 1);
});

const external = process.env.TEST_DATABASE_URL;
if (external) {
  describe("postgres (TEST_DATABASE_URL)", () => {
    afterAll(async () => {
      for (const s of opened.splice(0)) await s.close().catch(() => {});
    });
    contractOn(() => external, 5);
  });
}
