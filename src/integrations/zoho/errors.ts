import { ServiceError, type ServiceErrorOptions } from "../../util/service-error.ts";
export type ZohoErrorKind =
  | "unauthorized"
  | "rate_limited"
  | "not_found"
  | "rejected"
  | "unavailable"
  | "network";

const marker = Symbol.for("noor.ZohoError");

/** Zoho codes that mean "too many requests": per minute (44), per day (45), in flight (1070), older limiter (43). */
const rateLimitCodes = new Set([43, 44, 45, 1070]);
/** Codes Zoho answers for an expired/revoked token or a missing scope (57) and a bad/missing token (14). */
const unauthorizedCodes = new Set([14, 57]);
const notFoundCode = 1002;
const internalErrorCode = 1000;

/** Waits when Zoho gave no Retry-After: the per-minute block lasts the rest of the minute. */
const defaultRateLimitWaitMs: Record<number, number> = { 43: 2_000, 44: 60_000, 1070: 1_500 };

export class ZohoError extends ServiceError<ZohoErrorKind> {
  override readonly name = "ZohoError";
  readonly [marker] = true;
  /** Zoho's body `code` (or the token endpoint's `error` string), when it sent one. */
  readonly code?: number | string;

  constructor({ code, ...rest }: ServiceErrorOptions<ZohoErrorKind> & { code?: number | string }) {
    super(rest);
    this.code = code;
  }

  static isInstance(error: unknown): error is ZohoError {
    return typeof error === "object" && error !== null && marker in error;
  }
}

/**
 * Classifies an API answer that is not a success: HTTP status and body `code` together,
 * since Zoho sometimes answers a limit or a missing scope under an unexpected status.
 */
export function zohoApiError({
  status,
  code,
  message,
  retryAfterMs,
}: {
  status: number;
  code?: number;
  message?: string;
  retryAfterMs?: number;
}): ZohoError {
  const text = message ?? `Zoho answered HTTP ${status}`;
  if (status === 429 || (code !== undefined && rateLimitCodes.has(code))) {
    // The daily quota (45) lasts until the day resets: retrying soon only burns calls.
    const retryable = code !== 45;
    const wait = retryAfterMs ?? (code === undefined ? 60_000 : defaultRateLimitWaitMs[code]);
    return new ZohoError({
      kind: "rate_limited",
      message: text,
      code,
      status,
      retryable,
      retryAfterMs: wait,
    });
  }
  if (status === 401 || (code !== undefined && unauthorizedCodes.has(code))) {
    return new ZohoError({ kind: "unauthorized", message: text, code, status });
  }
  if (status === 404 || code === notFoundCode) {
    return new ZohoError({ kind: "not_found", message: text, code, status });
  }
  if (status >= 500 || code === internalErrorCode) {
    return new ZohoError({ kind: "unavailable", message: text, code, status, retryable: true, retryAfterMs });
  }
  return new ZohoError({ kind: "rejected", message: text, code, status });
}
