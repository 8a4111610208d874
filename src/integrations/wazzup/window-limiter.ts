/**
 * Keeps at most `max` request starts in any `windowMs` interval (a sliding log), so a
 * burst waits its turn instead of provoking Wazzup's 429. A sliding window is stricter
 * than Wazzup's fixed 5 s counter, so staying under it here stays under it there.
 * Callers are served first come, first served; beyond `maxQueued` waiting callers a
 * new one is refused at once (backpressure) rather than queued without bound.
 */
import { abortableSleep } from "../../util/retry.ts";
import { WazzupError, wazzupCodes } from "./errors.ts";

export interface WindowLimiter {
  /** Resolves when the caller may start its request; rejects when aborted, or with a retryable
   *  `WazzupError` (`CLIENT_QUEUE_FULL`) when too many callers already wait. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Callers waiting now. */
  readonly queued: number;
}

interface Waiter {
  resolve: () => void;
  signal?: AbortSignal;
  onAbort: () => void;
}

export function createWindowLimiter({
  max,
  windowMs,
  maxQueued = 1000,
  now = Date.now,
  sleep = abortableSleep,
}: {
  max: number;
  windowMs: number;
  maxQueued?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}): WindowLimiter {
  if (!(max >= 1)) throw new RangeError("max must be at least 1");
  const starts: number[] = [];
  const waiters: Waiter[] = [];
  let pumping = false;

  const prune = (t: number) => {
    while (starts.length > 0 && starts[0]! <= t - windowMs) starts.shift();
  };

  const pump = async () => {
    if (pumping) return;
    pumping = true;
    try {
      while (waiters.length > 0) {
        const t = now();
        prune(t);
        if (starts.length < max) {
          const waiter = waiters.shift()!;
          waiter.signal?.removeEventListener("abort", waiter.onAbort);
          starts.push(t);
          waiter.resolve();
        } else {
          await sleep(starts[0]! + windowMs - t);
        }
      }
    } finally {
      pumping = false;
    }
  };

  return {
    get queued() {
      return waiters.length;
    },
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (waiters.length >= maxQueued) {
        const t = now();
        prune(t);
        const freeAt = (starts[0] ?? t) + windowMs;
        return Promise.reject(
          new WazzupError({
            kind: "rate_limited",
            code: wazzupCodes.clientQueueFull,
            retryable: true,
            retryAfterMs: Math.max(0, freeAt - t),
            description: `${waiters.length} requests already waiting for the rate window`,
          }),
        );
      }
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          resolve,
          signal,
          onAbort: () => {
            const at = waiters.indexOf(waiter);
            if (at >= 0) waiters.splice(at, 1);
            reject(signal?.reason);
          },
        };
        signal?.addEventListener("abort", waiter.onAbort, { once: true });
        waiters.push(waiter);
        void pump();
      });
    },
  };
}
