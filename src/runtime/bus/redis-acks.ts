/**
 * Acknowledgements batched per shard: handled entries are collected and sent
 * as one pipelined `XACK` per shard a few milliseconds later (or when asked),
 * so a busy node spends one round trip on many entries. An entry whose ack
 * was not sent yet when the node dies is simply handled again by the next
 * holder, which the store makes harmless.
 */
import type Redis from "ioredis";
import { consumerGroup, type RedisKeys } from "./redis-keys.ts";

export interface AckBuffer {
  add(shard: number, id: string): void;
  /** Sends every collected ack; resolves when Redis has them (or rejects, and keeps them for the next flush). */
  flush(): Promise<void>;
}

export function createAckBuffer({
  redis,
  keys,
  delayMs = 5,
}: {
  redis: Redis;
  keys: RedisKeys;
  delayMs?: number;
}): AckBuffer {
  let pending = new Map<number, string[]>();
  let timer: Timer | undefined;
  let sending: Promise<void> = Promise.resolve();

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    sending = sending
      .catch(() => {})
      .then(async () => {
        if (pending.size === 0) return;
        const batch = pending;
        pending = new Map();
        const pipeline = redis.pipeline();
        for (const [shard, ids] of batch) pipeline.xack(keys.stream(shard), consumerGroup, ...ids);
        try {
          const results = (await pipeline.exec()) ?? [];
          const failed = results.find(([error]) => error)?.[0];
          if (failed) throw failed;
        } catch (error) {
          for (const [shard, ids] of batch) pending.set(shard, [...ids, ...(pending.get(shard) ?? [])]);
          throw error;
        }
      });
    return sending;
  };

  return {
    add(shard, id) {
      const ids = pending.get(shard);
      if (ids) ids.push(id);
      else pending.set(shard, [id]);
      timer ??= setTimeout(() => void flush().catch(() => {}), delayMs);
    },
    flush,
  };
}
