/**
 * Runs a job on one node at a time. The Redis lock is a lease
 * (`noor:lock:<name>`, value = a token per run) taken with `SET NX PX`,
 * renewed every ttl/3 while the job runs, and freed by compare-and-delete
 * when it ends. The job's signal aborts when the lock is lost (taken after
 * expiry, or not renewable before it would expire), so it can stop writing.
 *
 * `holdMs` keeps the lock until that long after the start even when the job
 * finished sooner: the job then runs at most once per `holdMs` across the
 * cluster (a periodic job tried by every node).
 *
 * The local lock is the embedded deployment's: one process, so exclusivity
 * within it is enough.
 */
import type Redis from "ioredis";
import type { Logger } from "../../log.ts";
import { createLeases } from "../bus/leases.ts";
import { redisKeys } from "../bus/redis-keys.ts";

export interface ExclusiveJob {
  name: string;
  /** Lease time; renewed while the job runs, so a crashed node's lock frees itself after this. */
  ttlMs: number;
  /** Keep the lock until `holdMs` after the start even when the job is done. */
  holdMs?: number;
}

export type ExclusiveRun<T> = { ran: true; value: T } | { ran: false };

export interface JobLock {
  /** Runs `fn` unless the job is already running (or held) elsewhere; Redis errors reject. */
  runExclusive<T>(job: ExclusiveJob, fn: (signal: AbortSignal) => Promise<T>): Promise<ExclusiveRun<T>>;
}

export function createRedisJobLock({
  redis,
  owner,
  logger,
  keyPrefix = "noor:",
}: {
  redis: Redis;
  /** The node id, kept in the lock's value for operators. */
  owner: string;
  logger: Logger;
  keyPrefix?: string;
}): JobLock {
  const keys = redisKeys(keyPrefix);
  return {
    async runExclusive(job, fn) {
      const key = keys.lock(job.name);
      const leases = createLeases({ redis, token: `${owner}/${Bun.randomUUIDv7()}` });
      const startedAt = Date.now();
      const [taken] = await leases.claim([key], job.ttlMs);
      if (!taken) return { ran: false };

      const lost = new AbortController();
      const everyMs = Math.max(50, Math.floor(job.ttlMs / 3));
      let validUntil = startedAt + job.ttlMs;
      const renewer = setInterval(async () => {
        const sentAt = Date.now();
        try {
          const [renewed] = await leases.renew([key], job.ttlMs);
          if (renewed) validUntil = sentAt + job.ttlMs;
          else lost.abort(new Error(`lock ${job.name} was lost`));
        } catch (err) {
          if (Date.now() + everyMs >= validUntil) {
            lost.abort(new Error(`lock ${job.name} could not be renewed`, { cause: err }));
          }
        }
      }, everyMs);
      try {
        return { ran: true, value: await fn(lost.signal) };
      } finally {
        clearInterval(renewer);
        const keepMs = job.holdMs === undefined ? 0 : startedAt + job.holdMs - Date.now();
        await (keepMs > 0 ? leases.renew([key], keepMs) : leases.release([key])).catch((err) =>
          logger.warn("could not free a job lock; it expires by itself", { job: job.name, err }),
        );
      }
    },
  };
}

export function createLocalJobLock({ now = Date.now }: { now?: () => number } = {}): JobLock {
  const heldUntil = new Map<string, number>();
  return {
    async runExclusive(job, fn) {
      if ((heldUntil.get(job.name) ?? 0) > now()) return { ran: false };
      const startedAt = now();
      heldUntil.set(job.name, Number.POSITIVE_INFINITY);
      try {
        return { ran: true, value: await fn(new AbortController().signal) };
      } finally {
        heldUntil.set(job.name, job.holdMs === undefined ? 0 : startedAt + job.holdMs);
      }
    },
  };
}
