/** /api/v1/conversations through real HTTP on a running Noor (no LLM key: holding replies). */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { holdingReplies } from "../../../src/runtime/index.ts";
import { stageIds } from "../../../src/sales/index.ts";
import { eventually } from "../../support/noor-harness.ts";
import { type AdminWorld, startAdminWorld } from "./admin-world.ts";

let world: AdminWorld;
beforeEach(async () => {
  world = await startAdminWorld();
});
afterEach(() => world.stop());

const contractFields = [
  "id",
  "chatId",
  "channelId",
  "chatType",
  "customerName",
  "companyName",
  "email",
  "language",
  "salesStage",
  "status",
  "createdAt",
  "updatedAt",
].sort();

/** Three chats, each answered before the next starts: English (handoff), Arabic (handoff), a voice note (active). */
async function threeChats() {
  const en = await world.customerWrites("971500000001", "Hello, I need office chairs");
  await world.wazzup.waitForSent(1);
  const ar = await world.customerWrites("971500000002", "مرحبا، أحتاج مكاتب");
  await world.wazzup.waitForSent(2);
  const voice = await world.customerSendsVoiceNote("971500000003");
  await world.wazzup.waitForSent(3);
  return { en, ar, voice };
}

describe("GET /api/v1/conversations", () => {
  test("lists newest activity first with exactly the contract's fields and ISO times", async () => {
    const { en, ar, voice } = await threeChats();
    const list = await world.get("/api/v1/conversations");
    expect(list).toMatchObject({ total: 3, page: 1, perPage: 20 });
    expect(list.items.map((c: { id: string }) => c.id)).toEqual([voice, ar, en]);
    for (const item of list.items) {
      expect(Object.keys(item).sort()).toEqual(contractFields);
      expect(new Date(item.createdAt).toISOString()).toBe(item.createdAt);
      expect(new Date(item.updatedAt).toISOString()).toBe(item.updatedAt);
    }
    expect(list.items[1]).toMatchObject({
      chatId: "971500000002",
      language: "ar",
      status: "handoff",
      salesStage: "greeting",
    });
  });

  test("filters by status, language, stage and part of the phone number", async () => {
    const { en, ar, voice } = await threeChats();
    await world.send("PATCH", `/api/v1/conversations/${ar}`, { salesStage: "quoting" });
    const ids = async (query: string) =>
      (await world.get(`/api/v1/conversations?${query}`)).items.map((c: { id: string }) => c.id);
    expect(await ids("status=active")).toEqual([voice]);
    expect(await ids("status=handoff")).toEqual([ar, en]);
    expect(await ids("status=closed")).toEqual([]);
    expect(await ids("language=ar")).toEqual([ar]);
    expect(await ids("stage=quoting")).toEqual([ar]);
    expect(await ids("stage=greeting&status=handoff")).toEqual([en]);
    expect(await ids("phone=00003")).toEqual([voice]);
    expect(await ids("phone=%2B9715000")).toEqual([voice, ar, en]);
    expect((await world.get("/api/v1/conversations?phone=999999")).total).toBe(0);
  });

  test("pages with page (1-based) and perPage, total counting every match", async () => {
    const { en, ar, voice } = await threeChats();
    const first = await world.get("/api/v1/conversations?perPage=2");
    expect(first).toMatchObject({ total: 3, page: 1, perPage: 2 });
    expect(first.items.map((c: { id: string }) => c.id)).toEqual([voice, ar]);
    const second = await world.get("/api/v1/conversations?perPage=2&page=2");
    expect(second).toMatchObject({ total: 3, page: 2, perPage: 2 });
    expect(second.items.map((c: { id: string }) => c.id)).toEqual([en]);
    expect((await world.get("/api/v1/conversations?perPage=2&page=3")).items).toEqual([]);
    expect((await world.get("/api/v1/conversations?perPage=100")).items).toHaveLength(3);
  });

  test.each([
    ["status=bogus", "/status"],
    ["language=fr", "/language"],
    ["stage=negotiation", "/stage"],
    ["page=0", null],
    ["page=abc", "/page"],
    ["perPage=101", null],
    ["perPage=0", null],
    ["perPage=2.5", "/perPage"],
  ])("?%s is 422 invalid", async (query, path) => {
    const { status, body } = await world.send("GET", `/api/v1/conversations?${query}`);
    expect(status).toBe(422);
    expect(body.error.code).toBe("invalid");
    expect(body.error.message).toBeString();
    if (path) expect(body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
  });
});

describe("GET /api/v1/conversations/:id", () => {
  test("gives the conversation with its messages oldest first", async () => {
    const id = await world.customerWrites("971500000011", "Hi there");
    await world.wazzup.waitForSent(1);
    // Wazzup has the reply; marking it sent in the store follows a moment later.
    const detail = await eventually(async () => {
      const d = await world.get(`/api/v1/conversations/${id}`);
      return d.messages?.[1]?.deliveryStatus === "sent" ? d : null;
    });
    expect(detail).toMatchObject({ id, chatId: "971500000011", status: "handoff", cost: 0 });
    expect(detail.messages.map((m: { role: string; text: string }) => [m.role, m.text])).toEqual([
      ["user", "Hi there"],
      ["assistant", holdingReplies.handoff.en],
    ]);
    const [user, reply] = detail.messages;
    for (const m of detail.messages) {
      for (const field of ["id", "role", "text", "createdAt", "model", "tokensIn", "tokensOut", "cost"]) {
        expect(m).toHaveProperty(field);
      }
    }
    expect(Date.parse(user.createdAt)).toBeLessThanOrEqual(Date.parse(reply.createdAt));
    expect(reply.deliveryStatus).toBe("sent");
  });

  test("an unknown id is 404 not_found", async () => {
    const { status, body } = await world.send(
      "GET",
      "/api/v1/conversations/01900000-0000-7000-8000-000000000000",
    );
    expect(status).toBe(404);
    expect(body.error).toMatchObject({
      code: "not_found",
      message: expect.stringContaining("no conversation"),
    });
  });
});

describe("PATCH /api/v1/conversations/:id", () => {
  test("a stage change is an override delivered to the live actor and kept in its stage history", async () => {
    const id = await world.customerWrites("971500000021", "Hello");
    await world.wazzup.waitForSent(1);
    const before = Date.now();
    const { status, body } = await world.send("PATCH", `/api/v1/conversations/${id}`, {
      salesStage: "company_details",
    });
    expect(status).toBe(200);
    expect(body.salesStage).toBe("company_details");
    const actor = world.noor.noor.runtime.registry.get("971500000021")!;
    expect(actor.snapshot().context.stage).toBe("company_details");
    expect(actor.snapshot().value).toMatchObject({ sales: "company_details" });
    const last = actor.snapshot().context.stageHistory.at(-1)!;
    expect(last).toMatchObject({ stage: "company_details", by: "admin" });
    expect(last.at).toBeGreaterThanOrEqual(before);
    // Any stage, guards aside: straight to closing, then back to greeting.
    await world.send("PATCH", `/api/v1/conversations/${id}`, { salesStage: "closing" });
    const back = await world.send("PATCH", `/api/v1/conversations/${id}`, { salesStage: "greeting" });
    expect(back.body.salesStage).toBe("greeting");
    expect(actor.snapshot().context.stageHistory.map((h) => h.stage)).toEqual([
      "company_details",
      "closing",
      "greeting",
    ]);
    expect((await world.noor.noor.store.conversations.get(id))?.salesStage).toBe("greeting");
  });

  test("a stage change reaches a passivated chat: it is rehydrated and the override applied", async () => {
    const id = await world.customerWrites("971500000022", "Hello");
    await world.wazzup.waitForSent(1);
    await world.noor.noor.runtime.registry.passivateAll();
    expect(world.noor.noor.runtime.registry.get("971500000022")).toBeUndefined();
    const { body } = await world.send("PATCH", `/api/v1/conversations/${id}`, { salesStage: "solution" });
    expect(body.salesStage).toBe("solution");
    expect(world.noor.noor.runtime.registry.get("971500000022")?.snapshot().context.stage).toBe("solution");
  });

  test("status maps to actor commands: active resumes, handoff hands over, closed ends the conversation", async () => {
    const id = await world.customerWrites("971500000023", "Hello");
    await world.wazzup.waitForSent(1);
    const registry = world.noor.noor.runtime.registry;
    expect((await world.send("PATCH", `/api/v1/conversations/${id}`, { status: "active" })).body.status).toBe(
      "active",
    );
    expect(registry.get("971500000023")?.snapshot().value).toMatchObject({ inbox: "idle" });
    expect(
      (await world.send("PATCH", `/api/v1/conversations/${id}`, { status: "handoff" })).body.status,
    ).toBe("handoff");
    expect(registry.get("971500000023")?.snapshot().value).toMatchObject({ inbox: "handoff" });
    const closed = await world.send("PATCH", `/api/v1/conversations/${id}`, { status: "closed" });
    expect(closed.body.status).toBe("closed");
    expect(registry.get("971500000023")).toBeUndefined();
    // The customer's next message opens a new conversation.
    const next = await world.customerWrites("971500000023", "Me again");
    expect(next).not.toBe(id);
  });

  test("customerName is a plain field; null clears it", async () => {
    const id = await world.customerWrites("971500000024", "Hello");
    const named = await world.send("PATCH", `/api/v1/conversations/${id}`, {
      customerName: "Fatima Al Mansoori",
    });
    expect(named).toMatchObject({ status: 200, body: { customerName: "Fatima Al Mansoori" } });
    const cleared = await world.send("PATCH", `/api/v1/conversations/${id}`, { customerName: null });
    expect(cleared.body.customerName).toBeNull();
  });

  test("a closed conversation takes a name but no stage or status change (409)", async () => {
    const id = await world.customerWrites("971500000025", "Hello");
    await world.send("PATCH", `/api/v1/conversations/${id}`, { status: "closed" });
    for (const body of [{ salesStage: "quoting" }, { status: "active" }, { status: "handoff" }]) {
      const res = await world.send("PATCH", `/api/v1/conversations/${id}`, body);
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ code: "conflict", message: expect.stringContaining("closed") });
    }
    expect((await world.send("PATCH", `/api/v1/conversations/${id}`, { customerName: "Omar" })).status).toBe(
      200,
    );
    expect((await world.send("POST", `/api/v1/conversations/${id}/resume`)).status).toBe(409);
    expect((await world.send("POST", `/api/v1/conversations/${id}/messages`, { text: "hi" })).status).toBe(
      409,
    );
  });

  test.each([
    [{}, null],
    [{ unknownField: 1 }, null],
    [{ salesStage: "negotiation" }, "/salesStage"],
    [{ status: "paused" }, "/status"],
    [{ customerName: "" }, "/customerName"],
    [{ customerName: 42 }, "/customerName"],
  ])("body %j is 422 invalid", async (patch, path) => {
    const id = await world.customerWrites("971500000026", "Hello");
    const { status, body } = await world.send("PATCH", `/api/v1/conversations/${id}`, patch);
    expect(status).toBe(422);
    expect(body.error.code).toBe("invalid");
    if (path) expect(body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
  });

  test("an unknown id is 404", async () => {
    expect((await world.send("PATCH", "/api/v1/conversations/nope", { salesStage: "quoting" })).status).toBe(
      404,
    );
  });

  test("every stage of the chart is accepted", async () => {
    const id = await world.customerWrites("971500000027", "Hello");
    for (const stage of [...stageIds].reverse()) {
      expect(
        (await world.send("PATCH", `/api/v1/conversations/${id}`, { salesStage: stage })).body.salesStage,
      ).toBe(stage);
    }
  });
});

