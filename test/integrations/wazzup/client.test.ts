import { afterEach, describe, expect, test } from "bun:test";
import {
  createWazzupClient,
  type WazzupClient,
  WazzupError,
} from "../../../src/integrations/wazzup/index.ts";
import { withRetry } from "../../../src/util/retry.ts";
import {
  createFakeWazzup,
  type FakeTemplate,
  type FakeWazzup,
  fakeChannelId,
  fakeTemplateId,
} from "../../support/fake-wazzup.ts";

let fake: FakeWazzup;
afterEach(async () => {
  await fake?.stop();
});

const start = (options: Parameters<typeof createFakeWazzup>[0] = {}) => {
  fake = createFakeWazzup(options);
  return fake;
};
const clientFor = (
  f: FakeWazzup,
  options: Partial<Parameters<typeof createWazzupClient>[0]> = {},
): WazzupClient => createWazzupClient({ baseUrl: f.url, apiKey: f.apiKey, ...options });

const to = { channelId: fakeChannelId, chatType: "whatsapp" as const, chatId: "971501234567" };

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

async function wazzupError(promise: Promise<unknown>): Promise<WazzupError> {
  const error = await caught(promise);
  if (!WazzupError.isInstance(error)) throw new Error(`expected a WazzupError, got ${String(error)}`);
  return error;
}

describe("sending", () => {
  test("sendText posts the Wazzup body with Bearer auth and returns the new messageId", async () => {
    const f = start();
    const result = await clientFor(f).sendText({ ...to, text: "Hello from Treejar", crmMessageId: "m-1" });

    expect(result.duplicate).toBe(false);
    expect(result.messageId).toBe(f.sent[0]!.messageId);
    const [request] = f.requests;
    expect(request!.headers.authorization).toBe(`Bearer ${f.apiKey}`);
    expect(request!.headers["content-type"]).toBe("application/json");
    expect(request!.body).toEqual({
      ...to,
      text: "Hello from Treejar",
      crmMessageId: "m-1",
      clearUnanswered: false,
    });
    expect(request!.answer).toMatchObject({ status: 201 });
  });

  test("text is sent exactly as given, leading spaces and line breaks included", async () => {
    const f = start();
    const text = "  • Chair A\n  • Chair B\n";
    await clientFor(f).sendText({ ...to, text, crmMessageId: "m-1" });
    expect(f.sent[0]!.text).toBe(text);
  });

  test("a base URL with a trailing slash reaches the same route", async () => {
    const f = start();
    const result = await clientFor(f, { baseUrl: `${f.url}//` }).sendText({
      ...to,
      text: "hi",
      crmMessageId: "m-1",
    });
    expect(result.messageId).toBe(f.sent[0]!.messageId);
  });

  test("sendMedia sends contentUri without text; clearUnanswered can be turned on", async () => {
    const f = start();
    const contentUri = "https://cdn.example.com/chair.jpg";
    await clientFor(f).sendMedia({ ...to, contentUri, crmMessageId: "m-2", clearUnanswered: true });
    expect(f.requests[0]!.body).toEqual({ ...to, contentUri, crmMessageId: "m-2", clearUnanswered: true });
    expect(f.sent[0]).toMatchObject({ contentUri, clearUnanswered: true });
  });

  test("sendTemplate sends templateId and templateValues in order", async () => {
    const f = start();
    const result = await clientFor(f).sendTemplate({
      ...to,
      templateId: fakeTemplateId,
      templateValues: ["Aisha", "SO-1042"],
      crmMessageId: "m-3",
    });
    expect(result.messageId).toBe(f.sent[0]!.messageId);
    expect(f.requests[0]!.body).toMatchObject({
      templateId: fakeTemplateId,
      templateValues: ["Aisha", "SO-1042"],
    });
    expect(f.requests[0]!.body.text).toBeUndefined();
  });

  test("a repeated crmMessageId resolves as already sent, without a second message", async () => {
    const f = start();
    const client = clientFor(f);
    const first = await client.sendText({ ...to, text: "once", crmMessageId: "same" });
    const second = await client.sendText({ ...to, text: "once", crmMessageId: "same" });

    expect(first).toEqual({ messageId: f.sent[0]!.messageId, duplicate: false });
    expect(second).toEqual({ messageId: null, duplicate: true });
    expect(f.sent).toHaveLength(1);
    expect(f.requests[1]!.answer).toMatchObject({ status: 400, body: { error: "REPEATED_CRM_MESSAGE_ID" } });
  });

  test("the repeat code is recognised in Wazzup's camelCase spelling too", async () => {
    const f = start({ script: { 1: { status: 400, error: "repeatedCrmMessageId" } } });
    const result = await clientFor(f).sendText({ ...to, text: "x", crmMessageId: "m-1" });
    expect(result).toEqual({ messageId: null, duplicate: true });
  });

  test("an invalid send is refused before any request is made", async () => {
    const f = start();
    const error = await wazzupError(clientFor(f).sendText({ ...to, text: "   ", crmMessageId: "m-1" }));
    expect(error).toMatchObject({ kind: "rejected", code: "INVALID_MESSAGE_DATA", retryable: false });
    expect(f.requests).toHaveLength(0);
  });
});

