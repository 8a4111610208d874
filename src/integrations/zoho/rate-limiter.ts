import { abortableSleep } from "../../util/retry.ts";
import { ZohoError } from "./errors.ts";

export interface RateLimiter {
  /** Resolves when a request may start; rejects if the wait would exceed the bound. */
  acquire(signal?: AbortSignal): Promise<void>;
}

export interface CreateRateLimiterOptions {
  maxRequests: number;
  windowMs?: number;
  /** Longest a caller is made to wait before it is refused instead. */
  maxWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * A rolling-window limiter (Zoho counts 100 requests per minute per organisation). Each caller
 * reserves the earliest start time that keeps every window under the limit, so callers are served
 * in arrival order and the wait is known up front, and then sleeps until that time.
 */
export function createRateLimiter({
  maxRequests,
  windowMs = 60_000,
  maxWaitMs = 2 * 60_000,
  now = Date.now,
  sleep = abortableSleep,
}: CreateRateLimiterOptions): RateLimiter {
  if (!Number.isInteger(maxRequests) || maxRequests < 1) throw new RangeError("maxRequests must be ≥ 1");
  /** Start times granted, ascending; only those inside the current window are kept. */
  const starts: number[] = [];

  return {
    async acquire(signal) {
      signal?.throwIfAborted();
      const at = now();
      while (starts.length > 0 && starts[0]! <= at - windowMs) starts.shift();
      const start =
        starts.length < maxRequests ? at : Math.max(at, starts[starts.length - maxRequests]! + windowMs);
      const waitMs = start - at;
      if (waitMs > maxWaitMs) {
        throw new ZohoError({
          kind: "rate_limited",
          message: `client-side limit of ${maxRequests} requests per ${windowMs} ms: a slot is ${waitMs} ms away`,
          retryAfterMs: waitMs,
        });
      }
      starts.push(start);
      if (waitMs > 0) await sleep(waitMs, signal);
    },
  };
}
