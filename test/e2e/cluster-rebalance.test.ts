/**
 * Shards move while customers write: a 4th node joins a 3-node cluster in
 * the middle of the traffic and receives its share; later a node is stopped
 * with SIGTERM and hands its shards over (persisting its chats' actors, then
 * freeing the leases). Bursts in flight during both moves are answered
 * exactly once (no LLM: the holding reply is the answer).
 */
import { afterAll, expect, test } from "bun:test";
import {
  type Cluster,
  chatIds,
  type RedisServer,
  startCluster,
  startRedisServer,
} from "../support/cluster.ts";
import { inboundText, type WebhookJson } from "../support/fake-wazzup.ts";
import { eventually } from "../support/noor-harness.ts";

let redis: RedisServer | undefined;
let cluster: Cluster | undefined;
afterAll(async () => {
  await cluster?.stop();
  await redis?.stop();
});

/** Posts each chat's two-message burst, one chat every `everyMs`, in the background. */
function trickle(c: Cluster, chats: string[], everyMs: number): Promise<unknown> {
  return Promise.all(
    chats.map(async (chatId, i) => {
      await Bun.sleep(i * everyMs);
      const burst: WebhookJson[] = [
        inboundText({ chatId, text: "Hello" }),
        inboundText({ chatId, text: "Do you have standing desks?" }),
      ];
      for (const body of burst) await c.post(body);
    }),
  );
}

/** Waits until `nodeId` logs that it handed `shard` over (persisted its chats, freed the lease). */
const handedOver = (c: Cluster, nodeId: string, shard: number) =>
  c.nodes
    .get(nodeId)!
    .waitForLog((l) => l.msg === "shards handed over" && (l.shards as number[]).includes(shard), {
      timeoutMs: 5000,
    });

test("a node joins mid-traffic and one leaves with SIGTERM: shards move, no loss, no duplicates", async () => {
  redis = await startRedisServer();
  const c = await startCluster({ nodes: ["n1", "n2", "n3"], redis, debounceMs: 400 });
  cluster = c;
  const before = await c.waitForOwners(["n1", "n2", "n3"]);

  const joining = chatIds(150, 1);
  const traffic = trickle(c, joining, 20);
  await Bun.sleep(1000);
  await c.startNode("n4");
  const withN4 = await c.waitForOwners(["n1", "n2", "n3", "n4"]);
  await traffic;
  // Rendezvous moves shards only to the joining node, and their old holders hand them over.
  const moved = [...withN4].filter(([shard, owner]) => before.get(shard) !== owner);
  expect(moved.length).toBeGreaterThan(0);
  expect(moved.every(([, owner]) => owner === "n4")).toBe(true);
  for (const [shard] of moved) await handedOver(c, before.get(shard)!, shard);

  const leaving = chatIds(150, 2);
  const traffic2 = trickle(c, leaving, 20);
  await Bun.sleep(1000);
  const heldByN1 = [...withN4].filter(([, n]) => n === "n1").map(([s]) => s);
  await c.kill("n1", "SIGTERM");
  expect(await c.nodes.get("n1")!.exited()).toEqual({ code: 0, signal: null });
  // It handed every shard over before exiting (rather than letting the leases expire).
  for (const shard of heldByN1) await handedOver(c, "n1", shard);
  const without = await c.waitForOwners(["n2", "n3", "n4"]);
  expect(
    [...without].filter(([shard, owner]) => withN4.get(shard) !== owner && withN4.get(shard) !== "n1"),
  ).toEqual([]);
  await traffic2;

  const all = [...joining, ...leaving];
  await eventually(() => c.sendsPerChat().size === all.length, { timeoutMs: 20_000, everyMs: 100 });
  await Bun.sleep(1000);
  const sends = c.sendsPerChat();
  expect(all.filter((chatId) => sends.get(chatId) !== 1)).toEqual([]);
  expect(c.wazzup.sent).toHaveLength(all.length);
}, 90_000);
