/** /api/v1/stats over real traffic. */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { stageIds } from "../../../src/sales/index.ts";
import { type AdminWorld, startAdminWorld } from "./admin-world.ts";

let world: AdminWorld;
beforeEach(async () => {
  world = await startAdminWorld();
});
afterEach(() => world.stop());

const today = () => new Date().toISOString().slice(0, 10);

test("counts conversations by stage and status, messages per day, and response times", async () => {
  await world.customerWrites("971500000081", "Hello");
  await world.customerWrites("971500000081", "I need desks");
  await world.wazzup.waitForSent(1);
  const voice = await world.customerSendsVoiceNote("971500000082");
  await world.wazzup.waitForSent(2);
  await world.send("PATCH", `/api/v1/conversations/${voice}`, { salesStage: "solution" });

  const stats = await world.get("/api/v1/stats");
  expect(Object.keys(stats.conversationsByStage)).toEqual([...stageIds]);
  expect(stats.conversationsByStage).toMatchObject({ greeting: 1, solution: 1, quoting: 0 });
  expect(stats.conversationsByStatus).toEqual({ active: 1, handoff: 1, closed: 0 });
  const day = today();
  expect(stats.messagesPerDay).toEqual(
    expect.arrayContaining([
      { day, role: "user", count: 3 },
      { day, role: "assistant", count: 2 },
    ]),
  );
  expect(stats.costPerDay).toEqual([]);
  expect(stats.responseTimeMs.count).toBe(2);
  // The debounce (100 ms in the harness) is part of every wait.
  expect(stats.responseTimeMs.median).toBeGreaterThanOrEqual(100);
  expect(stats.responseTimeMs.p95).toBeGreaterThanOrEqual(stats.responseTimeMs.median);
  expect(Date.parse(stats.to) - Date.parse(stats.from)).toBe(30 * 86_400_000);
});

test("from/to bound the per-day figures", async () => {
  await world.customerWrites("971500000083", "Hello");
  await world.wazzup.waitForSent(1);
  const past = await world.get("/api/v1/stats?from=2020-01-01&to=2020-02-01T00:00:00Z");
  expect(past).toMatchObject({ from: "2020-01-01T00:00:00.000Z", to: "2020-02-01T00:00:00.000Z" });
  expect(past.messagesPerDay).toEqual([]);
  expect(past.responseTimeMs).toEqual({ count: 0, median: null, p95: null });
  // Conversation counts are a snapshot of now, whatever the range.
  expect(past.conversationsByStatus.handoff).toBe(1);
});

test.each(["from=yesterday", "to=2020-13-45", "from=2021-01-02&to=2021-01-01"])(
  "?%s is 422",
  async (query) => {
    const { status, body } = await world.send("GET", `/api/v1/stats?${query}`);
    expect(status).toBe(422);
    expect(body.error.code).toBe("invalid");
  },
);
