/**
 * The Redis bus wired into the real runtime (registry, chat actors, store on
 * one SQLite file), two runtimes in one process standing in for two nodes.
 * What a shard move does to a chat's live actor: handed over, it is persisted
 * and answered once by the new holder; lost, it is dropped without a write.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { join } from "node:path";
import type Redis from "ioredis";
import { silentLogger } from "../../../src/log.ts";
import { createMetrics } from "../../../src/metrics.ts";
import { createRedisBus, type RedisBus } from "../../../src/runtime/bus/redis-bus.ts";
import { redisKeys } from "../../../src/runtime/bus/redis-keys.ts";
import { ownerOf, shardOf } from "../../../src/runtime/bus/shards.ts";
import { connectRedis } from "../../../src/runtime/cluster/connect-redis.ts";
import {
  createConsoleSender,
  createRuntime,
  type Runtime,
  type TurnRequest,
} from "../../../src/runtime/index.ts";
import { currentStage } from "../../../src/sales/index.ts";
import { createStore, type Store } from "../../../src/store/index.ts";
import { chatIds, sharedRedisUrl, type TestRedis, testRedis } from "../../support/cluster.ts";
import { inboundText } from "../../support/fake-wazzup.ts";
import { eventually } from "../../support/noor-harness.ts";
import { tempDir } from "../../support/spawn-noor.ts";

const shardCount = 4;

interface Node {
  runtime: Runtime;
  bus: RedisBus;
  store: Store;
  redis: Redis;
  turns: TurnRequest[];
}

let t: TestRedis;
let databaseUrl: string;
const nodes: Node[] = [];
beforeEach(async () => {
  t = await testRedis();
  databaseUrl = `sqlite:${join(tempDir(), "noor.sqlite")}`;
});
afterEach(async () => {
  for (const n of nodes.splice(0)) {
    await n.runtime.stop();
    n.redis.disconnect();
    await n.store.close();
  }
  await t.cleanup();
});

async function startNode(nodeId: string): Promise<Node> {
  const store = await createStore({ databaseUrl });
  const redis = await connectRedis({ url: sharedRedisUrl, name: nodeId, logger: silentLogger });
  const metrics = createMetrics();
  const bus = createRedisBus({
    redis,
    nodeId,
    shardCount,
    leaseTtlMs: 1000,
    tickMs: 50,
    keyPrefix: t.prefix,
    logger: silentLogger,
    metrics,
  });
  const turns: TurnRequest[] = [];
  const runtime = createRuntime({
    store,
    bus,
    sender: createConsoleSender(silentLogger),
    logger: silentLogger,
    metrics,
    debounceMs: 600,
    actorIdleMs: 60_000,
    maxLiveActors: 100,
    splitText: (text) => [text],
    turnRunner: {
      name: "recording",
      async run(request) {
        turns.push(request);
        return {
          reply: { text: "Welcome to Treejar" },
          salesEvents: [],
          stage: currentStage(request.snapshot),
          language: "en",
          handoff: null,
        };
      },
    },
  });
  await runtime.start();
  const node = { runtime, bus, store, redis, turns };
  nodes.push(node);
  return node;
}

const holdsAll = (n: Node) => eventually(() => n.bus.shards().length === shardCount, { timeoutMs: 3000 });

test("a chat mid-debounce whose shard moves to a joining node is persisted, then answered once by the new holder", async () => {
  const a = await startNode("a");
  await holdsAll(a);
  const chatId = chatIds(50, 8).find((c) => ownerOf(shardOf(c, shardCount), ["a", "b"]) === "b")!;
  await a.runtime.ingress.handle(inboundText({ chatId, text: "Hello, I need a meeting table" }));
  await eventually(() => a.runtime.registry.get(chatId) !== undefined);
  const conversationId = a.runtime.registry.get(chatId)!.conversationId;

  const b = await startNode("b");
  await eventually(() => b.bus.shards().includes(shardOf(chatId, shardCount)), { timeoutMs: 3000 });
  expect(a.runtime.registry.get(chatId)).toBeUndefined();
  expect((await a.store.conversations.get(conversationId))?.snapshot).not.toBeNull();

  await eventually(() => b.turns.length === 1, { timeoutMs: 3000 });
  expect(b.turns[0]!.burst.map((m) => m.text)).toEqual(["Hello, I need a meeting table"]);
  await eventually(async () => (await b.store.messages.unanswered(conversationId)).length === 0);
  await Bun.sleep(700);
  expect(a.turns).toHaveLength(0);
  expect(b.turns).toHaveLength(1);
});

test("a lost lease drops the chat's actor without writing its snapshot; the next holder answers", async () => {
  const a = await startNode("a");
  await holdsAll(a);
  const chatId = chatIds(1, 7)[0]!;
  const shard = shardOf(chatId, shardCount);
  await a.runtime.ingress.handle(inboundText({ chatId, text: "Is the Ergo chair in stock?" }));
  await eventually(() => a.runtime.registry.get(chatId) !== undefined);
  const conversationId = a.runtime.registry.get(chatId)!.conversationId;

  // Another holder took the lease (as after this node stalled past its TTL).
  await t.redis.set(redisKeys(t.prefix).lease(shard), "b/1", "PX", 700);
  await eventually(() => a.runtime.registry.get(chatId) === undefined, { timeoutMs: 2000 });
  expect((await a.store.conversations.get(conversationId))?.snapshot).toBeNull();
  expect(a.turns).toHaveLength(0);

  // When that lease runs out, this node takes the shard again and recovers the stored message.
  await eventually(() => a.turns.length === 1, { timeoutMs: 4000 });
  expect(a.turns[0]!.burst.map((m) => m.text)).toEqual(["Is the Ergo chair in stock?"]);
});
