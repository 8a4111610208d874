/** Job locks: the Redis lock on the real server (a key prefix per test) and the embedded local lock. */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { silentLogger } from "../../../src/log.ts";
import { redisKeys } from "../../../src/runtime/bus/redis-keys.ts";
import {
  createLocalJobLock,
  createRedisJobLock,
  type JobLock,
} from "../../../src/runtime/cluster/job-lock.ts";
import { type TestRedis, testRedis } from "../../support/cluster.ts";
import { eventually } from "../../support/noor-harness.ts";

let t: TestRedis;
beforeEach(async () => {
  t = await testRedis();
});
afterEach(async () => {
  await t.cleanup();
});

const redisLock = (owner: string) =>
  createRedisJobLock({ redis: t.redis, owner, logger: silentLogger, keyPrefix: t.prefix });

/** Starts a job that runs until released; resolves once it is running (or refused). */
function hold(lock: JobLock, job: { name: string; ttlMs: number; holdMs?: number }) {
  let release: () => void = () => {};
  let signal: AbortSignal | undefined;
  const started = Promise.withResolvers<void>();
  const run = lock.runExclusive(job, (s) => {
    signal = s;
    started.resolve();
    return new Promise<string>((resolve) => {
      release = () => resolve("done");
    });
  });
  void run.then(() => started.resolve());
  return { run, started: started.promise, release: () => release(), signal: () => signal };
}

for (const [kind, make] of [
  ["redis", redisLock],
  ["local", () => createLocalJobLock()],
] as const) {
  describe(`${kind} job lock`, () => {
    test("one run at a time per job name; the next may run once it ended", async () => {
      const lock = make("node-a");
      const other = kind === "redis" ? make("node-b") : lock;
      const first = hold(lock, { name: "catalog-sync", ttlMs: 5000 });
      await first.started;
      expect(await other.runExclusive({ name: "catalog-sync", ttlMs: 5000 }, async () => "second")).toEqual({
        ran: false,
      });
      expect(
        await other.runExclusive({ name: "outbox-sweep", ttlMs: 5000 }, async () => "other job"),
      ).toEqual({
        ran: true,
        value: "other job",
      });
      first.release();
      expect(await first.run).toEqual({ ran: true, value: "done" });
      expect(await other.runExclusive({ name: "catalog-sync", ttlMs: 5000 }, async () => "now")).toEqual({
        ran: true,
        value: "now",
      });
    });

    test("holdMs keeps the job from running again until the period is over", async () => {
      const lock = make("node-a");
      const other = kind === "redis" ? make("node-b") : lock;
      expect((await lock.runExclusive({ name: "sweep", ttlMs: 5000, holdMs: 300 }, async () => 1)).ran).toBe(
        true,
      );
      expect((await other.runExclusive({ name: "sweep", ttlMs: 5000, holdMs: 300 }, async () => 2)).ran).toBe(
        false,
      );
      await Bun.sleep(350);
      expect((await other.runExclusive({ name: "sweep", ttlMs: 5000, holdMs: 300 }, async () => 3)).ran).toBe(
        true,
      );
    });

    test("a failing job frees the lock and rejects", async () => {
      const lock = make("node-a");
      const failing = lock.runExclusive({ name: "sync", ttlMs: 5000 }, async () => {
        throw new Error("zoho down");
      });
      await expect(failing).rejects.toThrow("zoho down");
      expect((await lock.runExclusive({ name: "sync", ttlMs: 5000 }, async () => 1)).ran).toBe(true);
    });
  });
}

describe("redis job lock across nodes", () => {
  test("the lock is renewed while the job runs longer than its TTL", async () => {
    const a = hold(redisLock("node-a"), { name: "long", ttlMs: 200 });
    await a.started;
    await Bun.sleep(500);
    expect((await redisLock("node-b").runExclusive({ name: "long", ttlMs: 200 }, async () => 1)).ran).toBe(
      false,
    );
    expect(a.signal()?.aborted).toBe(false);
    a.release();
    await a.run;
    expect(await t.redis.exists(redisKeys(t.prefix).lock("long"))).toBe(0);
  });

  test("a lock taken over after it was lost aborts the job's signal", async () => {
    const a = hold(redisLock("node-a"), { name: "sync", ttlMs: 300 });
    await a.started;
    await t.redis.set(redisKeys(t.prefix).lock("sync"), "node-b/1", "PX", 10_000);
    await eventually(() => a.signal()?.aborted === true, { timeoutMs: 2000 });
    a.release();
    await a.run;
    // It never frees a lock that is no longer its own.
    expect(await t.redis.get(redisKeys(t.prefix).lock("sync"))).toBe("node-b/1");
  });

  test("a crashed holder's lock frees itself after the TTL", async () => {
    await t.redis.set(redisKeys(t.prefix).lock("sync"), "crashed-node/1", "PX", 200);
    const lock = redisLock("node-a");
    expect((await lock.runExclusive({ name: "sync", ttlMs: 1000 }, async () => 1)).ran).toBe(false);
    await Bun.sleep(250);
    expect((await lock.runExclusive({ name: "sync", ttlMs: 1000 }, async () => 1)).ran).toBe(true);
  });
});
