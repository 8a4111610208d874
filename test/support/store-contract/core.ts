/** Core part of the store contract: settings, conversations, messages, turns, outbox, quotations, stats. */
import { describe, expect, test } from "bun:test";
import type { InboundMessageInput, Store } from "../../../src/store/index.ts";
import type { StoreHarness } from "../store-contract.ts";

let seq = 0;
export const inbound = (over: Partial<InboundMessageInput> = {}): InboundMessageInput => ({
  wazzupMessageId: `wz-${++seq}-${Math.random().toString(36).slice(2)}`,
  channelId: "chan-1",
  chatType: "whatsapp",
  chatId: "971501234567",
  kind: "text",
  text: "Hello",
  contentUri: null,
  sentAt: 1_700_000_000_000,
  ...over,
});

async function answerAll(store: Store, conversationId: string, text = "Hi there", now = Date.now()) {
  const pending = await store.messages.unanswered(conversationId);
  return store.turns.commit({
    conversationId,
    turnId: `turn-${Math.random()}`,
    answeredMessageIds: pending.map((m) => m.id),
    reply: { text, model: "m", tokensIn: 10, tokensOut: 5, cost: 0.001, parts: [{ text }] },
    now,
  });
}

export function coreContract({ makeStore, sameDatabase }: StoreHarness): void {
  describe("settings", () => {
    test("getOrCreate keeps the first value", async () => {
      const store = await makeStore();
      expect(await store.settings.get("k")).toBeNull();
      expect(await store.settings.getOrCreate("k", () => "one")).toBe("one");
      expect(await store.settings.getOrCreate("k", () => "two")).toBe("one");
      expect(await store.settings.get("k")).toBe("one");
    });
  });

  describe("conversations and inbound messages", () => {
    test("the first message opens a conversation in greeting; later ones join it", async () => {
      const store = await makeStore();
      const a = await store.messages.recordInbound(inbound({ text: "hi" }), 1000);
      expect(a.inserted).toBe(true);
      expect(a.conversationCreated).toBe(true);
      expect(a.conversation).toMatchObject({
        salesStage: "greeting",
        status: "active",
        chatId: "971501234567",
      });
      const b = await store.messages.recordInbound(inbound({ text: "again" }), 2000);
      expect(b.conversationCreated).toBe(false);
      expect(b.conversation.id).toBe(a.conversation.id);
      expect(b.conversation.lastInboundAt).toBe(2000);
      expect((await store.messages.list(a.conversation.id)).map((m) => m.text)).toEqual(["hi", "again"]);
    });

    test("a duplicate Wazzup message id is stored once", async () => {
      const store = await makeStore();
      const m = inbound();
      const first = await store.messages.recordInbound(m);
      const again = await store.messages.recordInbound(m);
      expect(again.inserted).toBe(false);
      expect(again.message.id).toBe(first.message.id);
      expect(await store.messages.list(first.conversation.id)).toHaveLength(1);
    });

    test("recordInboundMany stores a batch in one go: one conversation per chat, duplicates reported", async () => {
      const store = await makeStore();
      const repeated = inbound({ chatId: "b1", text: "twice" });
      const results = await store.messages.recordInboundMany(
        [
          inbound({ chatId: "b1", text: "one" }),
          repeated,
          inbound({ chatId: "b2", text: "other" }),
          repeated,
        ],
        7000,
      );
      expect(results.map((r) => r.inserted)).toEqual([true, true, true, false]);
      expect(results.map((r) => r.conversationCreated)).toEqual([true, false, true, false]);
      expect(results[1]!.conversation.id).toBe(results[0]!.conversation.id);
      expect(results[3]!.message.id).toBe(results[1]!.message.id);
      expect((await store.messages.list(results[0]!.conversation.id)).map((m) => m.text)).toEqual([
        "one",
        "twice",
      ]);
      expect((await store.conversations.get(results[2]!.conversation.id))?.lastInboundAt).toBe(7000);
    });

    test("a closed conversation is followed by a new one carrying over what we knew", async () => {
      const store = await makeStore();
      const { conversation } = await store.messages.recordInbound(inbound());
      await store.conversations.update(conversation.id, {
        customerName: "Aisha",
        companyName: "Acme LLC",
        email: "aisha@acme.ae",
        salesStage: "closing",
        status: "closed",
      });
      const next = await store.messages.recordInbound(inbound({ text: "new order" }));
      expect(next.conversationCreated).toBe(true);
      expect(next.conversation.id).not.toBe(conversation.id);
      expect(next.conversation).toMatchObject({
        customerName: "Aisha",
        companyName: "Acme LLC",
        email: "aisha@acme.ae",
        salesStage: "greeting",
        status: "active",
      });
    });

    test("update patches only the given fields and round-trips the snapshot", async () => {
      const store = await makeStore();
      const { conversation } = await store.messages.recordInbound(inbound());
      const snapshot = { value: { inbox: "idle" }, context: { n: 1, list: ["a"] } };
      const updated = await store.conversations.update(conversation.id, { snapshot, language: "ar" }, 5000);
      expect(updated).toMatchObject({ snapshot, language: "ar", salesStage: "greeting", updatedAt: 5000 });
      expect(await store.conversations.update("missing", { status: "closed" })).toBeNull();
    });

    test("list filters, pages and orders by newest activity", async () => {
      const store = await makeStore();
      for (let i = 0; i < 5; i++) {
        const { conversation } = await store.messages.recordInbound(
          inbound({ chatId: `97150000000${i}` }),
          10_000 + i,
        );
        if (i % 2 === 0)
          await store.conversations.update(conversation.id, { status: "handoff", language: "ar" });
      }
      const all = await store.conversations.list({ page: 1, perPage: 2 });
      expect(all.total).toBe(5);
      expect(all.items.map((c) => c.chatId)).toEqual(["971500000004", "971500000003"]);
      const page3 = await store.conversations.list({ page: 3, perPage: 2 });
      expect(page3.items.map((c) => c.chatId)).toEqual(["971500000000"]);
      const handoff = await store.conversations.list({ status: "handoff", page: 1, perPage: 10 });
      expect(handoff.total).toBe(3);
      const byPhone = await store.conversations.list({ phone: "+971 50 000 0003", page: 1, perPage: 10 });
      expect(byPhone.items.map((c) => c.chatId)).toEqual(["971500000003"]);
      const partial = await store.conversations.list({ phone: "0000", page: 1, perPage: 10 });
      expect(partial.total).toBe(5);
      const arGreeting = await store.conversations.list({
        language: "ar",
        stage: "greeting",
        page: 1,
        perPage: 10,
      });
      expect(arGreeting.total).toBe(3);
      expect((await store.conversations.list({ stage: "quoting", page: 1, perPage: 10 })).total).toBe(0);
    });

    test("withUnanswered finds open conversations waiting for a reply", async () => {
      const store = await makeStore();
      const a = await store.messages.recordInbound(inbound({ chatId: "1" }));
      const b = await store.messages.recordInbound(inbound({ chatId: "2" }));
      await answerAll(store, b.conversation.id);
      expect((await store.conversations.withUnanswered()).map((c) => c.id)).toEqual([a.conversation.id]);
    });
  });

  describe("turns", () => {
    test("commit marks the burst answered, stores the reply and queues its parts", async () => {
      const store = await makeStore();
      const one = await store.messages.recordInbound(inbound({ text: "one" }));
      await store.messages.recordInbound(inbound({ text: "two" }));
      const pending = await store.messages.unanswered(one.conversation.id);
      expect(pending.map((m) => m.text)).toEqual(["one", "two"]);
      const result = await store.turns.commit({
        conversationId: one.conversation.id,
        turnId: "t1",
        answeredMessageIds: pending.map((m) => m.id),
        reply: {
          text: "Part A. Part B.",
          model: "deepseek/deepseek-chat",
          tokensIn: 100,
          tokensOut: 20,
          cost: 0.0021,
          parts: [{ text: "Part A." }, { text: "Part B." }],
        },
        conversationPatch: { salesStage: "qualifying", language: "en" },
      });
      if (!result.ok) throw new Error(result.reason);
      expect(result.assistantMessage).toMatchObject({
        role: "assistant",
        turnId: "t1",
        model: "deepseek/deepseek-chat",
        tokensIn: 100,
        tokensOut: 20,
        cost: 0.0021,
        deliveryStatus: "pending",
      });
      expect(result.conversation.salesStage).toBe("qualifying");
      expect(await store.messages.unanswered(one.conversation.id)).toHaveLength(0);
      const claimed = await store.outbox.claimDue({ now: Date.now() + 1, limit: 10, leaseMs: 1000 });
      expect(claimed.map((o) => o.text)).toEqual(["Part A."]);
      expect(claimed[0]).toMatchObject({ chatId: "971501234567", channelId: "chan-1", part: 0, attempts: 1 });
    });

    test("a second commit for the same messages changes nothing", async () => {
      const store = await makeStore();
      const { conversation, message } = await store.messages.recordInbound(inbound());
      const commit = (turnId: string) =>
        store.turns.commit({
          conversationId: conversation.id,
          turnId,
          answeredMessageIds: [message.id],
          reply: { text: turnId, parts: [{ text: turnId }] },
          conversationPatch: { salesStage: turnId === "t1" ? "qualifying" : "closing" },
        });
      expect((await commit("t1")).ok).toBe(true);
      expect(await commit("t2")).toEqual({ ok: false, reason: "already_answered" });
      const messages = await store.messages.list(conversation.id);
      expect(messages.filter((m) => m.role === "assistant").map((m) => m.text)).toEqual(["t1"]);
      expect((await store.conversations.get(conversation.id))?.salesStage).toBe("qualifying");
      expect(await store.outbox.pendingCount()).toBe(1);
    });

    test("a turn that cannot answer every message commits nothing", async () => {
      const store = await makeStore();
      const a = await store.messages.recordInbound(inbound({ text: "a" }));
      const b = await store.messages.recordInbound(inbound({ text: "b" }));
      await store.turns.commit({
        conversationId: a.conversation.id,
        turnId: "first",
        answeredMessageIds: [a.message.id],
        reply: null,
      });
      const result = await store.turns.commit({
        conversationId: a.conversation.id,
        turnId: "second",
        answeredMessageIds: [a.message.id, b.message.id],
        reply: { text: "x", parts: [{ text: "x" }] },
        conversationPatch: { status: "handoff" },
      });
      expect(result).toEqual({ ok: false, reason: "already_answered" });
      expect((await store.messages.unanswered(a.conversation.id)).map((m) => m.text)).toEqual(["b"]);
      expect(await store.outbox.pendingCount()).toBe(0);
      expect((await store.conversations.get(a.conversation.id))?.status).toBe("active");
    });

    test("commit for an unknown conversation is refused", async () => {
      const store = await makeStore();
      expect(
        await store.turns.commit({
          conversationId: "nope",
          turnId: "t",
          answeredMessageIds: [],
          reply: null,
        }),
      ).toEqual({ ok: false, reason: "no_conversation" });
    });

    test("countAssistantSince counts replies in a window", async () => {
      const store = await makeStore();
      const { conversation } = await store.messages.recordInbound(inbound(), 500);
      await answerAll(store, conversation.id, "r1", 1000);
      await store.messages.recordInbound(inbound(), 4000);
      await answerAll(store, conversation.id, "r2", 5000);
      expect(await store.messages.countAssistantSince(conversation.id, 0)).toBe(2);
      expect(await store.messages.countAssistantSince(conversation.id, 2000)).toBe(1);
      expect((await store.messages.recent(conversation.id, 2)).map((m) => m.text)).toEqual(["Hello", "r2"]);
    });
  });

  describe("outbox", () => {
    test("parts of one chat go out in order; other chats are not held up", async () => {
      const store = await makeStore();
      const a = await store.messages.recordInbound(inbound({ chatId: "a" }));
      const b = await store.messages.recordInbound(inbound({ chatId: "b" }));
      await store.messages.addOutgoing({
        conversationId: a.conversation.id,
        role: "assistant",
        text: "a1 a2",
        parts: [{ text: "a1" }, { text: "a2" }],
        now: 100,
      });
      await store.messages.addOutgoing({
        conversationId: b.conversation.id,
        role: "operator",
        text: "b1",
        parts: [{ text: "b1" }],
        now: 100,
      });
      const first = await store.outbox.claimDue({ now: 200, limit: 10, leaseMs: 1000 });
      expect(first.map((o) => o.text).sort()).toEqual(["a1", "b1"]);
      expect(await store.outbox.claimDue({ now: 200, limit: 10, leaseMs: 1000 })).toHaveLength(0);
      const a1 = first.find((o) => o.text === "a1")!;
      await store.outbox.markSent(a1.id, { wazzupMessageId: "wz-a1", now: 300 });
      const second = await store.outbox.claimDue({ now: 300, limit: 10, leaseMs: 1000 });
      expect(second.map((o) => o.text)).toEqual(["a2"]);
      const message = await store.messages.get(a1.messageId);
      expect(message?.deliveryStatus).toBe("sent");
    });

    test("an expired lease is claimed again; retry waits for its due time", async () => {
      const store = await makeStore();
      const { conversation } = await store.messages.recordInbound(inbound());
      await store.messages.addOutgoing({
        conversationId: conversation.id,
        role: "assistant",
        text: "x",
        parts: [{ text: "x" }],
        now: 0,
      });
      const [item] = await store.outbox.claimDue({ now: 10, limit: 1, leaseMs: 100 });
      expect(await store.outbox.claimDue({ now: 50, limit: 1, leaseMs: 100 })).toHaveLength(0);
      const [again] = await store.outbox.claimDue({ now: 200, limit: 1, leaseMs: 100 });
      expect(again?.id).toBe(item!.id);
      expect(again?.attempts).toBe(2);
      await store.outbox.markRetry(item!.id, { dueAt: 1000, error: "429" });
      expect(await store.outbox.claimDue({ now: 999, limit: 1, leaseMs: 100 })).toHaveLength(0);
      expect(await store.outbox.claimDue({ now: 1000, limit: 1, leaseMs: 100 })).toHaveLength(1);
    });

    test("failed parts are listed and can be resent under a fresh crmMessageId", async () => {
      const store = await makeStore();
      const { conversation } = await store.messages.recordInbound(inbound());
      const msg = await store.messages.addOutgoing({
        conversationId: conversation.id,
        role: "assistant",
        text: "x",
        parts: [{ text: "x" }],
      });
      const [item] = await store.outbox.claimDue({ now: Date.now() + 1, limit: 1, leaseMs: 100 });
      await store.outbox.markFailed(item!.id, { error: "BAD_CONTACT", now: Date.now() });
      expect((await store.messages.get(msg.id))?.deliveryStatus).toBe("failed");
      const failed = await store.outbox.listFailed();
      expect(failed.map((f) => [f.id, f.lastError])).toEqual([[item!.id, "BAD_CONTACT"]]);
      const resent = await store.outbox.resend(item!.id);
      expect(resent?.status).toBe("pending");
      expect(resent?.crmMessageId).not.toBe(item!.crmMessageId);
      expect(await store.outbox.resend(item!.id)).toBeNull();
      expect(await store.outbox.listFailed()).toHaveLength(0);
    });

    test("echo matching by Wazzup id, then by chat and text; delivery status only moves forward", async () => {
      const store = await makeStore();
      const { conversation } = await store.messages.recordInbound(inbound());
      const msg = await store.messages.addOutgoing({
        conversationId: conversation.id,
        role: "assistant",
        text: "hello",
        parts: [{ text: "hello" }],
        now: 100,
      });
      const [item] = await store.outbox.claimDue({ now: 100, limit: 1, leaseMs: 1000 });
      // Sent, but the 201 never arrived: no Wazzup id yet.
      await store.outbox.markSent(item!.id, { wazzupMessageId: null, now: 150 });
      expect(
        await store.outbox.matchEcho({
          chatId: conversation.chatId,
          wazzupMessageId: "w-1",
          text: "other",
          since: 0,
        }),
      ).toBeNull();
      const byText = await store.outbox.matchEcho({
        chatId: conversation.chatId,
        wazzupMessageId: "w-1",
        text: "hello",
        since: 0,
      });
      expect(byText?.id).toBe(item!.id);
      const byId = await store.outbox.matchEcho({
        chatId: conversation.chatId,
        wazzupMessageId: "w-1",
        text: null,
        since: 0,
      });
      expect(byId?.id).toBe(item!.id);
      expect(await store.outbox.applyDeliveryStatus({ wazzupMessageId: "w-1", status: "read" })).toBe(true);
      expect(await store.outbox.applyDeliveryStatus({ wazzupMessageId: "w-1", status: "delivered" })).toBe(
        false,
      );
      expect((await store.messages.get(msg.id))?.deliveryStatus).toBe("read");
      expect(await store.outbox.applyDeliveryStatus({ wazzupMessageId: "unknown", status: "read" })).toBe(
        false,
      );
    });
  });

  describe("quotations", () => {
    test("one order per conversation and cart", async () => {
      const store = await makeStore();
      const { conversation } = await store.messages.recordInbound(inbound());
      const lines = [{ sku: "TJ-1", name: "Chair", quantity: 2, unitPrice: 500, zohoItemId: "z1" }];
      const q = await store.quotations.reserve({
        conversationId: conversation.id,
        cartHash: "h1",
        lines,
        total: 1000,
        currency: "AED",
      });
      expect(q).toMatchObject({ status: "pending", lines, total: 1000 });
      expect(
        await store.quotations.reserve({
          conversationId: conversation.id,
          cartHash: "h1",
          lines,
          total: 1000,
          currency: "AED",
        }),
      ).toBeNull();
      const done = await store.quotations.markCreated(q!.id, {
        zohoSalesOrderId: "so-1",
        salesOrderNumber: "SO-00001",
      });
      expect(done).toMatchObject({ status: "created", salesOrderNumber: "SO-00001" });
      expect((await store.quotations.find(conversation.id, "h1"))?.zohoSalesOrderId).toBe("so-1");
      const other = await store.quotations.reserve({
        conversationId: conversation.id,
        cartHash: "h2",
        lines,
        total: 1,
        currency: "AED",
      });
      await store.quotations.markFailed(other!.id, "Zoho down");
      expect((await store.quotations.listForConversation(conversation.id)).map((x) => x.status)).toEqual([
        "created",
        "failed",
      ]);
    });
  });

  describe("stats", () => {
    test("counts by stage and status, messages and cost per day, response times", async () => {
      const store = await makeStore();
      const day = Date.UTC(2026, 10, 24);
      const a = await store.messages.recordInbound(inbound({ chatId: "a" }), day + 1000);
      await answerAll(store, a.conversation.id, "r", day + 4000);
      const b = await store.messages.recordInbound(inbound({ chatId: "b" }), day + 86_400_000);
      await answerAll(store, b.conversation.id, "r", day + 86_400_000 + 2000);
      await store.conversations.update(b.conversation.id, { salesStage: "quoting", status: "handoff" });
      const s = await store.stats.stats({ from: day, to: day + 2 * 86_400_000 });
      expect(s.conversationsByStage).toEqual({ greeting: 1, quoting: 1 });
      expect(s.conversationsByStatus).toEqual({ active: 1, handoff: 1 });
      expect(s.messagesPerDay).toEqual([
        { day: "2026-11-24", role: "assistant", value: 1 },
        { day: "2026-11-24", role: "user", value: 1 },
        { day: "2026-11-25", role: "assistant", value: 1 },
        { day: "2026-11-25", role: "user", value: 1 },
      ]);
      expect(s.costPerDay.map((c) => c.day)).toEqual(["2026-11-24", "2026-11-25"]);
      expect(s.costPerDay[0]!.value).toBeCloseTo(0.001, 6);
      expect(s.responseTimeMs).toEqual({ count: 2, median: 2000, p95: 3000 });
      expect(await store.stats.costSince(day)).toBeCloseTo(0.002, 6);
      expect(await store.stats.costOfConversation(a.conversation.id)).toBeCloseTo(0.001, 6);
    });
  });

  describe("concurrency", () => {
    test("concurrent deliveries of one message store it once", async () => {
      const store = await makeStore();
      const m = inbound();
      const results = await Promise.all(Array.from({ length: 8 }, () => store.messages.recordInbound(m)));
      expect(results.filter((r) => r.inserted)).toHaveLength(1);
      expect(new Set(results.map((r) => r.conversation.id)).size).toBe(1);
    });

    test("concurrent first messages of one chat open one conversation", async () => {
      const store = await makeStore();
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => store.messages.recordInbound(inbound({ text: `m${i}` }))),
      );
      expect(new Set(results.map((r) => r.conversation.id)).size).toBe(1);
      expect(await store.messages.list(results[0]!.conversation.id)).toHaveLength(6);
    });

    test("two competing turns for the same burst: exactly one commits", async () => {
      const store = await makeStore();
      const { conversation, message } = await store.messages.recordInbound(inbound());
      const outcomes = await Promise.all(
        ["t1", "t2", "t3"].map((turnId) =>
          store.turns.commit({
            conversationId: conversation.id,
            turnId,
            answeredMessageIds: [message.id],
            reply: { text: turnId, parts: [{ text: turnId }] },
          }),
        ),
      );
      expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
      expect(await store.outbox.pendingCount()).toBe(1);
    });

    if (sameDatabase) {
      test("two writers on one database: unique keys hold across them", async () => {
        const first = await makeStore();
        const second = await sameDatabase();
        const m = inbound();
        const [x, y] = await Promise.all([first.messages.recordInbound(m), second.messages.recordInbound(m)]);
        expect([x.inserted, y.inserted].filter(Boolean)).toHaveLength(1);
        await first.messages.addOutgoing({
          conversationId: x.conversation.id,
          role: "assistant",
          text: "x",
          parts: [{ text: "x" }],
          now: 0,
        });
        const [c1, c2] = await Promise.all([
          first.outbox.claimDue({ now: 10, limit: 5, leaseMs: 1000 }),
          second.outbox.claimDue({ now: 10, limit: 5, leaseMs: 1000 }),
        ]);
        expect(c1.length + c2.length).toBe(1);
        await second.close();
      });
    }
  });
}
