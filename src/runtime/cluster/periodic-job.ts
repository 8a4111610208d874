/**
 * A job every node tries every `everyMs` (catalogue sync, outbox sweeps) but
 * that runs on one node per period: the lock is held for the period, not
 * just for the run. If the node that ran it dies, another runs it within a
 * period after its lock expires.
 */
import type { Logger } from "../../log.ts";
import type { JobLock } from "./job-lock.ts";

export interface PeriodicJobOptions {
  lock: JobLock;
  name: string;
  everyMs: number;
  /** Lock lease while running (renewed); a crashed run frees the lock after this. */
  ttlMs?: number;
  run: (signal: AbortSignal) => Promise<void>;
  logger: Logger;
}

export interface PeriodicJob {
  /** Tries once now (the timer does it every `everyMs`); true when it ran here. */
  runNow(): Promise<boolean>;
  /** Stops the timer, aborts a run in progress and waits for it. */
  stop(): Promise<void>;
}

export function schedulePeriodicJob({
  lock,
  name,
  everyMs,
  ttlMs = 60_000,
  run,
  logger,
}: PeriodicJobOptions): PeriodicJob {
  const stopped = new AbortController();
  // Held a little less than a period, so the node that ran it can run it again on its next tick.
  const holdMs = everyMs - Math.min(1000, Math.floor(everyMs / 10));
  let running: Promise<boolean> | null = null;

  const attempt = () => {
    running ??= lock
      .runExclusive({ name, ttlMs, holdMs }, (lost) => run(AbortSignal.any([lost, stopped.signal])))
      .then((r) => r.ran)
      .catch((err) => {
        logger.error("periodic job failed", { job: name, err });
        return false;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  const timer = setInterval(() => void attempt(), everyMs);
  timer.unref?.();
  return {
    runNow: attempt,
    async stop() {
      clearInterval(timer);
      stopped.abort(new Error("stopping"));
      await running;
    },
  };
}
