/** /api/v1/deliveries: a part Wazzup refused for good, listed, then resent. */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { holdingReplies } from "../../../src/runtime/index.ts";
import { eventually } from "../../support/noor-harness.ts";
import { type AdminWorld, startAdminWorld } from "./admin-world.ts";

let world: AdminWorld;
beforeEach(async () => {
  world = await startAdminWorld();
});
afterEach(() => world.stop());

test("a refused reply is listed as failed, resent on request, and then delivered", async () => {
  world.wazzup.respondNext({ status: 400, error: "CHAT_NOT_FOUND", description: "No such chat" });
  const conversationId = await world.customerWrites("971500000071", "Hello");
  const failed = await eventually(async () => {
    const { items } = await world.get("/api/v1/deliveries/failed");
    return items.length === 1 ? items[0] : null;
  });
  expect(failed).toMatchObject({
    conversationId,
    chatId: "971500000071",
    part: 0,
    text: holdingReplies.handoff.en,
    status: "failed",
    attempts: 1,
    sentAt: null,
  });
  expect(failed.lastError).toContain("CHAT_NOT_FOUND");
  expect(world.wazzup.sent).toHaveLength(0);

  const { status, body } = await world.send("POST", `/api/v1/deliveries/${failed.id}/resend`);
  expect(status).toBe(200);
  expect(body).toMatchObject({ id: failed.id, status: "pending", attempts: 0, lastError: null });
  const [sent] = await world.wazzup.waitForSent(1);
  expect(sent?.text).toBe(holdingReplies.handoff.en);
  await eventually(async () => {
    const messages = (await world.get(`/api/v1/conversations/${conversationId}`)).messages;
    return messages.at(-1).deliveryStatus === "sent";
  });
  expect((await world.get("/api/v1/deliveries/failed")).items).toEqual([]);

  // Only a failed part can be resent.
  const again = await world.send("POST", `/api/v1/deliveries/${failed.id}/resend`);
  expect(again.status).toBe(409);
  expect(again.body.error.message).toContain("only failed deliveries");
});

test("resending an unknown delivery is 404; a bad limit is 422", async () => {
  expect((await world.send("POST", "/api/v1/deliveries/nope/resend")).status).toBe(404);
  for (const limit of ["0", "501", "x"]) {
    expect((await world.send("GET", `/api/v1/deliveries/failed?limit=${limit}`)).status).toBe(422);
  }
  expect((await world.get("/api/v1/deliveries/failed?limit=5")).items).toEqual([]);
});
