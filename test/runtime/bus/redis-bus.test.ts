/**
 * The Redis Streams bus on the real Redis (a key prefix per test), with
 * several bus instances standing in for nodes in one process. The handler
 * and the ownership hooks are the ports the chat registry implements; here
 * they record what they are given.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type Redis from "ioredis";
import { silentLogger } from "../../../src/log.ts";
import { createMetrics } from "../../../src/metrics.ts";
import type { ChatCommand, ChatCommandHandler } from "../../../src/runtime/bus/chat-bus.ts";
import { createRedisBus, type RedisBus } from "../../../src/runtime/bus/redis-bus.ts";
import { BusUnavailableError } from "../../../src/runtime/bus/redis-bus-error.ts";
import { encodeEntry } from "../../../src/runtime/bus/redis-entry.ts";
import { consumerGroup, redisKeys } from "../../../src/runtime/bus/redis-keys.ts";
import { shardOf, shardsOwnedBy } from "../../../src/runtime/bus/shards.ts";
import { connectRedis } from "../../../src/runtime/cluster/connect-redis.ts";
import {
  chatIds,
  type RedisServer,
  sharedRedisUrl,
  startRedisServer,
  type TestRedis,
  testRedis,
} from "../../support/cluster.ts";
import { eventually } from "../../support/noor-harness.ts";

const shardCount = 8;
const chats = chatIds(64, 9);
const chatsIn = (shards: number[]) => chats.filter((c) => shards.includes(shardOf(c, shardCount)));

let t: TestRedis;
const nodes: Node[] = [];
beforeEach(async () => {
  t = await testRedis();
});
afterEach(async () => {
  for (const n of nodes.splice(0)) await n.stop();
  await t.cleanup();
});

interface Node {
  bus: RedisBus;
  redis: Redis;
  handled: { chatId: string; command: ChatCommand }[];
  /** Chats (of `chats`) each hook was asked about, in call order. */
  recovered: string[][];
  passivated: string[][];
  discarded: string[][];
  stop(): Promise<void>;
}

const inbound = (n: number): ChatCommand => ({
  type: "inbound",
  conversationId: "c1",
  messageId: `m${n}`,
  at: n,
});

async function startNode({
  nodeId,
  handler,
  url = sharedRedisUrl,
}: {
  nodeId: string;
  handler?: ChatCommandHandler;
  url?: string;
}): Promise<Node> {
  const redis = await connectRedis({ url, name: nodeId, logger: silentLogger, commandTimeoutMs: 1000 });
  const bus = createRedisBus({
    redis,
    nodeId,
    shardCount,
    leaseTtlMs: 1000,
    tickMs: 50,
    keyPrefix: t.prefix,
    logger: silentLogger,
    metrics: createMetrics(),
  });
  const node: Node = {
    bus,
    redis,
    handled: [],
    recovered: [],
    passivated: [],
    discarded: [],
    async stop() {
      await bus.stop();
      redis.disconnect();
    },
  };
  await bus.start(
    async (chatId, command) => {
      await handler?.(chatId, command);
      node.handled.push({ chatId, command });
    },
    {
      recover: async (filter) => node.recovered.push(chats.filter(filter)),
      passivate: async (filter) => void node.passivated.push(chats.filter(filter)),
      discard: async (filter) => void node.discarded.push(chats.filter(filter)),
    },
  );
  nodes.push(node);
  return node;
}

const holdsAll = (n: Node) => eventually(() => n.bus.shards().length === shardCount, { timeoutMs: 3000 });
const pendingCount = async (redis: Redis, shard: number) =>
  ((await redis.xpending(redisKeys(t.prefix).stream(shard), consumerGroup)) as [number])[0];

