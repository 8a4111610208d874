/**
 * Leases in Redis: a key whose value is the holder's token and whose PX
 * expiry is the lease's end. Taking one is `SET key token NX PX ttl` (or an
 * extension when the token already holds it); renewing and freeing compare
 * the token first, in one Lua step, so a node never extends or frees a lease
 * that expired and went to someone else. Shard leases and job locks use them.
 */
import type Redis from "ioredis";
import { type RedisScript, redisScript } from "../cluster/redis-script.ts";

const claimScript = redisScript(`
local out = {}
for i, key in ipairs(KEYS) do
  local holder = redis.call('GET', key)
  if holder == ARGV[1] then
    redis.call('PEXPIRE', key, ARGV[2])
    out[i] = 1
  elseif not holder then
    redis.call('SET', key, ARGV[1], 'PX', ARGV[2])
    out[i] = 1
  else
    out[i] = 0
  end
end
return out`);

const renewScript = redisScript(`
local out = {}
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then
    redis.call('PEXPIRE', key, ARGV[2])
    out[i] = 1
  else
    out[i] = 0
  end
end
return out`);

const releaseScript = redisScript(`
local out = {}
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then
    redis.call('DEL', key)
    out[i] = 1
  else
    out[i] = 0
  end
end
return out`);

export interface Leases {
  /** Takes each free key, or extends it when this token holds it already; true where the token holds it now. */
  claim(keys: readonly string[], ttlMs: number): Promise<boolean[]>;
  /** Extends the keys this token still holds; false where it expired or belongs to another token. */
  renew(keys: readonly string[], ttlMs: number): Promise<boolean[]>;
  /** Frees the keys this token still holds; false where it no longer did. */
  release(keys: readonly string[]): Promise<boolean[]>;
}

export function createLeases({ redis, token }: { redis: Redis; token: string }): Leases {
  const run = async (script: RedisScript, keys: readonly string[], args: (string | number)[]) => {
    if (keys.length === 0) return [];
    const replies = (await script(redis, keys, args)) as number[];
    return replies.map((r) => r === 1);
  };
  return {
    claim: (keys, ttlMs) => run(claimScript, keys, [token, ttlMs]),
    renew: (keys, ttlMs) => run(renewScript, keys, [token, ttlMs]),
    release: (keys) => run(releaseScript, keys, [token]),
  };
}