describe("failures", () => {
  test("a wrong API key is unauthorized and not retryable", async () => {
    const f = start();
    const client = createWazzupClient({ baseUrl: f.url, apiKey: "wrong" });
    const error = await wazzupError(client.sendText({ ...to, text: "hi", crmMessageId: "m-1" }));
    expect(error).toMatchObject({ kind: "unauthorized", status: 401, retryable: false });
    expect(f.sent).toHaveLength(0);
    expect(await wazzupError(client.listChannels())).toMatchObject({ kind: "unauthorized", status: 401 });
  });

  test("429 is rate_limited and retryable after Wazzup's 5 s window plus a little jitter", async () => {
    const f = start({ script: { 1: { status: 429 } } });
    const error = await wazzupError(clientFor(f).sendText({ ...to, text: "hi", crmMessageId: "m-1" }));
    expect(error).toMatchObject({ kind: "rate_limited", status: 429, retryable: true, code: "HTTP_429" });
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(5000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(5500);
  });

  test("a Retry-After header, when Wazzup sends one, is honoured", async () => {
    const f = start({ script: { 1: { status: 429, headers: { "retry-after": "7" } } } });
    const error = await wazzupError(clientFor(f).sendText({ ...to, text: "hi", crmMessageId: "m-1" }));
    expect(error.retryAfterMs).toBe(7000);
  });

  test("5xx is unavailable and retryable; the next attempt goes through", async () => {
    const f = start({ script: { 1: { status: 500 }, 2: { status: 503, error: "SERVICE_UNAVAILABLE" } } });
    const client = clientFor(f);
    const send = () => client.sendText({ ...to, text: "hi", crmMessageId: "m-1" });
    expect(await wazzupError(send())).toMatchObject({
      kind: "unavailable",
      retryable: true,
      code: "HTTP_500",
    });
    expect(await wazzupError(send())).toMatchObject({ kind: "unavailable", code: "SERVICE_UNAVAILABLE" });
    expect((await send()).messageId).toBe(f.sent[0]!.messageId);
  });

  test("400 codes are rejected, not retryable, with Wazzup's code, description and data", async () => {
    const f = start({
      script: {
        1: { status: 400, error: "BAD_CONTACT", description: "Number may not be on WhatsApp" },
        2: { status: 400, error: "24_HOURS_EXCEEDED", data: { chatId: to.chatId } },
      },
    });
    const client = clientFor(f);
    const bad = await wazzupError(client.sendText({ ...to, text: "hi", crmMessageId: "m-1" }));
    expect(bad).toMatchObject({
      kind: "rejected",
      code: "BAD_CONTACT",
      status: 400,
      retryable: false,
      description: "Number may not be on WhatsApp",
    });
    const window = await wazzupError(client.sendText({ ...to, text: "hi", crmMessageId: "m-2" }));
    expect(window).toMatchObject({
      kind: "rejected",
      code: "24_HOURS_EXCEEDED",
      data: { chatId: to.chatId },
    });
  });

  test("a server-side 400 (UNKNOWN_ERROR) may be retried with the same crmMessageId", async () => {
    const f = start({ script: { 1: { status: 400, error: "UNKNOWN_ERROR" } } });
    const error = await wazzupError(clientFor(f).sendText({ ...to, text: "hi", crmMessageId: "m-1" }));
    expect(error).toMatchObject({ kind: "unavailable", retryable: true });
  });

  test("a timeout is a retryable network error; the resend inside 60 s is read as already sent", async () => {
    // Wazzup got the first request but its answer came too late: the classic lost 201.
    const f = start({ script: { 1: { delayMs: 300 } } });
    const client = clientFor(f, { timeoutMs: 50 });
    const errors: unknown[] = [];
    const result = await withRetry(() => client.sendText({ ...to, text: "hi", crmMessageId: "m-1" }), {
      sleep: () => f.waitForSent(1).then(() => undefined),
      onRetry: ({ error }) => errors.push(error),
    });

    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ kind: "network", code: "TIMEOUT", retryable: true });
    expect(result).toEqual({ messageId: null, duplicate: true });
    expect(f.sent).toHaveLength(1);
  });

  test("a dropped connection is a retryable network error", async () => {
    const f = start({ script: { 1: { drop: "before" } } });
    const error = await wazzupError(clientFor(f).sendText({ ...to, text: "hi", crmMessageId: "m-1" }));
    expect(error).toMatchObject({ kind: "network", code: "NETWORK_ERROR", retryable: true });
    expect(f.sent).toHaveLength(0);
  });

  test("the caller's abort is passed through as is, not turned into a WazzupError", async () => {
    const f = start({ script: { 1: { delayMs: 300 } } });
    const controller = new AbortController();
    const sending = clientFor(f).sendText({
      ...to,
      text: "hi",
      crmMessageId: "m-1",
      signal: controller.signal,
    });
    controller.abort(new Error("shutting down"));
    const error = await caught(sending);
    expect(WazzupError.isInstance(error)).toBe(false);
    expect((error as Error).message).toBe("shutting down");
  });
});

