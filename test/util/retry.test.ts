import { describe, expect, test } from "bun:test";
import { abortableSleep, isRetryableError, parseRetryAfter, withRetry } from "../../src/util/retry.ts";

class FlakyError extends Error {
  constructor(
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(retryable ? "try again" : "rejected");
  }
}

/** A `sleep` that records the waits and returns at once. */
const recordingSleep = () => {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
};

/** A function failing with the given errors in turn, then answering `done`. */
const failing = (...errors: Error[]) => {
  const calls: number[] = [];
  const fn = async (attempt: number) => {
    calls.push(attempt);
    const error = errors[calls.length - 1];
    if (error) throw error;
    return "done";
  };
  return { calls, fn };
};

describe("withRetry", () => {
  test("retries retryable errors until the call succeeds", async () => {
    const { waits, sleep } = recordingSleep();
    const { calls, fn } = failing(new FlakyError(true), new FlakyError(true));
    expect(await withRetry(fn, { sleep, random: () => 1 })).toBe("done");
    expect(calls).toEqual([1, 2, 3]);
    expect(waits).toHaveLength(2);
  });

  test("a non-retryable error is thrown at once, unwrapped", async () => {
    const { waits, sleep } = recordingSleep();
    const rejected = new FlakyError(false);
    const { calls, fn } = failing(rejected);
    const outcome = withRetry(fn, { sleep });
    await expect(outcome).rejects.toBe(rejected);
    expect(calls).toEqual([1]);
    expect(waits).toEqual([]);
  });

  test("errors that do not say they are retryable are not retried", async () => {
    const { sleep } = recordingSleep();
    const plain = new Error("plain");
    const { calls, fn } = failing(plain);
    await expect(withRetry(fn, { sleep })).rejects.toBe(plain);
    expect(calls).toEqual([1]);
  });

  test("a non-retryable error after retryable ones ends the retries with that error", async () => {
    const { sleep } = recordingSleep();
    const rejected = new FlakyError(false);
    const { calls, fn } = failing(new FlakyError(true), rejected);
    await expect(withRetry(fn, { sleep })).rejects.toBe(rejected);
    expect(calls).toEqual([1, 2]);
  });

  test("stops at maxAttempts and throws the last error", async () => {
    const { waits, sleep } = recordingSleep();
    const errors = [new FlakyError(true), new FlakyError(true), new FlakyError(true), new FlakyError(true)];
    const { calls, fn } = failing(...errors);
    await expect(withRetry(fn, { sleep, maxAttempts: 3 })).rejects.toBe(errors[2]!);
    expect(calls).toEqual([1, 2, 3]);
    expect(waits).toHaveLength(2);
  });

  test("backs off exponentially with jitter between half and all of the ceiling, capped", async () => {
    const errors = Array.from({ length: 5 }, () => new FlakyError(true));
    const top = recordingSleep();
    await withRetry(failing(...errors).fn, {
      sleep: top.sleep,
      random: () => 1,
      maxAttempts: 6,
      initialDelayMs: 100,
      backoffFactor: 3,
      maxDelayMs: 2000,
    });
    expect(top.waits).toEqual([100, 300, 900, 2000, 2000]);
    const bottom = recordingSleep();
    await withRetry(failing(...errors).fn, {
      sleep: bottom.sleep,
      random: () => 0,
      maxAttempts: 6,
      initialDelayMs: 100,
      backoffFactor: 3,
      maxDelayMs: 2000,
    });
    expect(bottom.waits).toEqual([50, 150, 450, 1000, 1000]);
  });

  test("waits what the server asked (retryAfterMs), within maxDelayMs", async () => {
    const { waits, sleep } = recordingSleep();
    const { fn } = failing(new FlakyError(true, 1234), new FlakyError(true, 0), new FlakyError(true, 99_999));
    await withRetry(fn, { sleep, random: () => 1, initialDelayMs: 10, maxDelayMs: 5000 });
    expect(waits).toEqual([1234, 0, 5000]);
  });

  test("reports each retry to onRetry", async () => {
    const { sleep } = recordingSleep();
    const first = new FlakyError(true, 42);
    const seen: unknown[] = [];
    await withRetry(failing(first).fn, { sleep, onRetry: (info) => seen.push(info) });
    expect(seen).toEqual([{ attempt: 1, delayMs: 42, error: first }]);
  });

  test("an abort during the wait ends it at once with the abort reason", async () => {
    const controller = new AbortController();
    const reason = new Error("shutting down");
    const { calls, fn } = failing(new FlakyError(true), new FlakyError(true));
    // The real sleep, asked to wait a minute; the abort must cut it short.
    const outcome = withRetry(fn, {
      signal: controller.signal,
      initialDelayMs: 60_000,
      maxDelayMs: 60_000,
      random: () => 1,
      onRetry: () => queueMicrotask(() => controller.abort(reason)),
    });
    await expect(outcome).rejects.toBe(reason);
    expect(calls).toEqual([1]);
  });

  test("an already aborted signal stops before the first attempt", async () => {
    const { calls, fn } = failing();
    const reason = new Error("gone");
    await expect(withRetry(fn, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(calls).toEqual([]);
  });

  test("an error raised while the signal is aborted is not retried", async () => {
    const controller = new AbortController();
    const { sleep, waits } = recordingSleep();
    const failure = new FlakyError(true);
    const outcome = withRetry(
      async () => {
        controller.abort();
        throw failure;
      },
      { signal: controller.signal, sleep },
    );
    await expect(outcome).rejects.toBe(failure);
    expect(waits).toEqual([]);
  });
});

describe("abortableSleep", () => {
  test("resolves after the wait", async () => {
    const started = performance.now();
    await abortableSleep(5);
    expect(performance.now() - started).toBeGreaterThanOrEqual(4);
  });

  test("rejects with the reason when aborted, before or during the wait", async () => {
    const reason = new Error("stop");
    await expect(abortableSleep(60_000, AbortSignal.abort(reason))).rejects.toBe(reason);
    const controller = new AbortController();
    const sleeping = abortableSleep(60_000, controller.signal);
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
  });
});

describe("isRetryableError", () => {
  test("is true only for errors flagged retryable: true", () => {
    expect(isRetryableError(new FlakyError(true))).toBe(true);
    expect(isRetryableError({ retryable: true })).toBe(true);
    expect(isRetryableError(new FlakyError(false))).toBe(false);
    expect(isRetryableError({ retryable: "yes" })).toBe(false);
    expect(isRetryableError(new Error("x"))).toBe(false);
    expect(isRetryableError(null)).toBe(false);
    expect(isRetryableError("retryable")).toBe(false);
  });
});

describe("parseRetryAfter", () => {
  test("reads seconds and HTTP dates; ignores garbage", () => {
    const now = Date.parse("2025-10-01T08:00:00Z");
    expect(parseRetryAfter("12", now)).toBe(12_000);
    expect(parseRetryAfter("Wed, 01 Oct 2025 08:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
