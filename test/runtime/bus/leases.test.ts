/** Leases on the real Redis: take, extend, free, and never touch a lease another token holds. */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { createLeases } from "../../../src/runtime/bus/leases.ts";
import { type TestRedis, testRedis } from "../../support/cluster.ts";

let t: TestRedis;
beforeEach(async () => {
  t = await testRedis();
});
afterEach(async () => {
  await t.cleanup();
});

describe("leases (Lua compare-and-set)", () => {
  test("a free key is taken with a TTL; another token cannot take, renew or free it", async () => {
    const [a, b] = [
      createLeases({ redis: t.redis, token: "A" }),
      createLeases({ redis: t.redis, token: "B" }),
    ];
    const key = `${t.prefix}lease:0`;
    expect(await a.claim([key], 5000)).toEqual([true]);
    expect(await t.redis.get(key)).toBe("A");
    const ttl = await t.redis.pttl(key);
    expect(ttl).toBeGreaterThan(4000);
    expect(ttl).toBeLessThanOrEqual(5000);

    expect(await b.claim([key], 5000)).toEqual([false]);
    expect(await b.renew([key], 5000)).toEqual([false]);
    expect(await b.release([key])).toEqual([false]);
    expect(await t.redis.get(key)).toBe("A");
  });

  test("the holder extends and frees its lease; claiming again is an extension", async () => {
    const a = createLeases({ redis: t.redis, token: "A" });
    const key = `${t.prefix}lease:1`;
    await a.claim([key], 1000);
    expect(await a.renew([key], 60_000)).toEqual([true]);
    expect(await t.redis.pttl(key)).toBeGreaterThan(50_000);
    expect(await a.claim([key], 30_000)).toEqual([true]);
    expect(await t.redis.pttl(key)).toBeLessThanOrEqual(30_000);
    expect(await a.release([key])).toEqual([true]);
    expect(await t.redis.exists(key)).toBe(0);
  });

  test("an expired lease is lost: the old holder's renew fails and it cannot free the new holder's lease", async () => {
    const [a, b] = [
      createLeases({ redis: t.redis, token: "A" }),
      createLeases({ redis: t.redis, token: "B" }),
    ];
    const key = `${t.prefix}lease:2`;
    await a.claim([key], 60);
    await Bun.sleep(100);
    expect(await b.claim([key], 5000)).toEqual([true]);
    expect(await a.renew([key], 5000)).toEqual([false]);
    expect(await a.release([key])).toEqual([false]);
    expect(await t.redis.get(key)).toBe("B");
  });

  test("many keys in one step, each answered on its own", async () => {
    const [a, b] = [
      createLeases({ redis: t.redis, token: "A" }),
      createLeases({ redis: t.redis, token: "B" }),
    ];
    const keys = [0, 1, 2, 3].map((i) => `${t.prefix}lease:m${i}`);
    await b.claim([keys[1]!, keys[3]!], 5000);
    expect(await a.claim(keys, 5000)).toEqual([true, false, true, false]);
    expect(await a.renew(keys, 5000)).toEqual([true, false, true, false]);
    expect(await a.release(keys)).toEqual([true, false, true, false]);
    expect(await a.claim([], 5000)).toEqual([]);
  });
});
