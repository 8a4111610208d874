import { expect, test } from "bun:test";
import { createLanes } from "../../../src/runtime/bus/chat-lanes.ts";

test("a lane runs its tasks in order; lanes run concurrently; in-flight counts per group settle to zero", async () => {
  const lanes = createLanes<string>({ onError: () => {} });
  const log: string[] = [];
  const gate = Promise.withResolvers<void>();
  lanes.run("chat-a", "shard-1", async () => {
    await gate.promise;
    log.push("a1");
  });
  lanes.run("chat-a", "shard-1", async () => void log.push("a2"));
  lanes.run("chat-b", "shard-2", async () => void log.push("b1"));
  expect(lanes.inFlight()).toBe(3);
  expect(lanes.inFlight("shard-1")).toBe(2);
  await lanes.settled();
  expect(log).toEqual(["b1"]);
  expect(lanes.inFlight("shard-2")).toBe(0);
  gate.resolve();
  while (lanes.inFlight() > 0) await lanes.settled();
  expect(log).toEqual(["b1", "a1", "a2"]);
});

test("a task that throws is reported and does not stop its lane", async () => {
  const errors: unknown[] = [];
  const lanes = createLanes<number>({ onError: (e) => errors.push(e) });
  const log: string[] = [];
  lanes.run("chat", 0, async () => {
    throw new Error("boom");
  });
  lanes.run("chat", 0, async () => void log.push("next"));
  while (lanes.inFlight() > 0) await lanes.settled();
  expect(log).toEqual(["next"]);
  expect(errors).toHaveLength(1);
});