describe("redis streams bus", () => {
  test("commands reach the holder in order per chat; an entry is acknowledged only after its handler resolved", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const node = await startNode({
      nodeId: "a",
      handler: async (_chatId, command) => {
        if (command.type === "inbound" && command.messageId === "m0") await gate;
      },
    });
    await holdsAll(node);
    const [first, second] = [chats[0]!, chats[1]!];
    await node.bus.publish(first, inbound(0));
    await Bun.sleep(150);
    expect(node.handled).toHaveLength(0);
    expect(await pendingCount(t.redis, shardOf(first, shardCount))).toBe(1);

    for (let i = 1; i <= 20; i++) {
      await node.bus.publish(first, inbound(i));
      await node.bus.publish(second, inbound(100 + i));
    }
    // The other chat is not held up by the first chat's slow command.
    await eventually(() => node.handled.filter((h) => h.chatId === second).length === 20);
    release();
    await eventually(() => node.handled.length === 41);
    const order = (chatId: string) =>
      node.handled
        .filter((h) => h.chatId === chatId)
        .map((h) => (h.command.type === "inbound" ? h.command.messageId : ""));
    expect(order(first)).toEqual(Array.from({ length: 21 }, (_, i) => `m${i}`));
    expect(order(second)).toEqual(Array.from({ length: 20 }, (_, i) => `m${101 + i}`));
    await eventually(async () => (await pendingCount(t.redis, shardOf(first, shardCount))) === 0);
  });

  test("a failing command is retried from the pending list; the chat's later commands wait for it", async () => {
    let failures = 2;
    const attempts: string[] = [];
    const node = await startNode({
      nodeId: "a",
      handler: async (chatId, command) => {
        const id = command.type === "inbound" ? command.messageId : command.type;
        attempts.push(`${chatId}:${id}`);
        if (id === "m1" && failures-- > 0) throw new Error("database briefly unavailable");
      },
    });
    await holdsAll(node);
    const chat = chats[2]!;
    await node.bus.publish(chat, inbound(1));
    await node.bus.publish(chat, inbound(2));
    await eventually(() => node.handled.length === 2, { timeoutMs: 5000 });
    expect(attempts).toEqual([`${chat}:m1`, `${chat}:m1`, `${chat}:m1`, `${chat}:m2`]);
    expect(node.handled.map((h) => (h.command as { messageId: string }).messageId)).toEqual(["m1", "m2"]);
  });

  test("an entry that is not a chat command goes to the dead-letter stream and is acknowledged", async () => {
    const node = await startNode({ nodeId: "a" });
    await holdsAll(node);
    const keys = redisKeys(t.prefix);
    await t.redis.xadd(keys.stream(3), "*", "c", "971500000000", "m", '{"type":"launch_rockets"}');
    await node.bus.publish(chatsIn([3])[0]!, inbound(7));
    await eventually(() => node.handled.length === 1);
    const dead = await eventually(async () => {
      const entries = await t.redis.xrange(keys.deadLetter, "-", "+");
      return entries.length === 1 ? entries : null;
    });
    expect(dead[0]![1]).toEqual(expect.arrayContaining(["reason", "not a chat command", "m"]));
    await eventually(async () => (await pendingCount(t.redis, 3)) === 0);
  });

  test("takeover: entries a dead holder left pending are reclaimed, and the shard's stored chats recovered", async () => {
    const keys = redisKeys(t.prefix);
    const shard = 5;
    const chat = chatsIn([shard])[0]!;
    // A node read two entries of the shard and died before acknowledging them; its lease runs out soon.
    await t.redis.xgroup("CREATE", keys.stream(shard), consumerGroup, "0", "MKSTREAM");
    await t.redis.xadd(keys.stream(shard), "*", ...encodeEntry(chat, inbound(1)));
    await t.redis.xadd(keys.stream(shard), "*", ...encodeEntry(chat, inbound(2)));
    await t.redis.xreadgroup(
      "GROUP",
      consumerGroup,
      "dead-node",
      "COUNT",
      10,
      "STREAMS",
      keys.stream(shard),
      ">",
    );
    await t.redis.set(keys.lease(shard), "dead-node/1", "PX", 400);

    const node = await startNode({ nodeId: "b" });
    await eventually(() => node.bus.shards().length === shardCount - 1);
    expect(node.bus.shards()).not.toContain(shard);
    await eventually(() => node.bus.shards().includes(shard), { timeoutMs: 3000 });
    await eventually(() => node.handled.length === 2);
    expect(node.handled.map((h) => (h.command as { messageId: string }).messageId)).toEqual(["m1", "m2"]);
    expect(node.recovered.at(-1)).toEqual(chatsIn([shard]));
    await eventually(async () => (await pendingCount(t.redis, shard)) === 0);
    const consumers = (await t.redis.xinfo("CONSUMERS", keys.stream(shard), consumerGroup)) as unknown[][];
    expect(consumers.map((c) => c[1])).toEqual(["b"]);
  });

  test("a joining node gets the shards rendezvous gives it; the old holders persist those chats and free the leases first", async () => {
    const a = await startNode({ nodeId: "a" });
    const b = await startNode({ nodeId: "b" });
    const expected = (node: string, all: string[]) => shardsOwnedBy({ node, nodes: all, shardCount });
    await eventually(() => a.bus.shards().join() === expected("a", ["a", "b"]).join(), { timeoutMs: 3000 });
    await eventually(() => b.bus.shards().join() === expected("b", ["a", "b"]).join(), { timeoutMs: 3000 });

    const c = await startNode({ nodeId: "c" });
    const forC = expected("c", ["a", "b", "c"]);
    await eventually(() => c.bus.shards().join() === forC.join(), { timeoutMs: 3000 });
    const handedOver = [...a.passivated, ...b.passivated].flat().sort();
    expect(handedOver).toEqual(chatsIn(forC).sort());
    expect(c.recovered.flat().sort()).toEqual(chatsIn(forC).sort());

    // Each chat's commands now go to exactly one node.
    for (const [i, chatId] of chats.entries()) await a.bus.publish(chatId, inbound(i));
    await eventually(() => a.handled.length + b.handled.length + c.handled.length === chats.length);
    for (const [node, id] of [
      [a, "a"],
      [b, "b"],
      [c, "c"],
    ] as const) {
      expect(node.handled.map((h) => h.chatId).sort()).toEqual(chatsIn(expected(id, ["a", "b", "c"])).sort());
    }
  }, 15_000);

  test("a lease taken by another holder is lost: the node stops reading the shard and drops its chats unpersisted", async () => {
    const node = await startNode({ nodeId: "a" });
    await holdsAll(node);
    const keys = redisKeys(t.prefix);
    await t.redis.set(keys.lease(6), "intruder/1", "PX", 60_000);
    await eventually(() => !node.bus.shards().includes(6) && node.discarded.length > 0);
    expect(node.discarded).toEqual([chatsIn([6])]);
    expect(node.passivated).toEqual([]);

    await node.bus.publish(chatsIn([6])[0]!, inbound(1));
    await node.bus.publish(chatsIn([7])[0]!, inbound(2));
    await eventually(() => node.handled.length === 1);
    await Bun.sleep(200);
    expect(node.handled.map((h) => h.chatId)).toEqual([chatsIn([7])[0]!]);
  });

  test("the stream deleted under the holder (no consumer group): it takes the shard over again and recovers", async () => {
    const node = await startNode({ nodeId: "a" });
    await holdsAll(node);
    const recoveriesBefore = node.recovered.length;
    await t.redis.del(redisKeys(t.prefix).stream(2));
    await eventually(() => node.recovered.length > recoveriesBefore, { timeoutMs: 3000 });
    expect(node.recovered.at(-1)).toEqual(chatsIn([2]));
    await node.bus.publish(chatsIn([2])[0]!, inbound(1));
    await eventually(() => node.handled.length === 1);
  });

  test("stop: every chat persisted, leases freed, membership left", async () => {
    const node = await startNode({ nodeId: "a" });
    await holdsAll(node);
    await node.bus.stop();
    expect(node.passivated.flat().sort()).toEqual([...chats].sort());
    const keys = redisKeys(t.prefix);
    const leases = await t.redis.mget(...Array.from({ length: shardCount }, (_, s) => keys.lease(s)));
    expect(leases.every((v) => v === null)).toBe(true);
    expect(await t.redis.zrange(keys.nodes, "0", "-1")).toEqual([]);
    expect(node.bus.health().status).toBe("down");
  });
});

