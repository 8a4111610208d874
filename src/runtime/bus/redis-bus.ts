/**
 * The scale-out bus: one Redis stream per shard (`shard = fnv1a32(chatId) mod
 * SHARD_COUNT`), read only by the node holding the shard's lease.
 *
 * - publish: one `XADD … MAXLEN ~ streamMaxLen` on the shard's stream. The
 *   connection does not queue commands while Redis is away, so publish fails
 *   at once (BusUnavailableError → the webhook answers 503 → Wazzup retries).
 * - takeover of a shard (lease acquired): create the consumer group if
 *   missing (from id 0, so entries added before it exist are read), reclaim
 *   every entry the previous holder left pending (`XAUTOCLAIM … 0`), drop
 *   consumers with nothing pending, read the shard (pending first), and
 *   recover its chats from the store: stored messages whose entries were lost
 *   (Redis restarted without persistence, trimmed) are answered too.
 * - handover (the shard belongs to another live node, or shutdown): stop
 *   reading it, persist and stop its chats' actors, free the lease.
 * - loss (lease expired or taken): stop reading it, stop its actors without
 *   writing (the new holder owns the chats now).
 */
import type Redis from "ioredis";
import type { Logger } from "../../log.ts";
import type { Metrics } from "../../metrics.ts";
import { createShardOwnership, type ShardOwnership } from "../cluster/shard-ownership.ts";
import type { ChatBus, ChatCommandHandler, ChatOwnershipHooks } from "./chat-bus.ts";
import { BusUnavailableError } from "./redis-bus-error.ts";
import { encodeEntry } from "./redis-entry.ts";
import { consumerGroup, redisKeys } from "./redis-keys.ts";
import { createStreamReader, type StreamReader } from "./redis-stream-reader.ts";
import { shardOf } from "./shards.ts";

export interface RedisBusOptions {
  /** The commands connection (no offline queue, see connectRedis); a second one is made for blocking reads. */
  redis: Redis;
  nodeId: string;
  shardCount: number;
  leaseTtlMs: number;
  logger: Logger;
  metrics: Metrics;
  keyPrefix?: string;
  /** Approximate cap per shard stream (`MAXLEN ~`). */
  streamMaxLen?: number;
  /** Entries per shard per read. */
  readCount?: number;
  tickMs?: number;
}

export interface RedisBus extends ChatBus {
  /** Shards whose lease this node holds (for tests and /ready). */
  shards(): number[];
  /** Runs one membership/lease tick now (tests). */
  tick(): Promise<void>;
}

const isBusyGroup = (error: unknown) => String((error as Error)?.message ?? "").startsWith("BUSYGROUP");

export function createRedisBus({
  redis,
  nodeId,
  shardCount,
  leaseTtlMs,
  logger,
  metrics,
  keyPrefix = "noor:",
  streamMaxLen = 10_000,
  readCount = 100,
  tickMs,
}: RedisBusOptions): RedisBus {
  const keys = redisKeys(keyPrefix);
  const token = `${nodeId}/${Bun.randomUUIDv7()}`;
  const log = logger.child({ component: "redis-bus" });
  const published = metrics.counter("bus_published_total", "Commands added to shard streams, by outcome");
  let ownership: ShardOwnership | null = null;
  let reader: StreamReader | null = null;
  let readerConnection: Redis | null = null;

  const inShards = (shards: number[]) => {
    const set = new Set(shards);
    return (chatId: string) => set.has(shardOf(chatId, shardCount));
  };

  /** Creates missing groups, moves every pending entry to this consumer, forgets idle consumers. */
  const reclaim = async (shards: number[]) => {
    const groups = redis.pipeline();
    for (const s of shards) groups.xgroup("CREATE", keys.stream(s), consumerGroup, "0", "MKSTREAM");
    for (const [error] of (await groups.exec()) ?? []) {
      if (error && !isBusyGroup(error)) throw error;
    }
    let reclaimed = 0;
    for (const s of shards) {
      let cursor = "0-0";
      do {
        const [next, ids] = (await redis.xautoclaim(
          keys.stream(s),
          consumerGroup,
          nodeId,
          0,
          cursor,
          "COUNT",
          1000,
          "JUSTID",
        )) as [string, string[]];
        reclaimed += ids.length;
        cursor = next;
      } while (cursor !== "0-0");
      const consumers = (await redis.xinfo("CONSUMERS", keys.stream(s), consumerGroup)) as unknown[][];
      for (const c of consumers) {
        const name = String(c[c.indexOf("name") + 1]);
        const pending = Number(c[c.indexOf("pending") + 1]);
        if (name !== nodeId && pending === 0) {
          await redis.xgroup("DELCONSUMER", keys.stream(s), consumerGroup, name);
        }
      }
    }
    return reclaimed;
  };

  const bus: RedisBus = {
    name: "redis-streams",
    async publish(chatId, command) {
      const shard = shardOf(chatId, shardCount);
      try {
        await redis.xadd(
          keys.stream(shard),
          "MAXLEN",
          "~",
          streamMaxLen,
          "*",
          ...encodeEntry(chatId, command),
        );
        published.inc({ outcome: "ok" });
      } catch (cause) {
        published.inc({ outcome: "failed" });
        throw new BusUnavailableError(`cannot add to shard stream ${shard}: ${(cause as Error).message}`, {
          cause,
        });
      }
    },

    async start(handler: ChatCommandHandler, chats: ChatOwnershipHooks) {
      readerConnection = redis.duplicate({ commandTimeout: undefined, lazyConnect: true });
      readerConnection.on("error", () => {});
      await readerConnection.connect();
      const shardOwnership = createShardOwnership({
        redis,
        keys,
        nodeId,
        token,
        shardCount,
        leaseTtlMs,
        logger: log,
        metrics,
        tickMs,
        hooks: {
          async acquired(shards) {
            const reclaimed = await reclaim(shards);
            streamReader.add(shards);
            const recovered = await chats.recover(inShards(shards));
            log.info("shards taken over", { shards, reclaimed, recovered });
          },
          async releasing(shards) {
            await streamReader.remove(shards);
            await chats.passivate(inShards(shards));
          },
          async lost(shards) {
            await streamReader.remove(shards);
            await chats.discard(inShards(shards));
          },
        },
      });
      const streamReader = createStreamReader({
        redis: readerConnection,
        commands: redis,
        keys,
        consumer: nodeId,
        handler,
        holds: (shard) => shardOwnership.holds(shard),
        onMissingGroup: (shards) => shardOwnership.reset(shards),
        logger: log,
        metrics,
        blockMs: Math.min(1000, Math.max(50, Math.floor(leaseTtlMs / 3))),
        count: readCount,
      });
      ownership = shardOwnership;
      reader = streamReader;
      streamReader.start();
      await shardOwnership.start();
    },

    async stop() {
      await ownership?.stop();
      await reader?.stop();
      await readerConnection?.quit().catch(() => readerConnection?.disconnect());
      ownership = null;
      reader = null;
      readerConnection = null;
    },

    health() {
      if (redis.status !== "ready") return { status: "down", detail: `redis ${redis.status}` };
      if (!ownership) return { status: "down", detail: "not started" };
      const held = ownership.held().length;
      return { status: "ok", detail: `${held} of ${shardCount} shards, ${ownership.members().length} nodes` };
    },

    shards: () => ownership?.held() ?? [],
    tick: () => ownership?.tick() ?? Promise.resolve(),
  };
  return bus;
}
