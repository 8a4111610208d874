/**
 * Time for Zoho tests, shared by the client and the fake server. With `autoAdvance` a sleep moves
 * time forward and resolves at once; without it sleeps wait until the test calls `advance`, so a
 * burst of concurrent calls can be inspected one window at a time.
 */
export function createSimulatedClock({
  start = Date.parse("2025-10-01T08:00:00Z"),
  autoAdvance = true,
}: {
  start?: number;
  autoAdvance?: boolean;
} = {}) {
  let time = start;
  const sleeps: number[] = [];
  const timers: { at: number; resolve: () => void }[] = [];

  return {
    now: () => time,
    sleeps,
    get pendingTimers() {
      return timers.length;
    },
    sleep(ms: number): Promise<void> {
      sleeps.push(ms);
      if (autoAdvance) {
        time += ms;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => timers.push({ at: time + ms, resolve }));
    },
    advance(ms: number) {
      time += ms;
      for (const timer of timers.filter((t) => t.at <= time)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.resolve();
      }
    },
  };
}

/** Waits (bounded) for a condition that real I/O will make true; never used to measure speed. */
export async function until(condition: () => boolean, { timeoutMs = 5_000 } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await Bun.sleep(2);
  }
}
