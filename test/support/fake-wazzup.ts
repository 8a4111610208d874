/**
 * A fake Wazzup API v3 on a real socket (127.0.0.1, port 0), behaving like the real one
 * as described in shared/reference/wazzup.md: Bearer auth, send-body validation,
 * 201 `{messageId, chatId}`, `REPEATED_CRM_MESSAGE_ID` for a crmMessageId repeated within
 * 60 s, and Wazzup-shaped error bodies. Sends can be scripted by call number (429, 5xx,
 * any 400 code, a delay, a dropped connection); it can POST the `isEcho` echo of every
 * accepted send to our webhook, as the real service does. The webhook body builders at
 * the bottom make the JSON Wazzup would POST to us.
 */
import { chatTypes } from "../../src/integrations/wazzup/wire.ts";
import { abortableSleep } from "../../src/util/retry.ts";

export const fakeChannelId = "0c6a3a0e-5b1f-4d47-9a36-6f2f0f8e7a11";
export const fakeTemplateId = "6201005a-9a6f-486f-bdd5-e6cb86c76ddb";
const duplicateWindowMs = 60_000;

export interface FakeChannel {
  channelId: string;
  transport: string;
  plainId: string;
  state: string;
  name?: string;
}

export interface FakeTemplate {
  templateGuid: string;
  title: string;
  name: string;
  language: string;
  category: string;
  status: string;
  channels: string[];
  components: { type: string; format?: string; text?: string }[];
  templateCode?: string;
}

/**
 * How the fake answers one send instead of (or around) its normal behaviour.
 * - `{ delayMs }` alone: a slow API; the send is then handled normally (and accepted even if
 *   the client gave up waiting, as a real server would).
 * - `{ status, error?, description?, data? }`: that answer in Wazzup's error shape; no `error`
 *   means an empty body (Wazzup documents both).
 * - `{ drop: "before" }`: the connection closes with no answer and nothing is sent;
 *   `{ drop: "after" }`: the message is accepted, then the connection drops (a lost 201).
 */
export interface FakeStep {
  delayMs?: number;
  status?: number;
  error?: string;
  description?: string;
  data?: unknown;
  headers?: Record<string, string>;
  drop?: "before" | "after";
}

export interface FakeAnswer {
  status: number;
  body: unknown;
}

/** One `POST /v3/message` as received. */
export interface FakeSendRequest {
  /** Call number, 1-based, counting every send request. */
  n: number;
  headers: Record<string, string>;
  /** Parsed JSON, or the raw text when it was not JSON. */
  body: any;
  at: number;
  /** Set once answered; "dropped" when the connection was closed instead. */
  answer?: FakeAnswer | "dropped";
}

export interface FakeSentMessage {
  messageId: string;
  channelId: string;
  chatType: string;
  chatId: string;
  text?: string;
  contentUri?: string;
  templateId?: string;
  templateValues?: string[];
  crmMessageId?: string;
  clearUnanswered?: boolean;
  at: number;
}

export interface FakeEcho {
  messageId: string;
  /** Our webhook's HTTP status, or "failed" when it could not be reached. */
  status: number | "failed";
}

export interface FakeWazzup {
  /** The API base, `http://127.0.0.1:<port>/v3`. */
  url: string;
  apiKey: string;
  requests: FakeSendRequest[];
  sent: FakeSentMessage[];
  echoes: FakeEcho[];
  /** Mutable: what `GET /v3/channels` answers and which channels sends may use. */
  channels: FakeChannel[];
  /** Mutable: what `GET /v3/templates/whatsapp` answers and which templates sends may use. */
  templates: FakeTemplate[];
  /** Where echoes of accepted sends are POSTed; settable once our server is listening. */
  echoWebhookUrl: string | undefined;
  /** Steps for the next sends, in order; they take precedence over `script`. */
  respondNext(...steps: FakeStep[]): void;
  waitForSent(n: number, timeoutMs?: number): Promise<FakeSentMessage[]>;
  stop(): Promise<void>;
}

