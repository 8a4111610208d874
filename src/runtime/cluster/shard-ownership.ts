/**
 * Which shards this node holds. Every tick (LEASE_TTL_MS / 3, at most 1 s):
 *
 * 1. renew every lease held (one Lua step, compare-and-extend); a lease that
 *    is gone or held by another token is *lost*;
 * 2. heartbeat, and learn the live nodes;
 * 3. rendezvous over the live nodes says which shards should be here: a held
 *    shard that now belongs elsewhere is *released* (the bus stops reading it
 *    and persists its chats, then the lease is freed);
 * 4. a shard that should be here is *claimed* (`SET NX PX` in Lua). A node
 *    that has just joined (started, or found itself missing from the set
 *    after a Redis restart) claims only shards that were its own at the last
 *    tick too, for one tick: nodes that start or come back together see each
 *    other first instead of grabbing everything and handing most of it back.
 *
 * Self-fencing: a lease counts as held only until `sentAt + ttl - margin`
 * (sentAt = when the renewal that extended it was sent). When the next
 * renewal could land too late (Redis unreachable, the process paused), the
 * shard is given up locally before it can expire in Redis, so a chat is not
 * live on two nodes in normal operation.
 *
 * The hooks run one at a time, in order: a shard is never handed over while
 * its takeover is still running.
 */
import type Redis from "ioredis";
import type { Logger } from "../../log.ts";
import type { Metrics } from "../../metrics.ts";
import { createLeases } from "../bus/leases.ts";
import type { RedisKeys } from "../bus/redis-keys.ts";
import { shardsOwnedBy } from "../bus/shards.ts";
import { createMembership } from "./membership.ts";

export interface ShardOwnershipHooks {
  /** Leases just taken: make the shards readable and their chats live here. */
  acquired(shards: number[]): Promise<void>;
  /** Leases about to be freed (the shards belong elsewhere now, or shutdown): stop reading, persist the chats. */
  releasing(shards: number[]): Promise<void>;
  /** Leases lost: stop reading and drop the chats without writing (another node may own them already). */
  lost(shards: number[]): Promise<void>;
}

export interface ShardOwnershipOptions {
  redis: Redis;
  keys: RedisKeys;
  nodeId: string;
  /** The lease value: unique per process, so a restarted node never mistakes an old lease for its own. */
  token: string;
  shardCount: number;
  leaseTtlMs: number;
  hooks: ShardOwnershipHooks;
  logger: Logger;
  metrics: Metrics;
  tickMs?: number;
  now?: () => number;
}

export interface ShardOwnership {
  /** Joins the cluster (first heartbeat) and starts ticking; shards are claimed from the next tick on. */
  start(): Promise<void>;
  /** Leaves the cluster, hands every shard over (hooks.releasing), frees the leases. */
  stop(): Promise<void>;
  tick(): Promise<void>;
  /** True while the lease is held with time to spare: only then may the shard's entries be handled. */
  holds(shard: number): boolean;
  held(): number[];
  members(): readonly string[];
  /** Gives shards up locally (their stream lost its consumer group); the next tick takes them over again. */
  reset(shards: number[]): void;
}

interface Held {
  phase: "live" | "releasing";
  validUntil: number;
}

