/** The outbox worker with the real Wazzup client against the fake Wazzup server. */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { createWazzupClient, splitMessageText } from "../../src/integrations/wazzup/index.ts";
import { silentLogger } from "../../src/log.ts";
import { createMetrics } from "../../src/metrics.ts";
import { createWazzupSender } from "../../src/runtime/index.ts";
import { createOutboxWorker } from "../../src/runtime/outbox-worker.ts";
import { createStore, type Store } from "../../src/store/index.ts";
import { createFakeWazzup, type FakeWazzup, fakeChannelId } from "../support/fake-wazzup.ts";
import { inbound } from "../support/store-contract/core.ts";

let store: Store;
let wazzup: FakeWazzup;
let clock = 1_000_000;

beforeEach(async () => {
  store = await createStore({ databaseUrl: "sqlite::memory:" });
  wazzup = createFakeWazzup();
  clock = 1_000_000;
});
afterEach(async () => {
  await store.close();
  await wazzup.stop();
});

function worker() {
  const client = createWazzupClient({ baseUrl: wazzup.url, apiKey: wazzup.apiKey, timeoutMs: 2000 });
  return createOutboxWorker({
    store,
    sender: createWazzupSender(client),
    logger: silentLogger,
    metrics: createMetrics(),
    now: () => clock,
    maxAttempts: 4,
  });
}

async function queueReply(chatId: string, text: string) {
  const { conversation } = await store.messages.recordInbound(
    inbound({ chatId, channelId: fakeChannelId }),
    clock,
  );
  return store.messages.addOutgoing({
    conversationId: conversation.id,
    role: "assistant",
    text,
    parts: splitMessageText(text).map((t) => ({ text: t })),
    now: clock,
  });
}

/** Drains, moving the clock past every retry delay, until nothing is due. */
async function drainAll(w: ReturnType<typeof worker>, rounds = 10) {
  for (let i = 0; i < rounds; i++) {
    await w.drainOnce();
    clock += 120_000;
  }
}

describe("outbox worker", () => {
  test("a long reply goes out in parts under 1,000 characters, in order", async () => {
    const sentence = "This ergonomic chair has a breathable mesh back and adjustable lumbar support. ";
    const message = await queueReply("971500000001", sentence.repeat(30).trim());
    await drainAll(worker());
    expect(wazzup.sent.length).toBeGreaterThan(2);
    expect(wazzup.sent.every((s) => (s.text ?? "").length <= 1000)).toBe(true);
    expect(wazzup.sent.map((s) => s.text).join(" ")).toBe(sentence.repeat(30).trim());
    expect(new Set(wazzup.sent.map((s) => s.crmMessageId)).size).toBe(wazzup.sent.length);
    expect((await store.messages.get(message.id))?.deliveryStatus).toBe("sent");
  });

  test("429 and 5xx are retried; the part is sent once", async () => {
    wazzup.respondNext({ status: 429 }, { status: 503 });
    await queueReply("971500000002", "hello");
    await drainAll(worker());
    expect(wazzup.sent).toHaveLength(1);
    expect(wazzup.requests).toHaveLength(3);
  });

  test("a lost 201 is retried with the same crmMessageId and Wazzup's repeat counts as sent", async () => {
    wazzup.respondNext({ drop: "after" });
    const message = await queueReply("971500000003", "hello");
    await drainAll(worker());
    expect(wazzup.sent).toHaveLength(1);
    expect(wazzup.requests.length).toBe(2);
    expect(wazzup.requests[0]!.body.crmMessageId).toBe(wazzup.requests[1]!.body.crmMessageId);
    expect((await store.messages.get(message.id))?.deliveryStatus).toBe("sent");
  });

  test("a permanent refusal fails the part with its reason and does not block other chats", async () => {
    wazzup.respondNext({ status: 400, error: "BAD_CONTACT", description: "not on WhatsApp" });
    const bad = await queueReply("971500000004", "to nobody");
    await queueReply("971500000005", "to somebody");
    await drainAll(worker());
    expect(wazzup.sent.map((s) => s.chatId)).toEqual(["971500000005"]);
    const failed = await store.outbox.listFailed();
    expect(failed.map((f) => f.messageId)).toEqual([bad.id]);
    expect(failed[0]!.lastError).toContain("BAD_CONTACT");
  });

  test("retries stop after maxAttempts", async () => {
    wazzup.respondNext(...Array.from({ length: 6 }, () => ({ status: 500 })));
    await queueReply("971500000006", "hello");
    await drainAll(worker());
    expect(wazzup.requests).toHaveLength(4);
    expect(await store.outbox.listFailed()).toHaveLength(1);
  });
});
