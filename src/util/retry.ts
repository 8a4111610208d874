/**
 * The one retry policy for outside systems (Wazzup, Zoho, embeddings).
 * Retries only errors that say they are retryable, honours a server-given wait
 * (Retry-After) within a bound, never retries an abort, and rethrows the first
 * non-retryable error unwrapped.
 */
export interface RetryableError {
  retryable: boolean;
  /** Milliseconds the server asked us to wait, when it said. */
  retryAfterMs?: number;
}

export interface RetryOptions {
  /** Attempts in all, the first included. */
  maxAttempts?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  backoffFactor?: number;
  signal?: AbortSignal;
  /** Decides whether an error may be retried; by default reads `retryable`. */
  isRetryable?: (error: unknown) => boolean;
  /** Injected for tests: waits `ms` or rejects when aborted. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

/** A Retry-After header in ms: seconds or an HTTP date (it may carry either); undefined when absent or unreadable. */
export function parseRetryAfter(
  header: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function isRetryableError(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as RetryableError).retryable === true;
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Exponential backoff with full jitter, or the server's wait when it gave one. */
export function retryDelay({
  attempt,
  error,
  initialDelayMs,
  maxDelayMs,
  backoffFactor,
  random,
}: {
  attempt: number;
  error: unknown;
  initialDelayMs: number;
  maxDelayMs: number;
  backoffFactor: number;
  random: () => number;
}): number {
  const serverWait = (error as RetryableError | undefined)?.retryAfterMs;
  if (typeof serverWait === "number" && serverWait >= 0) return Math.min(serverWait, maxDelayMs);
  const ceiling = Math.min(maxDelayMs, initialDelayMs * backoffFactor ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  {
    maxAttempts = 4,
    initialDelayMs = 500,
    maxDelayMs = 30_000,
    backoffFactor = 2,
    signal,
    isRetryable = isRetryableError,
    sleep = abortableSleep,
    random = Math.random,
    onRetry,
  }: RetryOptions = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (error) {
      if (signal?.aborted || attempt >= maxAttempts || !isRetryable(error)) throw error;
      const delayMs = retryDelay({ attempt, error, initialDelayMs, maxDelayMs, backoffFactor, random });
      onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs, signal);
    }
  }
}
