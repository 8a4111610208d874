/**
 * The cluster on a shared PostgreSQL: PGlite (real Postgres) served over the
 * wire to both nodes by the session-lending server in the test process (stock
 * pglite-socket mixes concurrent connections' protocol messages), or
 * TEST_DATABASE_URL when given.
 * Two nodes, bursts in 80 chats, one node SIGKILLed mid-debounce: the other
 * takes its shards and every chat is answered exactly once.
 */
import { afterAll, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { openDatabase } from "../../src/store/index.ts";
import {
  type Cluster,
  chatIds,
  type RedisServer,
  startCluster,
  startRedisServer,
} from "../support/cluster.ts";
import { inboundText } from "../support/fake-wazzup.ts";
import { eventually } from "../support/noor-harness.ts";
import { type SharedPglite, startSharedPgliteServer } from "../support/pglite-shared-server.ts";

let redis: RedisServer | undefined;
let pglite: SharedPglite | undefined;
let cluster: Cluster | undefined;
afterAll(async () => {
  await cluster?.stop();
  await pglite?.stop();
  await redis?.stop();
});

async function sharedPostgres(): Promise<string> {
  const external = process.env.TEST_DATABASE_URL;
  if (!external) {
    pglite = await startSharedPgliteServer();
    return pglite.url;
  }
  // A database the tests may wipe.
  const db = openDatabase(external, { maxConnections: 1 });
  await db.run(sql`DROP SCHEMA public CASCADE`);
  await db.run(sql`CREATE SCHEMA public`);
  await db.close();
  return external;
}

test("2 nodes on one Postgres: SIGKILL one mid-debounce, every chat answered exactly once", async () => {
  redis = await startRedisServer();
  const databaseUrl = await sharedPostgres();
  const c = await startCluster({ nodes: ["p1", "p2"], redis, databaseUrl, debounceMs: 1500 });
  cluster = c;
  await c.waitForOwners(["p1", "p2"]);

  const chats = chatIds(80, 4);
  await c.postAll(
    chats.flatMap((chatId) => [
      inboundText({ chatId, text: "Good morning" }),
      inboundText({ chatId, text: "Do you deliver to Sharjah?" }),
    ]),
    8,
  );
  expect(c.wazzup.sent).toHaveLength(0);
  await c.kill("p1");

  await c.waitForOwners(["p2"]);
  await eventually(() => c.sendsPerChat().size === chats.length, { timeoutMs: 20_000, everyMs: 100 });
  await Bun.sleep(1000);
  const sends = c.sendsPerChat();
  expect(chats.filter((chatId) => sends.get(chatId) !== 1)).toEqual([]);
  expect(c.wazzup.sent).toHaveLength(chats.length);
}, 90_000);
