/**
 * Every Redis key the scale-out runtime uses, under one prefix (`noor:` by
 * default) so several deployments or tests can share a server.
 */
export interface RedisKeys {
  /** Stream of ChatCommands for one shard. */
  stream(shard: number): string;
  /** Lease of one shard: value = holder's token, PX = lease end. */
  lease(shard: number): string;
  /** Sorted set of live nodes: member = node id, score = last heartbeat (server ms). */
  nodes: string;
  /** Lock of a periodic job. */
  lock(name: string): string;
  /** Stream of entries no handler could apply after every retry. */
  deadLetter: string;
}

/** The consumer group every shard stream is read through. */
export const consumerGroup = "noor";

export function redisKeys(prefix = "noor:"): RedisKeys {
  return {
    stream: (shard) => `${prefix}shard:${shard}`,
    lease: (shard) => `${prefix}lease:${shard}`,
    nodes: `${prefix}nodes`,
    lock: (name) => `${prefix}lock:${name}`,
    deadLetter: `${prefix}dead-letter`,
  };
}