describe("listing", () => {
  test("listChannels returns the account's channels, skipping rows it cannot read", async () => {
    const f = start();
    f.channels.push({ channelId: "wapi-1", transport: "wapi", plainId: "971500000002", state: "qridle" });
    (f.channels as unknown[]).push({ transport: "vk" });
    const channels = await clientFor(f).listChannels();
    expect(channels.map((c) => [c.channelId, c.transport, c.state])).toEqual([
      [fakeChannelId, "whatsapp", "active"],
      ["wapi-1", "wapi", "qridle"],
    ]);
  });

  test("listTemplates reads every page", async () => {
    const f = start();
    const base = f.templates[0]!;
    const more: FakeTemplate[] = Array.from({ length: 229 }, (_, i) => ({
      ...base,
      templateGuid: `tpl-${i}`,
      name: `t_${i}`,
    }));
    f.templates.push(...more);
    const templates = await clientFor(f).listTemplates();
    expect(templates).toHaveLength(230);
    expect(templates[0]).toMatchObject({ templateGuid: fakeTemplateId, status: "approved" });
    expect(templates[0]!.components?.[0]?.text).toContain("{{1}}");
    expect(templates.at(-1)!.templateGuid).toBe("tpl-228");
  });
});

describe("client-side rate limit", () => {
  test("a burst over the limit is spread across windows, first come first served", async () => {
    // 460 sends against 450 per window: the last 10 must wait for the next window.
    const f = start();
    const client = clientFor(f, { maxRequestsPer5s: 450, rateWindowMs: 2000 });
    const ids = Array.from({ length: 460 }, (_, i) => `burst-${i}`);
    let firstWaveDone = false;
    let receivedWhenFirstWaveDone = -1;
    const firstWave = Promise.all(
      ids.slice(0, 450).map((id) => client.sendText({ ...to, text: id, crmMessageId: id })),
    );
    const secondWave = Promise.all(
      ids.slice(450).map((id) => client.sendText({ ...to, text: id, crmMessageId: id })),
    );
    await firstWave.then(() => {
      firstWaveDone = true;
      receivedWhenFirstWaveDone = f.requests.length;
    });
    const second = await secondWave;

    expect(firstWaveDone).toBe(true);
    expect(receivedWhenFirstWaveDone).toBe(450);
    expect(second.every((r) => r.messageId !== null)).toBe(true);
    const arrival = f.requests.map((r) => r.body.crmMessageId as string);
    expect(new Set(arrival.slice(0, 450))).toEqual(new Set(ids.slice(0, 450)));
    expect(new Set(arrival.slice(450))).toEqual(new Set(ids.slice(450)));
    expect(f.requests.every((r) => (r.answer as { status: number }).status === 201)).toBe(true);
  });

  test("callers over the limit wait instead of sending; abort releases them unsent", async () => {
    const f = start();
    const client = clientFor(f, { maxRequestsPer5s: 3, rateWindowMs: 60_000 });
    const controller = new AbortController();
    const sends = Array.from({ length: 5 }, (_, i) =>
      client.sendText({ ...to, text: `m${i}`, crmMessageId: `m${i}`, signal: controller.signal }),
    );
    const firstThree = await Promise.all(sends.slice(0, 3));
    expect(firstThree.every((r) => r.messageId !== null)).toBe(true);
    expect(f.requests).toHaveLength(3);

    controller.abort(new Error("stop"));
    const rest = await Promise.allSettled(sends.slice(3));
    expect(rest.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(f.requests).toHaveLength(3);
  });

  test("beyond the bounded queue a caller is refused at once with a retryable error", async () => {
    const f = start();
    const client = clientFor(f, { maxRequestsPer5s: 1, rateWindowMs: 60_000, maxQueued: 2 });
    const controller = new AbortController();
    const send = (i: number) =>
      client.sendText({ ...to, text: `m${i}`, crmMessageId: `m${i}`, signal: controller.signal });
    await send(0);
    const waiting = [send(1), send(2)];
    const refused = await wazzupError(send(3));
    expect(refused).toMatchObject({ kind: "rate_limited", code: "CLIENT_QUEUE_FULL", retryable: true });
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);

    controller.abort(new Error("stop"));
    await Promise.allSettled(waiting);
    expect(f.requests).toHaveLength(1);
  });
});