describe("POST /api/v1/conversations/:id/handoff and /resume", () => {
  test("handoff silences the bot; resume lets it answer what came in meanwhile", async () => {
    // A voice note gets an answer and the bot stays on: the chat is live.
    const id = await world.customerSendsVoiceNote("971500000031");
    await world.wazzup.waitForSent(1);
    expect((await world.get(`/api/v1/conversations/${id}`)).status).toBe("active");

    const handed = await world.send("POST", `/api/v1/conversations/${id}/handoff`, {
      reason: "VIP customer",
    });
    expect(handed).toMatchObject({ status: 200, body: { id, status: "handoff" } });
    expect((await world.noor.noor.store.conversations.get(id))?.handoffReason).toBe("VIP customer");

    await world.customerSendsVoiceNote("971500000031");
    await Bun.sleep(400); // several debounce periods
    expect(world.wazzup.sent).toHaveLength(1);
    expect(await world.noor.noor.store.messages.unanswered(id)).toHaveLength(1);

    const resumed = await world.send("POST", `/api/v1/conversations/${id}/resume`);
    expect(resumed).toMatchObject({ status: 200, body: { status: "active" } });
    const sent = await world.wazzup.waitForSent(2);
    expect(sent[1]?.text).toBe(holdingReplies.voiceNote.en);
    await eventually(async () => (await world.noor.noor.store.messages.unanswered(id)).length === 0);
  });

  test("handoff needs no body; an unknown id is 404", async () => {
    const id = await world.customerSendsVoiceNote("971500000032");
    const res = await world.noor.admin(`/api/v1/conversations/${id}/handoff`, {
      method: "POST",
      headers: {},
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe("handoff");
    expect((await world.send("POST", "/api/v1/conversations/nope/handoff", {})).status).toBe(404);
    expect((await world.send("POST", "/api/v1/conversations/nope/resume")).status).toBe(404);
  });
});
