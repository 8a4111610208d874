/**
 * The fake must behave like Wazzup, since every later test trusts it. These tests speak
 * raw HTTP to it, so they do not depend on our client.
 */
import { afterEach, describe, expect, test } from "bun:test";
import {
  createFakeWazzup,
  type FakeWazzup,
  fakeChannelId,
  fakeTemplateId,
} from "../../support/fake-wazzup.ts";

let fake: FakeWazzup;
const servers: { stop(force?: boolean): unknown }[] = [];
afterEach(async () => {
  await fake?.stop();
  for (const s of servers.splice(0)) s.stop(true);
});

const send = (body: unknown, key = fake.apiKey) =>
  fetch(`${fake.url}/message`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const base = { channelId: fakeChannelId, chatType: "whatsapp", chatId: "971501234567" };

async function expectRefused(res: Response, status: number, error: string) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, error });
  expect(typeof body.requestId).toBe("string");
  expect(typeof body.description).toBe("string");
  return body;
}

describe("fake Wazzup", () => {
  test("answers 201 {messageId, chatId} with a fresh uuid per accepted send", async () => {
    fake = createFakeWazzup();
    const a = await send({ ...base, text: "one" });
    const b = await send({ ...base, text: "two" });
    expect(a.status).toBe(201);
    const bodyA = (await a.json()) as { messageId: string; chatId: string };
    const bodyB = (await b.json()) as { messageId: string };
    expect(bodyA.chatId).toBe(base.chatId);
    expect(bodyA.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(bodyA.messageId).not.toBe(bodyB.messageId);
    expect(fake.sent.map((m) => m.text)).toEqual(["one", "two"]);
  });

  test("requires the Bearer key on every route", async () => {
    fake = createFakeWazzup({ apiKey: "k1" });
    expect((await send({ ...base, text: "x" }, "k2")).status).toBe(401);
    expect((await fetch(`${fake.url}/channels`)).status).toBe(401);
    const ok = await fetch(`${fake.url}/channels`, { headers: { authorization: "Bearer k1" } });
    expect(await ok.json()).toEqual(fake.channels);
    expect(fake.sent).toHaveLength(0);
  });

  test("validates the send body like the real API", async () => {
    fake = createFakeWazzup();
    fake.channels.push({ channelId: "waba", transport: "wapi", plainId: "971500000002", state: "active" });
    fake.channels.push({
      channelId: "down",
      transport: "whatsapp",
      plainId: "971500000003",
      state: "phoneUnavailable",
    });
    await expectRefused(await send("not json"), 400, "INVALID_MESSAGE_DATA");
    await expectRefused(
      await send({ ...base, text: "x", contentUri: "https://a/b.png" }),
      400,
      "MESSAGE_ONLY_TEXT_OR_CONTENT",
    );
    await expectRefused(await send(base), 400, "MESSAGE_NOTHING_TO_SEND");
    await expectRefused(await send({ ...base, text: "  " }), 400, "MESSAGES_TEXT_CAN_NOT_BE_BLANK");
    await expectRefused(await send({ ...base, text: "x".repeat(10_001) }), 400, "MESSAGE_TEXT_TOO_LONG");
    await expectRefused(await send({ ...base, channelId: "nope", text: "x" }), 400, "CHANNEL_NOT_FOUND");
    await expectRefused(
      await send({ ...base, channelId: "down", text: "x" }),
      400,
      "MESSAGE_CHANNEL_UNAVAILABLE",
    );
    await expectRefused(
      await send({ ...base, channelId: "waba", chatType: "telegram", text: "x" }),
      400,
      "WRONG_TRANSPORT",
    );
    const fields = await expectRefused(
      await send({ ...base, chatId: "+971 50", text: "x" }),
      400,
      "VALIDATION_ERROR",
    );
    expect(fields.data).toEqual({ fields: ["chatId"] });
    await expectRefused(await send({ ...base, text: "x", clearUnanswered: "no" }), 400, "VALIDATION_ERROR");
    expect(fake.sent).toHaveLength(0);
    expect(fake.requests).toHaveLength(10);
  });

  test("template sends need a known approved template and the right number of values", async () => {
    fake = createFakeWazzup();
    await expectRefused(
      await send({ ...base, templateId: "missing", templateValues: [] }),
      400,
      "VALIDATION_ERROR",
    );
    await expectRefused(
      await send({ ...base, templateId: fakeTemplateId, templateValues: ["only one"] }),
      400,
      "VALIDATION_ERROR",
    );
    await expectRefused(
      await send({ ...base, templateId: fakeTemplateId, text: "x" }),
      400,
      "MESSAGE_ONLY_TEXT_OR_CONTENT",
    );
    const ok = await send({ ...base, templateId: fakeTemplateId, templateValues: ["Aisha", "SO-1"] });
    expect(ok.status).toBe(201);
    fake.templates[0]!.status = "PAUSED";
    await expectRefused(
      await send({ ...base, templateId: fakeTemplateId, templateValues: ["a", "b"] }),
      400,
      "TEMPLATE_REJECTED",
    );
    expect(fake.sent).toEqual([
      expect.objectContaining({ templateId: fakeTemplateId, templateValues: ["Aisha", "SO-1"] }),
    ]);
  });

  test("refuses a crmMessageId repeated within 60 s, and accepts it again after", async () => {
    let now = 1_000_000;
    fake = createFakeWazzup({ now: () => now });
    expect((await send({ ...base, text: "x", crmMessageId: "c1" })).status).toBe(201);
    now += 59_000;
    const repeat = await expectRefused(
      await send({ ...base, text: "x", crmMessageId: "c1" }),
      400,
      "REPEATED_CRM_MESSAGE_ID",
    );
    expect(repeat.data).toEqual({ crmMessageId: "c1" });
    now += 2_000;
    expect((await send({ ...base, text: "x", crmMessageId: "c1" })).status).toBe(201);
    expect(fake.sent).toHaveLength(2);
  });

  test("scripted steps by call number and respondNext take precedence in order", async () => {
    fake = createFakeWazzup({ script: { 2: { status: 500 }, 3: { status: 400, error: "BAD_CONTACT" } } });
    fake.respondNext({ status: 429 });
    expect((await send({ ...base, text: "1" })).status).toBe(429);
    const empty = await send({ ...base, text: "2" });
    expect([empty.status, await empty.text()]).toEqual([500, ""]);
    await expectRefused(await send({ ...base, text: "3" }), 400, "BAD_CONTACT");
    expect((await send({ ...base, text: "4" })).status).toBe(201);
    expect(fake.requests.map((r) => r.n)).toEqual([1, 2, 3, 4]);
    expect(fake.sent.map((m) => m.text)).toEqual(["4"]);
  });

  test("drop 'after' accepts the message and loses the answer", async () => {
    fake = createFakeWazzup({ script: { 1: { drop: "after" } } });
    const error = await send({ ...base, text: "x", crmMessageId: "c1" }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(fake.sent).toHaveLength(1);
    expect(fake.requests[0]!.answer).toBe("dropped");
  });

  test("POSTs the isEcho echo of each accepted send to the webhook URL", async () => {
    const received: unknown[] = [];
    const hook = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      async fetch(req) {
        received.push(await req.json());
        return new Response("ok");
      },
    });
    servers.push(hook);
    fake = createFakeWazzup();
    fake.echoWebhookUrl = `http://127.0.0.1:${hook.port}/webhooks/wazzup/secret`;
    await send({ ...base, text: "hello", crmMessageId: "c1" });
    await send({ ...base, contentUri: "https://cdn.example.com/a.pdf", crmMessageId: "c2" });
    await fake.stop();

    expect(fake.echoes.map((e) => e.status)).toEqual([200, 200]);
    expect(received).toEqual([
      {
        messages: [
          expect.objectContaining({
            messageId: fake.sent[0]!.messageId,
            chatId: base.chatId,
            type: "text",
            isEcho: true,
            status: "sent",
            text: "hello",
          }),
        ],
      },
      {
        messages: [
          expect.objectContaining({ type: "document", contentUri: "https://cdn.example.com/a.pdf" }),
        ],
      },
    ]);
  });

  test("pages templates with limit and offset", async () => {
    fake = createFakeWazzup();
    fake.templates.push({ ...fake.templates[0]!, templateGuid: "second" });
    const page = await fetch(`${fake.url}/templates/whatsapp?limit=1&offset=1`, {
      headers: { authorization: `Bearer ${fake.apiKey}` },
    });
    expect(((await page.json()) as { templateGuid: string }[]).map((t) => t.templateGuid)).toEqual([
      "second",
    ]);
  });

  test("waitForSent resolves once enough messages are accepted, and times out otherwise", async () => {
    fake = createFakeWazzup();
    const waiting = fake.waitForSent(2);
    await send({ ...base, text: "a" });
    await send({ ...base, text: "b" });
    expect((await waiting).map((m) => m.text)).toEqual(["a", "b"]);
    await expect(fake.waitForSent(3, 20)).rejects.toThrow("2 of 3");
  });
});
