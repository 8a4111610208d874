import { afterEach, describe, expect, test } from "bun:test";
import { createRateLimiter, createZohoClient } from "../../../src/integrations/zoho/index.ts";
import { createFakeZoho, type FakeZoho } from "../../support/fake-zoho.ts";
import { createSimulatedClock, until } from "./simulated-clock.ts";

let fake: FakeZoho | undefined;
afterEach(() => fake?.stop());

/** Lets every pending promise continuation run. */
const flush = () => Bun.sleep(0);

/** The most requests any rolling window of `windowMs` holds. */
function busiestWindow(times: number[], windowMs: number): number {
  return Math.max(0, ...times.map((t) => times.filter((u) => u > t - windowMs && u <= t).length));
}

describe("createRateLimiter", () => {
  test("lets maxRequests through at once, then reserves the next free slot for each caller in order", async () => {
    const clock = createSimulatedClock({ autoAdvance: false });
    const limiter = createRateLimiter({
      maxRequests: 3,
      windowMs: 1_000,
      now: clock.now,
      sleep: clock.sleep,
    });
    const started: number[] = [];
    const calls = Array.from({ length: 7 }, (_, i) => limiter.acquire().then(() => started.push(i)));
    await flush();
    expect(started).toEqual([0, 1, 2]);
    expect(clock.sleeps).toEqual([1_000, 1_000, 1_000, 2_000]);
    clock.advance(1_000);
    await flush();
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    clock.advance(1_000);
    await Promise.all(calls);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  test("refuses a caller whose wait would exceed the bound, without taking a slot", async () => {
    const clock = createSimulatedClock();
    const limiter = createRateLimiter({ maxRequests: 1, windowMs: 10_000, maxWaitMs: 5_000, now: clock.now });
    await limiter.acquire();
    const error = await limiter.acquire().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "rate_limited", retryable: false, retryAfterMs: 10_000 });
    clock.advance(10_000);
    await limiter.acquire();
  });

  test("rejects a nonsensical limit", () => {
    expect(() => createRateLimiter({ maxRequests: 0 })).toThrow(RangeError);
  });
});

describe("ZohoClient request limit", () => {
  test("a burst of 12 calls stays under 5 per rolling minute and Zoho never answers 429", async () => {
    const clock = createSimulatedClock({ autoAdvance: false });
    fake = createFakeZoho({ now: clock.now, maxRequestsPerMinute: 5 });
    fake.loadDemoCatalog();
    const client = createZohoClient({
      ...fake.clientOptions,
      maxRequestsPerMinute: 5,
      now: clock.now,
      sleep: clock.sleep,
    });
    const skus = [
      "1001",
      "1002",
      "1003",
      "1004",
      "1005",
      "1006",
      "1007",
      "1008",
      "1009",
      "1010",
      "1011",
      "1012",
    ];
    const burst = Promise.all(skus.map((n) => client.getStockBySku(`TJ-CHR-${n}`)));
    const served = () => fake!.apiRequests.length;

    await until(() => served() === 5 && clock.pendingTimers === 7);
    clock.advance(60_000);
    await until(() => served() === 10 && clock.pendingTimers === 2);
    clock.advance(60_000);
    const results = await burst;

    expect(results.map((r) => r?.sku)).toEqual(skus.map((n) => `TJ-CHR-${n}`));
    expect(fake.apiRequests.map((r) => r.status).every((s) => s === 200)).toBe(true);
    expect(
      busiestWindow(
        fake.apiRequests.map((r) => r.at),
        60_000,
      ),
    ).toBe(5);
    expect(fake.refreshCount).toBe(1);
  });
});