describe("redis streams bus when Redis goes away", () => {
  let server: RedisServer;
  afterEach(async () => {
    for (const n of nodes.splice(0)) await n.stop();
    await server?.stop();
  });

  test("publish fails at once with a retryable BusUnavailableError, and works again once Redis is back", async () => {
    server = await startRedisServer();
    const node = await startNode({ nodeId: "a", url: server.url });
    await holdsAll(node);
    expect(node.bus.health().status).toBe("ok");
    await server.kill();

    const failure = await node.bus.publish(chats[0]!, inbound(1)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(BusUnavailableError);
    expect(failure).toMatchObject({ kind: "unavailable", retryable: true, status: 503 });
    await eventually(() => node.bus.health().status === "down");
    // Lease renewals cannot land: the node gives its shards up before they could expire.
    await eventually(() => node.bus.shards().length === 0, { timeoutMs: 3000 });
    expect(node.discarded.flat().sort()).toEqual([...chats].sort());

    await server.start();
    await eventually(() => node.bus.health().status === "ok", { timeoutMs: 5000 });
    await holdsAll(node);
    await eventually(async () => {
      await node.bus.publish(chats[0]!, inbound(2));
      return true;
    });
    await eventually(() => node.handled.length > 0);
    expect(node.recovered.at(-1)?.length).toBeGreaterThan(0);
  });
});
