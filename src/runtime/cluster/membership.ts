/**
 * Cluster membership: a sorted set of node ids scored by their last
 * heartbeat, in Redis server time (so hosts' clocks need not agree). One Lua
 * step drops nodes silent for longer than `ttlMs`, records this node, and
 * returns who is live and whether this node was new. A node leaving
 * gracefully removes itself at once.
 */
import type Redis from "ioredis";
import { redisScript } from "./redis-script.ts";

const heartbeatScript = redisScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
local added = redis.call('ZADD', KEYS[1], now, ARGV[1])
return {added, redis.call('ZRANGE', KEYS[1], 0, -1)}`);

export interface Heartbeat {
  /** The live nodes, this one included, sorted by id. */
  members: string[];
  /** This node was not a member a moment ago: it just started, was silent too long, or Redis lost the set. */
  joined: boolean;
}

export interface Membership {
  /** Marks this node alive now. */
  heartbeat(): Promise<Heartbeat>;
  leave(): Promise<void>;
}

export function createMembership({
  redis,
  key,
  nodeId,
  ttlMs,
}: {
  redis: Redis;
  key: string;
  nodeId: string;
  ttlMs: number;
}): Membership {
  return {
    async heartbeat() {
      const [added, members] = (await heartbeatScript(redis, [key], [nodeId, ttlMs])) as [number, string[]];
      // By id, not by heartbeat time: callers compare member lists.
      return { members: [...members].sort(), joined: added === 1 };
    },
    async leave() {
      await redis.zrem(key, nodeId);
    },
  };
}
