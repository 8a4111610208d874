/**
 * A thin `fetch` client for Wazzup API v3. It never retries: `POST /v3/message` is not
 * idempotent, and the outbox owns retries (withRetry + the same crmMessageId). What it
 * does own is staying under Wazzup's 500 requests / 5 s (see window-limiter.ts).
 */
import type { z } from "zod";
import { WazzupError, wazzupCodes, wazzupErrorFromResponse, wazzupRateWindowMs } from "./errors.ts";
import { createWindowLimiter } from "./window-limiter.ts";
import { Channel, type ChatType, SendMessageBody, SendMessageResult, Template } from "./wire.ts";

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface SendTarget {
  channelId: string;
  chatType: ChatType;
  chatId: string;
  /** Our idempotency key: Wazzup refuses a repeat within 60 s, which we read as "already sent". */
  crmMessageId: string;
  /** false (default) keeps the chat "unanswered" for managers after a bot reply. */
  clearUnanswered?: boolean;
  signal?: AbortSignal;
}

export interface SendResult {
  /** Wazzup's id; null when the send was refused as a repeat (it went out earlier, id unknown). */
  messageId: string | null;
  duplicate: boolean;
}

export interface WazzupClient {
  sendText(input: SendTarget & { text: string }): Promise<SendResult>;
  /** `contentUri` must be public and not redirect; Wazzup downloads it at once. No caption. */
  sendMedia(input: SendTarget & { contentUri: string }): Promise<SendResult>;
  /** A WABA template; `templateValues` in the template's variable order. */
  sendTemplate(input: SendTarget & { templateId: string; templateValues?: string[] }): Promise<SendResult>;
  listChannels(options?: { signal?: AbortSignal }): Promise<Channel[]>;
  /** Every WhatsApp template of the account, read page by page. */
  listTemplates(options?: { signal?: AbortSignal }): Promise<Template[]>;
}

export interface CreateWazzupClientOptions {
  baseUrl?: string;
  apiKey: string;
  fetch?: FetchLike;
  timeoutMs?: number;
  /** Per process: with several nodes on one key, divide Wazzup's 500 between them. */
  maxRequestsPer5s?: number;
  /** Length of the limiter window; only tests shorten it. */
  rateWindowMs?: number;
  /** Callers allowed to wait for the window before new ones are refused (retryable). */
  maxQueued?: number;
  random?: () => number;
}

const templatePageSize = 100;
/** A safety stop; no account has 5,000 templates. */
const maxTemplatePages = 50;

export function createWazzupClient({
  baseUrl = "https://api.wazzup24.com/v3",
  apiKey,
  fetch = globalThis.fetch,
  timeoutMs = 15_000,
  maxRequestsPer5s = 450,
  rateWindowMs = wazzupRateWindowMs,
  maxQueued = 1000,
  random = Math.random,
}: CreateWazzupClientOptions): WazzupClient {
  const root = baseUrl.replace(/\/+$/, "");
  const limiter = createWindowLimiter({ max: maxRequestsPer5s, windowMs: rateWindowMs, maxQueued });

  async function call({
    method,
    path,
    body,
    signal,
  }: {
    method: "GET" | "POST";
    path: string;
    body?: unknown;
    signal?: AbortSignal;
  }): Promise<unknown> {
    await limiter.acquire(signal);
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${root}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${apiKey}`,
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      text = await response.text();
    } catch (cause) {
      if (signal?.aborted) throw signal.reason;
      // A send that timed out may still have gone out: the outbox resends with the same crmMessageId.
      const timedOut = timeout.aborted;
      throw new WazzupError({
        kind: "network",
        code: timedOut ? wazzupCodes.timeout : wazzupCodes.networkError,
        retryable: true,
        description: timedOut ? `no answer within ${timeoutMs} ms` : String(cause),
        cause,
      });
    }
    const json = parseJson(text);
    if (!response.ok) {
      throw wazzupErrorFromResponse({
        status: response.status,
        body: json,
        retryAfter: response.headers.get("retry-after"),
        random,
      });
    }
    return json;
  }

  async function send({
    fields,
    signal,
  }: {
    fields: Record<string, unknown>;
    signal?: AbortSignal;
  }): Promise<SendResult> {
    const body = SendMessageBody.safeParse(fields);
    if (!body.success) {
      throw new WazzupError({
        kind: "rejected",
        code: wazzupCodes.invalidRequest,
        retryable: false,
        description: body.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
      });
    }
    try {
      const answer = SendMessageResult.safeParse(
        await call({ method: "POST", path: "/message", body: body.data, signal }),
      );
      // Any 2xx means Wazzup took the message; an odd body only costs us the id.
      return { messageId: answer.success ? answer.data.messageId : null, duplicate: false };
    } catch (error) {
      if (WazzupError.isInstance(error) && error.kind === "duplicate") {
        return { messageId: null, duplicate: true };
      }
      throw error;
    }
  }

  const target = ({ channelId, chatType, chatId, crmMessageId, clearUnanswered = false }: SendTarget) => ({
    channelId,
    chatType,
    chatId,
    crmMessageId,
    clearUnanswered,
  });

  return {
    sendText: (input) => send({ fields: { ...target(input), text: input.text }, signal: input.signal }),
    sendMedia: (input) =>
      send({ fields: { ...target(input), contentUri: input.contentUri }, signal: input.signal }),
    sendTemplate: ({ templateId, templateValues = [], ...input }) =>
      send({ fields: { ...target(input), templateId, templateValues }, signal: input.signal }),
    listChannels: async ({ signal } = {}) =>
      parseList(await call({ method: "GET", path: "/channels", signal }), Channel),
    listTemplates: async ({ signal } = {}) => {
      const templates: Template[] = [];
      for (let page = 0; page < maxTemplatePages; page++) {
        const query = `limit=${templatePageSize}&offset=${page * templatePageSize}`;
        const rows = parseList(
          await call({ method: "GET", path: `/templates/whatsapp?${query}`, signal }),
          Template,
        );
        templates.push(...rows);
        if (rows.length < templatePageSize) break;
      }
      return templates;
    },
  };
}

/** Wazzup bodies may be empty, or not JSON at all (`{ ok }` on some routes). */
function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const isListEnvelope = (body: unknown): body is { data: unknown[] } =>
  typeof body === "object" && body !== null && Array.isArray((body as { data?: unknown }).data);

/** List routes answer an array (or `{count, data}` on some); rows that do not parse are skipped. */
function parseList<T>(body: unknown, schema: z.ZodType<T>): T[] {
  const rows = Array.isArray(body) ? body : isListEnvelope(body) ? body.data : undefined;
  if (!rows) {
    throw new WazzupError({
      kind: "unavailable",
      code: wazzupCodes.invalidResponse,
      retryable: false,
      description: "expected a list",
      data: body,
    });
  }
  return rows.flatMap((row) => {
    const parsed = schema.safeParse(row);
    return parsed.success ? [parsed.data] : [];
  });
}