export function createShardOwnership({
  redis,
  keys,
  nodeId,
  token,
  shardCount,
  leaseTtlMs,
  hooks,
  logger,
  metrics,
  tickMs = Math.max(50, Math.min(1000, Math.floor(leaseTtlMs / 3))),
  now = Date.now,
}: ShardOwnershipOptions): ShardOwnership {
  const leases = createLeases({ redis, token });
  const membership = createMembership({ redis, key: keys.nodes, nodeId, ttlMs: leaseTtlMs });
  const margin = Math.max(50, Math.floor(leaseTtlMs / 10));
  const moves = metrics.counter(
    "bus_shard_moves_total",
    "Shard leases acquired, released and lost by this node",
  );
  const held = new Map<number, Held>();
  metrics.gauge("bus_shards_held", "Shard leases this node holds", () => held.size);
  let members: string[] = [];
  let previousDesired = new Set<number>();
  let justJoined = true;
  let stopping = false;
  let timer: Timer | undefined;
  let ticking: Promise<void> | null = null;
  let hookQueue: Promise<void> = Promise.resolve();
  let redisDown = false;

  const leaseKeys = (shards: number[]) => shards.map((s) => keys.lease(s));

  /** Hooks run one after another; a failed hook is logged (and a failed takeover gives the shards up). */
  const enqueue = (what: string, run: () => Promise<void>) => {
    hookQueue = hookQueue.then(run).catch((err) => logger.error(`shard ${what} failed`, { err }));
  };

  const drop = (shards: number[], reason: string) => {
    const gone = shards.filter((s) => held.delete(s));
    if (gone.length === 0) return;
    moves.inc({ kind: "lost" }, gone.length);
    logger.warn("shard leases lost", { shards: gone, reason });
    enqueue("loss", () => hooks.lost(gone));
  };

  const release = (shards: number[]) => {
    for (const s of shards) held.get(s)!.phase = "releasing";
    enqueue("handover", async () => {
      try {
        await hooks.releasing(shards);
      } finally {
        const mine = shards.filter((s) => held.get(s)?.phase === "releasing");
        for (const s of mine) held.delete(s);
        // A failed release is harmless: the lease simply expires.
        await leases
          .release(leaseKeys(mine))
          .catch((err) => logger.warn("could not free shard leases", { err }));
        moves.inc({ kind: "released" }, mine.length);
        logger.info("shards handed over", { shards: mine });
      }
    });
  };

  /** Gives up shards whose lease could expire before the next renewal lands. */
  const fence = () => {
    const deadline = now() + tickMs + margin;
    const expiring = [...held].filter(([, h]) => h.validUntil <= deadline).map(([s]) => s);
    if (expiring.length > 0) drop(expiring, "not renewed in time");
  };

  const renew = async () => {
    const shards = [...held.keys()];
    const sentAt = now();
    const renewed = await leases.renew(leaseKeys(shards), leaseTtlMs);
    const lost: number[] = [];
    shards.forEach((s, i) => {
      const h = held.get(s);
      if (!h) return;
      if (renewed[i]) h.validUntil = sentAt + leaseTtlMs;
      else lost.push(s);
    });
    if (lost.length > 0) drop(lost, "expired or taken");
  };

  const rebalance = async () => {
    const beat = await membership.heartbeat();
    members = beat.members;
    const desired = new Set(shardsOwnedBy({ node: nodeId, nodes: members, shardCount }));
    const giveUp = [...held].filter(([s, h]) => h.phase === "live" && !desired.has(s)).map(([s]) => s);
    if (giveUp.length > 0) release(giveUp);
    // Just (re)joined: the others may not have beaten yet, so claim only what was ours at the last tick too.
    const settled = !beat.joined && !justJoined;
    justJoined = beat.joined;
    const wanted = [...desired].filter((s) => !held.has(s) && (settled || previousDesired.has(s)));
    previousDesired = desired;
    if (wanted.length === 0) return;
    const sentAt = now();
    const claimed = await leases.claim(leaseKeys(wanted), leaseTtlMs);
    const got = wanted.filter((_, i) => claimed[i]);
    if (got.length === 0) return;
    for (const s of got) held.set(s, { phase: "live", validUntil: sentAt + leaseTtlMs });
    moves.inc({ kind: "acquired" }, got.length);
    logger.info("shards acquired", { shards: got, nodes: members.length });
    enqueue("takeover", async () => {
      const still = got.filter((s) => held.get(s)?.phase === "live");
      try {
        await hooks.acquired(still);
      } catch (err) {
        logger.error("shard takeover failed; giving the shards up to retry", { err, shards: still });
        drop(still, "takeover failed");
      }
    });
  };

  const tick = () => {
    ticking ??= (async () => {
      try {
        await renew();
        if (!stopping) await rebalance();
        if (redisDown) logger.info("redis reachable again");
        redisDown = false;
      } catch (err) {
        if (!redisDown) logger.warn("shard lease tick failed (redis unreachable?)", { err });
        redisDown = true;
      } finally {
        fence();
        ticking = null;
      }
    })();
    return ticking;
  };

  return {
    async start() {
      stopping = false;
      await tick();
      timer = setInterval(() => void tick(), tickMs);
    },
    async stop() {
      stopping = true;
      await ticking;
      await membership.leave().catch((err) => logger.warn("could not leave the cluster", { err }));
      const live = [...held].filter(([, h]) => h.phase === "live").map(([s]) => s);
      if (live.length > 0) release(live);
      // Renewals go on (the timer keeps ticking) until the last handover has freed its lease.
      await hookQueue;
      clearInterval(timer);
      await ticking;
    },
    tick,
    holds(shard) {
      const h = held.get(shard);
      return h !== undefined && now() < h.validUntil - margin;
    },
    held: () => [...held.keys()].sort((a, b) => a - b),
    members: () => members,
    reset: (shards) => drop(shards, "stream has no consumer group"),
  };
}
