/** Membership on the real Redis: heartbeats in server time, silent nodes drop out, leaving is immediate. */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { createMembership } from "../../../src/runtime/cluster/membership.ts";
import { type TestRedis, testRedis } from "../../support/cluster.ts";

let t: TestRedis;
beforeEach(async () => {
  t = await testRedis();
});
afterEach(async () => {
  await t.cleanup();
});

test("live nodes are the ones that heartbeat within the TTL; a node that leaves is gone at once", async () => {
  const key = `${t.prefix}nodes`;
  const [a, b, c] = ["a", "b", "c"].map((nodeId) =>
    createMembership({ redis: t.redis, key, nodeId, ttlMs: 300 }),
  );
  expect(await a!.heartbeat()).toEqual({ members: ["a"], joined: true });
  expect(await b!.heartbeat()).toEqual({ members: ["a", "b"], joined: true });
  expect((await c!.heartbeat()).members.sort()).toEqual(["a", "b", "c"]);
  expect(await a!.heartbeat()).toEqual({ members: ["a", "b", "c"], joined: false });

  await c!.leave();
  expect((await a!.heartbeat()).members).toEqual(["a", "b"]);

  // b falls silent; a keeps beating.
  for (let i = 0; i < 4; i++) {
    await Bun.sleep(120);
    await a!.heartbeat();
  }
  expect(await a!.heartbeat()).toEqual({ members: ["a"], joined: false });
  // Back after being dropped, b counts as joining again.
  expect(await b!.heartbeat()).toEqual({ members: ["a", "b"], joined: true });
});
