/**
 * Webhook in, fake Wazzup out, with no LLM configured: the real runtime
 * answers each burst once with a holding reply in the customer's language and
 * hands the chat to a human.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { holdingReplies } from "../../src/runtime/index.ts";
import {
  createFakeWazzup,
  type FakeWazzup,
  inboundMedia,
  inboundText,
  outgoingEcho,
  statusUpdate,
  webhookBatch,
} from "../support/fake-wazzup.ts";
import { eventually, type Harness, startNoor } from "../support/noor-harness.ts";

let wazzup: FakeWazzup;
let noor: Harness;

beforeEach(async () => {
  wazzup = createFakeWazzup();
  noor = await startNoor({ WAZZUP_API_URL: wazzup.url, WAZZUP_API_KEY: wazzup.apiKey });
});
afterEach(async () => {
  await noor.stop();
  await wazzup.stop();
});

const conversationOf = (chatId: string) => noor.noor.store.conversations.findOpen(chatId);

describe("webhook → actor → outbox → Wazzup", () => {
  test("a burst of three messages gets one holding reply in English and the chat goes to a human", async () => {
    for (const text of ["Hi", "I need office chairs", "for 20 people"]) {
      const res = await noor.postWebhook(inboundText({ chatId: "971501112233", text }));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, accepted: 1 });
    }
    const [reply] = await wazzup.waitForSent(1);
    expect(reply).toMatchObject({ chatId: "971501112233", text: holdingReplies.handoff.en });
    expect(reply?.crmMessageId).toBeString();
    const conversation = await eventually(async () => {
      const c = await conversationOf("971501112233");
      return c?.status === "handoff" ? c : null;
    });
    expect(conversation.language).toBe("en");
    const messages = await noor.noor.store.messages.list(conversation.id);
    expect(messages.map((m) => m.role)).toEqual(["user", "user", "user", "assistant"]);
    expect(await noor.noor.store.messages.unanswered(conversation.id)).toHaveLength(0);
    await Bun.sleep(300);
    expect(wazzup.sent).toHaveLength(1);
  });

  test("Arabic gets the Arabic holding reply", async () => {
    await noor.postWebhook(inboundText({ chatId: "971502223344", text: "مرحبا، أحتاج كراسي مكتب" }));
    const [reply] = await wazzup.waitForSent(1);
    expect(reply?.text).toBe(holdingReplies.handoff.ar);
  });

  test("a duplicate delivery never makes a second reply", async () => {
    const body = inboundText({ chatId: "971503334455", text: "hello" });
    const first = await noor.postWebhook(body);
    const again = await noor.postWebhook(body);
    expect(await first.json()).toMatchObject({ accepted: 1 });
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 1 });
    await wazzup.waitForSent(1);
    await noor.postWebhook(body);
    await Bun.sleep(300);
    expect(wazzup.sent).toHaveLength(1);
  });

  test("a voice note gets a polite request to write instead; the bot stays on", async () => {
    await noor.postWebhook(
      inboundMedia({ chatId: "971504445566", type: "audio", contentUri: "https://store.example/v.ogg" }),
    );
    const [reply] = await wazzup.waitForSent(1);
    expect(reply?.text).toBe(holdingReplies.voiceNote.en);
    const c = await conversationOf("971504445566");
    expect(c?.status).toBe("active");
    const [message] = await noor.noor.store.messages.list(c!.id);
    expect(message).toMatchObject({ kind: "audio", contentUri: "https://store.example/v.ogg" });
  });

  test("one malformed entry is skipped; the valid ones in the same batch are kept", async () => {
    const body = webhookBatch(
      inboundText({ chatId: "971505556677", text: "first" }),
      { messages: [{ messageId: 42, text: "no chat" }] },
      inboundText({ chatId: "971505556677", text: "second", extraField: "tolerated" } as never),
    );
    const res = await noor.postWebhook(body);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ accepted: 2, invalid: 1 });
  });

  test("our own echo confirms delivery; a manager's echo is stored as operator and silences the bot", async () => {
    wazzup.echoWebhookUrl = noor.webhookUrl;
    await noor.postWebhook(inboundText({ chatId: "971506667788", text: "hi" }));
    const [sent] = await wazzup.waitForSent(1);
    const c = (await conversationOf("971506667788"))!;
    await eventually(() => wazzup.echoes.length === 1);
    expect(wazzup.echoes[0]?.status).toBe(200);
    await noor.postWebhook(statusUpdate({ messageId: sent!.messageId, status: "read" }));
    const assistant = await eventually(async () => {
      const m = (await noor.noor.store.messages.list(c.id)).find((x) => x.role === "assistant");
      return m?.deliveryStatus === "read" ? m : null;
    });
    expect(assistant.text).toBe(holdingReplies.handoff.en);
    // The bot already handed over (no LLM); resume it, then a manager writes from the phone.
    await noor.noor.runtime.command("971506667788", { type: "resume", conversationId: c.id, at: Date.now() });
    await eventually(async () => (await conversationOf("971506667788"))?.status === "active");
    const res = await noor.postWebhook(
      outgoingEcho({ chatId: "971506667788", text: "Hello, this is Omar from Treejar" }),
    );
    expect(await res.json()).toMatchObject({ operatorMessages: 1 });
    await eventually(async () => (await conversationOf("971506667788"))?.status === "handoff");
    const roles = (await noor.noor.store.messages.list(c.id)).map((m) => m.role);
    expect(roles).toEqual(["user", "assistant", "operator"]);
    // Silent while handed over: a new customer message is stored, not answered.
    await noor.postWebhook(inboundText({ chatId: "971506667788", text: "thanks Omar" }));
    await Bun.sleep(300);
    expect(wazzup.sent).toHaveLength(1);
  });

  test("wrong token is 401, the test ping is 200, broken JSON is 400, an oversized body is 413", async () => {
    const wrong = await fetch(`${noor.url}/webhooks/wazzup/not-the-token`, {
      method: "POST",
      body: JSON.stringify(inboundText({ chatId: "1", text: "x" })),
    });
    expect(wrong.status).toBe(401);
    expect((await noor.postWebhook({ test: true })).status).toBe(200);
    const broken = await fetch(noor.webhookUrl, { method: "POST", body: "{not json" });
    expect(broken.status).toBe(400);
    const big = await fetch(noor.webhookUrl, { method: "POST", body: "x".repeat(2_000_000) });
    expect(big.status).toBe(413);
  });

  test("a 429 from Wazzup is retried and the reply still goes out once", async () => {
    wazzup.respondNext({ status: 429 });
    await noor.postWebhook(inboundText({ chatId: "971507778899", text: "hello" }));
    const sent = await wazzup.waitForSent(1, 10_000);
    expect(sent).toHaveLength(1);
    expect(wazzup.requests.length).toBeGreaterThanOrEqual(2);
  }, 15_000);
});
