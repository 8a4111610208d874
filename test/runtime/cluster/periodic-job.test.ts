/** A periodic job tried by three nodes runs on one of them per period, never twice at once. */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { silentLogger } from "../../../src/log.ts";
import { createRedisJobLock } from "../../../src/runtime/cluster/job-lock.ts";
import { type PeriodicJob, schedulePeriodicJob } from "../../../src/runtime/cluster/periodic-job.ts";
import { type TestRedis, testRedis } from "../../support/cluster.ts";
import { eventually } from "../../support/noor-harness.ts";

let t: TestRedis;
let jobs: PeriodicJob[] = [];
beforeEach(async () => {
  t = await testRedis();
});
afterEach(async () => {
  await Promise.all(jobs.map((j) => j.stop()));
  jobs = [];
  await t.cleanup();
});

function schedule(node: string, everyMs: number, run: (node: string, signal: AbortSignal) => Promise<void>) {
  const job = schedulePeriodicJob({
    lock: createRedisJobLock({ redis: t.redis, owner: node, logger: silentLogger, keyPrefix: t.prefix }),
    name: "catalog-sync",
    everyMs,
    ttlMs: 1000,
    run: (signal) => run(node, signal),
    logger: silentLogger,
  });
  jobs.push(job);
  return job;
}

test("three nodes try every period; one runs it, the others skip until the period is over", async () => {
  const runs: string[] = [];
  const [a, b, c] = ["a", "b", "c"].map((n) => schedule(n, 60_000, async (node) => void runs.push(node)));
  expect(await a!.runNow()).toBe(true);
  expect(await b!.runNow()).toBe(false);
  expect(await c!.runNow()).toBe(false);
  expect(await a!.runNow()).toBe(false);
  expect(runs).toEqual(["a"]);
});

test("the timer runs it about once per period across nodes, never two at once", async () => {
  let running = 0;
  let overlap = false;
  const runs: string[] = [];
  for (const n of ["a", "b", "c"]) {
    schedule(n, 150, async (node) => {
      running++;
      overlap ||= running > 1;
      runs.push(node);
      await Bun.sleep(20);
      running--;
    });
  }
  await eventually(() => runs.length >= 4, { timeoutMs: 3000 });
  expect(overlap).toBe(false);
});

test("stop aborts a run in progress and waits for it", async () => {
  let aborted = false;
  const job = schedule("a", 60_000, async (_node, signal) => {
    await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
    aborted = true;
  });
  const ran = job.runNow();
  await Bun.sleep(50);
  await job.stop();
  expect(aborted).toBe(true);
  expect(await ran).toBe(true);
  jobs = [];
});
