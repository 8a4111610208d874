/**
 * The one error vocabulary for Wazzup: every failed call becomes a `WazzupError` with
 * a `kind` to branch on, Wazzup's code normalized to UPPER_SNAKE, and `retryable` /
 * `retryAfterMs` for `withRetry` (src/util/retry.ts).
 */
import { parseRetryAfter } from "../../util/retry.ts";
import { ServiceError } from "../../util/service-error.ts";
import { ErrorBody } from "./wire.ts";

export type WazzupErrorKind =
  | "unauthorized"
  | "forbidden"
  | "rate_limited"
  | "duplicate"
  | "rejected"
  | "unavailable"
  | "network";

/** Codes we act on. Wazzup spells some of them in camelCase too (`repeatedCrmMessageId`). */
export const wazzupCodes = {
  repeatedCrmMessageId: "REPEATED_CRM_MESSAGE_ID",
  /** WABA: free text outside the 24 h service window; a template is needed. */
  windowExpired: "24_HOURS_EXCEEDED",
  badContact: "BAD_CONTACT",
  wrongTransport: "WRONG_TRANSPORT",
  textTooLong: "MESSAGE_TEXT_TOO_LONG",
  messagesCanNotAdd: "MESSAGES_CAN_NOT_ADD",
  unknownError: "UNKNOWN_ERROR",
  unknownErrorWithTraceId: "UNKNOWN_ERROR_WITH_TRACE_ID",
  // Our own codes, for failures that never got a Wazzup answer.
  timeout: "TIMEOUT",
  networkError: "NETWORK_ERROR",
  invalidResponse: "INVALID_RESPONSE",
  invalidRequest: "INVALID_MESSAGE_DATA",
  clientQueueFull: "CLIENT_QUEUE_FULL",
} as const;

/** Wazzup counts requests in fixed 5 s windows and sends no Retry-After. */
export const wazzupRateWindowMs = 5000;

/** 400 codes for server-side trouble: a resend with the same crmMessageId is safe within 60 s. */
const retryableRejections: string[] = [
  wazzupCodes.messagesCanNotAdd,
  wazzupCodes.unknownError,
  wazzupCodes.unknownErrorWithTraceId,
];

const squash = (code: string) => code.replace(/[\s_-]/g, "").toLowerCase();
const known = new Map<string, string>(Object.values(wazzupCodes).map((c) => [squash(c), c]));

/** `repeatedCrmMessageId`, `REPEATEDCRMMESSAGEID`, `repeated-crm-message-id` → `REPEATED_CRM_MESSAGE_ID`. */
export function normalizeWazzupCode(code: string): string {
  const trimmed = code.trim();
  return (
    known.get(squash(trimmed)) ??
    trimmed
      .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
      .replace(/[\s-]+/g, "_")
      .toUpperCase()
  );
}

/** Compares Wazzup codes ignoring case and underscores (Wazzup spells them both ways). */
export function sameWazzupCode(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && squash(a) === squash(b);
}

const marker = Symbol.for("noor.WazzupError");

export interface WazzupErrorOptions {
  kind: WazzupErrorKind;
  code: string;
  retryable: boolean;
  status?: number;
  retryAfterMs?: number;
  description?: string;
  data?: unknown;
  requestId?: string;
  cause?: unknown;
}

export class WazzupError extends ServiceError<WazzupErrorKind> {
  readonly [marker] = true;
  override readonly name = "WazzupError";
  /** Normalized UPPER_SNAKE code: Wazzup's, `HTTP_<status>` when the body had none, or one of ours. */
  readonly code: string;
  readonly description?: string;
  readonly data?: unknown;
  readonly requestId?: string;

  constructor({ code, description, data, requestId, status, ...rest }: WazzupErrorOptions) {
    const where = status === undefined ? "" : ` ${status}`;
    super({ ...rest, status, message: `Wazzup${where} ${code}${description ? `: ${description}` : ""}` });
    this.code = code;
    this.description = description;
    this.data = data;
    this.requestId = requestId;
  }

  static isInstance(error: unknown): error is WazzupError {
    return typeof error === "object" && error !== null && marker in error;
  }
}

function kindOf(status: number, code: string): { kind: WazzupErrorKind; retryable: boolean } {
  if (status === 401) return { kind: "unauthorized", retryable: false };
  if (status === 403) return { kind: "forbidden", retryable: false };
  // Wazzup refuses a 429 before doing anything, so repeating it is always safe.
  if (status === 429) return { kind: "rate_limited", retryable: true };
  if (status >= 500) return { kind: "unavailable", retryable: true };
  if (code === wazzupCodes.repeatedCrmMessageId) return { kind: "duplicate", retryable: false };
  if (retryableRejections.includes(code)) return { kind: "unavailable", retryable: true };
  return { kind: "rejected", retryable: false };
}

/** Builds the error for a non-2xx answer. The body may be empty or not JSON at all. */
export function wazzupErrorFromResponse({
  status,
  body,
  retryAfter = null,
  random = Math.random,
  now = Date.now(),
}: {
  status: number;
  body: unknown;
  retryAfter?: string | null;
  random?: () => number;
  now?: number;
}): WazzupError {
  const parsed = ErrorBody.safeParse(body);
  const wire = parsed.success ? parsed.data : {};
  const code = wire.error ? normalizeWazzupCode(wire.error) : `HTTP_${status}`;
  const { kind, retryable } = kindOf(status, code);
  const retryAfterMs =
    kind === "rate_limited"
      ? (parseRetryAfter(retryAfter, now) ?? wazzupRateWindowMs + Math.round(random() * 500))
      : undefined;
  return new WazzupError({
    kind,
    code,
    retryable,
    status,
    retryAfterMs,
    description: wire.description,
    data: wire.data,
    requestId: wire.requestId,
  });
}