export interface CreateFakeWazzupOptions {
  apiKey?: string;
  /** Steps by send call number (1-based). */
  script?: Record<number, FakeStep>;
  channels?: FakeChannel[];
  templates?: FakeTemplate[];
  echoWebhookUrl?: string;
  /** Wait before POSTing an echo. */
  echoDelayMs?: number;
  /** Personal WhatsApp's limit (`MESSAGE_TEXT_TOO_LONG`). */
  maxTextLength?: number;
  /** The fake's clock, for the 60 s crmMessageId window. */
  now?: () => number;
}

/** transport → allowed chatTypes (wapi is WABA, which sends as `whatsapp`). */
const transportChatTypes: Record<string, string[]> = {
  whatsapp: ["whatsapp", "whatsgroup"],
  wapi: ["whatsapp"],
  tgapi: ["telegram", "telegroup"],
  telegram: ["telegram", "telegroup"],
  max: ["max", "maxgroup"],
  maxbot: ["max", "maxgroup"],
};

export const defaultFakeChannels = (): FakeChannel[] => [
  {
    channelId: fakeChannelId,
    transport: "whatsapp",
    plainId: "971500000001",
    state: "active",
    name: "Treejar Sales",
  },
];

export const defaultFakeTemplates = (): FakeTemplate[] => [
  {
    templateGuid: fakeTemplateId,
    title: "Quotation follow-up",
    name: "quotation_follow_up",
    language: "en",
    category: "UTILITY",
    status: "approved",
    channels: [fakeChannelId],
    components: [{ type: "BODY", text: "Hello {{1}}, your quotation {{2}} is ready." }],
    templateCode: `@template: ${fakeTemplateId} { [[body1]]; [[body2]] }`,
  },
];

/** Distinct `{{n}}` placeholders of a template's text components. */
const templateVariableCount = (t: FakeTemplate) =>
  new Set(
    t.components.flatMap((c) => [...(c.text ?? "").matchAll(/\{\{\s*([^{}\s]+)\s*\}\}/g)].map((m) => m[1])),
  ).size;

const requestId = () => crypto.randomUUID().replaceAll("-", "");

class SendRefused {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    readonly data?: unknown,
  ) {}
}

const invalid = (field: string, description: string) =>
  new SendRefused(400, "VALIDATION_ERROR", description, { fields: [field] });

/**
 * A connection closed without an answer: Bun resets the socket when the body stream
 * errors before anything was written (erroring with no reason keeps the test log quiet).
 */
const droppedResponse = () =>
  new Response(
    new ReadableStream({
      pull(controller) {
        controller.error();
      },
    }),
  );

