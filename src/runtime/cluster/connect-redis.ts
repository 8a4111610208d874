/**
 * The Redis connection of a node. Commands are never queued while Redis is
 * away (`enableOfflineQueue: false`, no per-request retries): a publish
 * fails at once and the webhook answers 503, instead of holding a request
 * that may never become durable. The client reconnects by itself, every
 * 100 ms at first, then at most every second.
 */
import Redis from "ioredis";
import type { Logger } from "../../log.ts";

export interface ConnectRedisOptions {
  url: string;
  /** Shown in CLIENT LIST. */
  name: string;
  logger: Logger;
  /** A command without an answer within this time fails (publish → 503). */
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
}

export async function connectRedis({
  url,
  name,
  logger,
  commandTimeoutMs = 2000,
  connectTimeoutMs = 5000,
}: ConnectRedisOptions): Promise<Redis> {
  const redis = new Redis(url, {
    connectionName: name,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: connectTimeoutMs,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  });
  let down = false;
  redis.on("error", (err) => {
    if (!down) logger.warn("redis connection lost; reconnecting", { err });
    down = true;
  });
  redis.on("ready", () => {
    if (down) logger.info("redis connection back");
    down = false;
  });
  try {
    await redis.connect();
  } catch (cause) {
    redis.disconnect();
    const where = url.replace(/\/\/[^@]*@/, "//***@");
    throw new Error(`cannot reach Redis at ${where}: ${(cause as Error).message}`, { cause });
  }
  return redis;
}
