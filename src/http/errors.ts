/**
 * The single mapping from errors to HTTP answers, installed once on the root
 * app. Routes throw; nothing else builds error JSON. Unknown errors become a
 * generic 500 with the request id, logged once here.
 */
import type { Logger } from "../log.ts";

export type HttpErrorCode =
  | "bad_request"
  | "unauthorized"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "invalid"
  | "unavailable";

const statusOf: Record<HttpErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  invalid: 422,
  unavailable: 503,
};

export class HttpError extends Error {
  override readonly name = "HttpError";
  readonly status: number;
  constructor(
    readonly code: HttpErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.status = statusOf[code];
  }
}

export interface ErrorBody {
  error: { code: string; message: string; requestId?: string } & Record<string, unknown>;
}

/** Elysia's own error codes (validation, parse, not found) and ours, to one body shape. */
export function toErrorResponse({
  code,
  error,
  requestId,
  logger,
}: {
  code: string | number;
  error: unknown;
  requestId?: string;
  logger: Logger;
}): { status: number; body: ErrorBody } {
  if (error instanceof HttpError) {
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message, requestId, ...error.details } },
    };
  }
  if (code === "VALIDATION") {
    const e = error as {
      message?: string;
      all?: { path?: string; summary?: string; message?: string; schema?: { error?: unknown } }[];
    };
    // A schema's own `error` text (e.g. "status must be one of active, handoff, closed") beats TypeBox's.
    const issues = (e.all ?? []).map((i) => ({
      path: i.path ?? "",
      message: typeof i.schema?.error === "string" ? i.schema.error : (i.summary ?? i.message ?? "invalid"),
    }));
    const first = issues[0];
    const message = first ? `${first.path || "request"}: ${first.message}` : "invalid request";
    return { status: 422, body: { error: { code: "invalid", message, requestId, issues } } };
  }
  if (code === "PARSE") {
    return {
      status: 400,
      body: { error: { code: "bad_request", message: "body is not valid JSON", requestId } },
    };
  }
  if (code === "NOT_FOUND") {
    return { status: 404, body: { error: { code: "not_found", message: "no such route", requestId } } };
  }
  // A dependency that is away for now (Redis, the database): 503 tells callers (Wazzup) to retry.
  const failure = error as { kind?: unknown; retryable?: unknown; message?: unknown };
  if (failure?.kind === "unavailable" && failure.retryable === true) {
    logger.warn("request refused: a dependency is unavailable", { requestId, err: error });
    return {
      status: 503,
      body: { error: { code: "unavailable", message: "temporarily unavailable; retry shortly", requestId } },
    };
  }
  logger.error("request failed", { requestId, err: error, code });
  return { status: 500, body: { error: { code: "internal", message: "internal error", requestId } } };
}
