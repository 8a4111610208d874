/**
 * Redis dies in the middle of the traffic and comes back empty (no
 * persistence: streams, groups, leases and membership are gone). While it is
 * away the webhook answers 503 and Wazzup (here: `cluster.post`) delivers
 * again; the nodes reconnect, take their shards again and recover the stored
 * messages whose stream entries were lost. Every chat whose messages were
 * accepted is answered exactly once.
 */
import { afterAll, expect, test } from "bun:test";
import {
  type Cluster,
  chatIds,
  type RedisServer,
  startCluster,
  startRedisServer,
} from "../support/cluster.ts";
import { inboundText } from "../support/fake-wazzup.ts";
import { eventually } from "../support/noor-harness.ts";

let redis: RedisServer | undefined;
let cluster: Cluster | undefined;
afterAll(async () => {
  await cluster?.stop();
  await redis?.stop();
});

test("Redis restarted mid-traffic: 503 while it is away, nothing accepted is lost or answered twice", async () => {
  const server = await startRedisServer();
  redis = server;
  const c = await startCluster({ nodes: ["n1", "n2"], redis: server, debounceMs: 600 });
  cluster = c;
  await c.waitForOwners(["n1", "n2"]);

  const chats = chatIds(200, 3);
  let unavailable = 0;
  const traffic = Promise.all(
    chats.map(async (chatId, i) => {
      await Bun.sleep(i * 15);
      for (const text of ["Hi", "Price of an L-shaped desk?"]) {
        unavailable += (await c.post(inboundText({ chatId, text }))).unavailable;
      }
    }),
  );
  await Bun.sleep(1000);
  await server.kill();
  await Bun.sleep(1500);
  await server.start();
  await traffic;

  expect(unavailable).toBeGreaterThan(0);
  await c.waitForOwners(["n1", "n2"]);
  await eventually(() => c.sendsPerChat().size === chats.length, { timeoutMs: 20_000, everyMs: 100 });
  await Bun.sleep(1000);
  const sends = c.sendsPerChat();
  expect(chats.filter((chatId) => sends.get(chatId) !== 1)).toEqual([]);
  expect(c.wazzup.sent).toHaveLength(chats.length);
  for (const node of c.nodes.values()) {
    expect(node.logs.some((l) => l.msg === "shard leases lost")).toBe(true);
    expect(node.logs.some((l) => l.msg === "shards taken over" && (l.recovered as number) > 0)).toBe(true);
  }
}, 90_000);