export function createFakeWazzup({
  apiKey = "fake-wazzup-key",
  script = {},
  channels = defaultFakeChannels(),
  templates = defaultFakeTemplates(),
  echoWebhookUrl,
  echoDelayMs = 0,
  maxTextLength = 10_000,
  now = Date.now,
}: CreateFakeWazzupOptions = {}): FakeWazzup {
  const queue: FakeStep[] = [];
  const crmIds = new Map<string, number>();
  const waiters = new Set<() => void>();
  const pendingEchoes = new Set<Promise<void>>();
  let sendCalls = 0;

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    body === undefined ? new Response(null, { status, headers }) : Response.json(body, { status, headers });

  const authorized = (req: Request) => req.headers.get("authorization") === `Bearer ${apiKey}`;
  const unauthorized = () => json(401, { error: "UNAUTHORIZED", description: "Invalid API key" });

  function validate(body: unknown): Omit<FakeSentMessage, "messageId" | "at"> {
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new SendRefused(400, "INVALID_MESSAGE_DATA", "Request body must be a JSON object");
    }
    const b = body as Record<string, unknown>;
    if (typeof b.channelId !== "string" || b.channelId === "")
      throw invalid("channelId", "channelId is required");
    const channel = fake.channels.find((c) => c.channelId === b.channelId);
    if (!channel) throw new SendRefused(400, "CHANNEL_NOT_FOUND", "Channel not found");
    if (channel.state.toLowerCase() !== "active") {
      throw new SendRefused(400, "MESSAGE_CHANNEL_UNAVAILABLE", "Channel is not available");
    }
    if (typeof b.chatType !== "string" || !(chatTypes as readonly string[]).includes(b.chatType)) {
      throw invalid("chatType", "chatType is invalid");
    }
    const allowed = transportChatTypes[channel.transport] ?? [channel.transport];
    if (!allowed.includes(b.chatType)) {
      throw new SendRefused(400, "WRONG_TRANSPORT", "chatType does not match the channel transport");
    }
    if (typeof b.chatId !== "string" || b.chatId === "") throw invalid("chatId", "chatId is required");
    if (b.chatType === "whatsapp" && !/^\d{7,15}$/.test(b.chatId)) {
      throw invalid("chatId", "chatId must be digits with the country code, no +");
    }
    const has = (k: string) => b[k] !== undefined;
    if (has("text") && has("contentUri")) {
      throw new SendRefused(400, "MESSAGE_ONLY_TEXT_OR_CONTENT", "Send either text or contentUri");
    }
    if (has("templateId") && (has("text") || has("contentUri"))) {
      throw new SendRefused(
        400,
        "MESSAGE_ONLY_TEXT_OR_CONTENT",
        "A template send carries no text or content",
      );
    }
    if (!has("text") && !has("contentUri") && !has("templateId")) {
      throw new SendRefused(400, "MESSAGE_NOTHING_TO_SEND", "Nothing to send");
    }
    if (has("text")) {
      if (typeof b.text !== "string") throw invalid("text", "text must be a string");
      if (b.text.trim() === "") throw new SendRefused(400, "MESSAGES_TEXT_CAN_NOT_BE_BLANK", "Text is blank");
      if (b.text.length > maxTextLength) {
        throw new SendRefused(400, "MESSAGE_TEXT_TOO_LONG", `Text is longer than ${maxTextLength}`);
      }
    }
    if (has("contentUri") && (typeof b.contentUri !== "string" || !/^https?:\/\/\S+$/.test(b.contentUri))) {
      throw invalid("contentUri", "contentUri must be a public http(s) URL");
    }
    if (has("templateId")) {
      const template = fake.templates.find((t) => t.templateGuid === b.templateId);
      if (!template) throw invalid("templateId", "Template not found");
      if (template.status.toLowerCase() !== "approved") {
        throw new SendRefused(400, "TEMPLATE_REJECTED", "Template is not approved");
      }
      const templateValues = b.templateValues ?? [];
      if (
        !Array.isArray(templateValues) ||
        templateValues.some((v) => typeof v !== "string") ||
        templateValues.length !== templateVariableCount(template)
      ) {
        throw invalid("templateValues", `templateValues must be ${templateVariableCount(template)} strings`);
      }
    }
    if (has("crmMessageId") && (typeof b.crmMessageId !== "string" || b.crmMessageId === "")) {
      throw invalid("crmMessageId", "crmMessageId must be a string");
    }
    if (has("clearUnanswered") && typeof b.clearUnanswered !== "boolean") {
      throw invalid("clearUnanswered", "clearUnanswered must be a boolean");
    }
    if (typeof b.crmMessageId === "string") {
      const seenAt = crmIds.get(b.crmMessageId);
      if (seenAt !== undefined && now() - seenAt < duplicateWindowMs) {
        throw new SendRefused(
          400,
          "REPEATED_CRM_MESSAGE_ID",
          "You have already sent message with same crmMessageId",
          { crmMessageId: b.crmMessageId },
        );
      }
    }
    return {
      channelId: b.channelId,
      chatType: b.chatType,
      chatId: b.chatId,
      ...(has("text") ? { text: b.text as string } : {}),
      ...(has("contentUri") ? { contentUri: b.contentUri as string } : {}),
      ...(has("templateId")
        ? { templateId: b.templateId as string, templateValues: (b.templateValues ?? []) as string[] }
        : {}),
      ...(has("crmMessageId") ? { crmMessageId: b.crmMessageId as string } : {}),
      ...(has("clearUnanswered") ? { clearUnanswered: b.clearUnanswered as boolean } : {}),
    };
  }

  function postEcho(message: FakeSentMessage) {
    const target = fake.echoWebhookUrl;
    if (!target) return;
    const body = {
      messages: [
        {
          messageId: message.messageId,
          dateTime: new Date(message.at).toISOString(),
          channelId: message.channelId,
          chatType: message.chatType,
          chatId: message.chatId,
          type: message.templateId
            ? "wapi_template"
            : message.contentUri
              ? mediaType(message.contentUri)
              : "text",
          isEcho: true,
          status: "sent",
          sentFromApp: false,
          ...(message.text === undefined ? {} : { text: message.text }),
          ...(message.contentUri === undefined ? {} : { contentUri: message.contentUri }),
        },
      ],
    };
    const delivery = (async () => {
      await abortableSleep(echoDelayMs);
      const status = await fetch(target, {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8" },
        body: JSON.stringify(body),
      })
        .then(async (res) => {
          await res.arrayBuffer();
          return res.status;
        })
        .catch(() => "failed" as const);
      fake.echoes.push({ messageId: message.messageId, status });
    })();
    pendingEchoes.add(delivery);
    void delivery.finally(() => pendingEchoes.delete(delivery));
  }

  async function handleSend(req: Request): Promise<Response> {
    const n = ++sendCalls;
    const text = await req.text();
    const record: FakeSendRequest = {
      n,
      headers: Object.fromEntries(req.headers),
      body: parseJson(text),
      at: now(),
    };
    fake.requests.push(record);
    const step = queue.shift() ?? script[n] ?? {};
    const answer = (status: number, body: unknown, headers?: Record<string, string>) => {
      record.answer = { status, body };
      return json(status, body, headers);
    };
    const drop = () => {
      record.answer = "dropped";
      return droppedResponse();
    };

    if (step.delayMs) await abortableSleep(step.delayMs);
    if (step.drop === "before") return drop();
    if (step.status !== undefined) {
      const body =
        step.error === undefined
          ? undefined
          : {
              status: step.status,
              requestId: requestId(),
              error: step.error,
              description: step.description ?? step.error,
              ...(step.data === undefined ? {} : { data: step.data }),
            };
      return answer(step.status, body, step.headers);
    }
    if (!authorized(req)) {
      record.answer = { status: 401, body: { error: "UNAUTHORIZED" } };
      return unauthorized();
    }
    try {
      const accepted: FakeSentMessage = {
        ...validate(record.body),
        messageId: crypto.randomUUID(),
        at: now(),
      };
      if (accepted.crmMessageId !== undefined) crmIds.set(accepted.crmMessageId, accepted.at);
      fake.sent.push(accepted);
      for (const wake of waiters) wake();
      postEcho(accepted);
      if (step.drop === "after") return drop();
      return answer(201, { messageId: accepted.messageId, chatId: accepted.chatId });
    } catch (error) {
      if (!(error instanceof SendRefused)) throw error;
      return answer(error.status, {
        status: error.status,
        requestId: requestId(),
        error: error.error,
        description: error.description,
        ...(error.data === undefined ? {} : { data: error.data }),
      });
    }
  }

  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 60,
    async fetch(req) {
      const url = new URL(req.url);
      if (req.method === "POST" && url.pathname === "/v3/message") return handleSend(req);
      if (!authorized(req)) return unauthorized();
      if (req.method === "GET" && url.pathname === "/v3/channels") return json(200, fake.channels);
      if (req.method === "GET" && url.pathname === "/v3/templates/whatsapp") {
        const limit = Number(url.searchParams.get("limit") ?? 100);
        const offset = Number(url.searchParams.get("offset") ?? 0);
        return json(200, fake.templates.slice(offset, offset + limit));
      }
      return json(404, { error: "NOT_FOUND", description: `${req.method} ${url.pathname}` });
    },
    error(error) {
      return Response.json({ error: "UNKNOWN_ERROR", description: String(error) }, { status: 500 });
    },
  });

  const fake: FakeWazzup = {
    url: `http://127.0.0.1:${server.port}/v3`,
    apiKey,
    requests: [],
    sent: [],
    echoes: [],
    channels,
    templates,
    echoWebhookUrl,
    respondNext: (...steps) => {
      queue.push(...steps);
    },
    waitForSent: (count, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (fake.sent.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(fake.sent);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`fake-wazzup: ${fake.sent.length} of ${count} messages sent after ${timeoutMs} ms`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    stop: async () => {
      await Promise.allSettled([...pendingEchoes]);
      await server.stop(true);
    },
  };
  return fake;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function mediaType(uri: string): string {
  const ext = new URL(uri).pathname.split(".").pop()?.toLowerCase() ?? "";
  if (["jpg", "jpeg", "png", "webp", "gif"].includes(ext)) return "image";
  if (["mp4", "mov", "3gp"].includes(ext)) return "video";
  if (["mp3", "ogg", "oga", "m4a", "aac"].includes(ext)) return "audio";
  return "document";
}

// ── Webhook bodies Wazzup POSTs to us ──────────────────────────────────────────────

export interface WebhookJson {
  test?: boolean;
  messages?: Record<string, unknown>[];
  statuses?: Record<string, unknown>[];
}

interface MessageBase {
  chatId: string;
  channelId?: string;
  chatType?: string;
  messageId?: string;
  dateTime?: string;
  contactName?: string;
}

const messageBase = ({
  chatId,
  channelId = fakeChannelId,
  chatType = "whatsapp",
  messageId = crypto.randomUUID(),
  dateTime = new Date().toISOString(),
}: MessageBase) => ({ messageId, dateTime, channelId, chatType, chatId });

const contact = (name: string | undefined) => (name === undefined ? {} : { contact: { name } });

/** A customer's text message. */
export function inboundText({
  text,
  contactName = "Customer",
  ...base
}: MessageBase & { text: string }): WebhookJson {
  return {
    messages: [
      { ...messageBase(base), type: "text", isEcho: false, status: "inbound", ...contact(contactName), text },
    ],
  };
}

/** A customer's media message (`image`, `audio`, `video`, `document`, `vcard`, `geo`, …). */
export function inboundMedia({
  type,
  contentUri,
  text,
  contactName = "Customer",
  ...base
}: MessageBase & { type: string; contentUri?: string; text?: string }): WebhookJson {
  return {
    messages: [
      {
        ...messageBase(base),
        type,
        isEcho: false,
        status: "inbound",
        ...contact(contactName),
        ...(contentUri === undefined ? {} : { contentUri }),
        ...(text === undefined ? {} : { text }),
      },
    ],
  };
}

/** An outgoing message seen as an echo: a manager typing in Wazzup (`sentFromApp`) or on the phone. */
export function outgoingEcho({
  text,
  sentFromApp = true,
  authorName = "Manager",
  status = "sent",
  ...base
}: MessageBase & { text: string; sentFromApp?: boolean; authorName?: string; status?: string }): WebhookJson {
  return {
    messages: [{ ...messageBase(base), type: "text", isEcho: true, status, sentFromApp, authorName, text }],
  };
}

/** A delivery status of one of our messages. */
export function statusUpdate({
  messageId,
  status,
  timestamp = new Date().toISOString(),
  error,
}: {
  messageId: string;
  status: string;
  timestamp?: string;
  error?: { error: string; description?: string };
}): WebhookJson {
  return { statuses: [{ messageId, timestamp, status, ...(error === undefined ? {} : { error }) }] };
}

/** Several bodies as one POST (Wazzup batches messages and statuses together). */
export function webhookBatch(...bodies: WebhookJson[]): WebhookJson {
  return {
    messages: bodies.flatMap((b) => b.messages ?? []),
    statuses: bodies.flatMap((b) => b.statuses ?? []),
  };
}
