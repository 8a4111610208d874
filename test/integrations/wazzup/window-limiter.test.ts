import { expect, test } from "bun:test";
import { createWindowLimiter } from "../../../src/integrations/wazzup/window-limiter.ts";

/** A clock that only moves when the limiter sleeps (after letting released callers run). */
function simulatedClock() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      await new Promise((resolve) => setImmediate(resolve));
      now += ms;
    },
  };
}

test("lets `max` callers start per window and queues the rest, in call order", async () => {
  const clock = simulatedClock();
  const limiter = createWindowLimiter({ max: 3, windowMs: 1000, ...clock });
  const started: { caller: number; at: number }[] = [];
  await Promise.all(
    Array.from({ length: 7 }, (_, caller) =>
      limiter.acquire().then(() => started.push({ caller, at: clock.now() })),
    ),
  );
  expect(started).toEqual([
    { caller: 0, at: 0 },
    { caller: 1, at: 0 },
    { caller: 2, at: 0 },
    { caller: 3, at: 1000 },
    { caller: 4, at: 1000 },
    { caller: 5, at: 1000 },
    { caller: 6, at: 2000 },
  ]);
});

test("never lets more than `max` starts into any window-long interval", async () => {
  const clock = simulatedClock();
  const limiter = createWindowLimiter({ max: 4, windowMs: 500, ...clock });
  const starts: number[] = [];
  for (let wave = 0; wave < 5; wave++) {
    await Promise.all(
      Array.from({ length: 3 + wave }, () => limiter.acquire().then(() => starts.push(clock.now()))),
    );
    await clock.sleep(120);
  }
  expect(starts).toHaveLength(3 + 4 + 5 + 6 + 7);
  for (const t of starts) {
    expect(starts.filter((s) => s >= t && s < t + 500).length).toBeLessThanOrEqual(4);
  }
});

test("an aborted waiter leaves the queue and does not use a slot", async () => {
  const clock = simulatedClock();
  const limiter = createWindowLimiter({ max: 1, windowMs: 1000, ...clock });
  await limiter.acquire();
  const controller = new AbortController();
  const aborted = limiter.acquire(controller.signal);
  const next = limiter.acquire();
  expect(limiter.queued).toBe(2);
  controller.abort(new Error("gone"));
  await expect(aborted).rejects.toThrow("gone");
  await next;
  expect(clock.now()).toBe(1000);
  expect(limiter.queued).toBe(0);
});

test("refuses new callers beyond maxQueued with a retryable error saying when a slot frees", async () => {
  const clock = simulatedClock();
  const never = () => new Promise<void>(() => {});
  const limiter = createWindowLimiter({ max: 1, windowMs: 1000, maxQueued: 1, now: clock.now, sleep: never });
  await limiter.acquire();
  void limiter.acquire();
  const refused = await limiter.acquire().catch((e: unknown) => e);
  expect(refused).toMatchObject({
    kind: "rate_limited",
    code: "CLIENT_QUEUE_FULL",
    retryable: true,
    retryAfterMs: 1000,
  });
});
