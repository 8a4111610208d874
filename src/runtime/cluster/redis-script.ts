/**
 * A Lua script run by its SHA (EVALSHA), sent in full only when the server
 * does not know it yet (after a restart or SCRIPT FLUSH). Scripts make
 * read-compare-write steps atomic: a lease is renewed or freed only by the
 * node that still holds it.
 */
import type Redis from "ioredis";

export type RedisScript = (
  redis: Redis,
  keys: readonly string[],
  args: readonly (string | number)[],
) => Promise<unknown>;

export function redisScript(lua: string): RedisScript {
  const sha = new Bun.CryptoHasher("sha1").update(lua).digest("hex");
  return async (redis, keys, args) => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!String((error as Error).message).startsWith("NOSCRIPT")) throw error;
      return redis.eval(lua, keys.length, ...keys, ...args);
    }
  };
}
