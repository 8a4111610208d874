/**
 * Delivers queued reply parts. Claims due parts (only the head of each
 * chat's queue, so replies keep their order), sends them concurrently across
 * chats, and records the outcome: sent; retried later with backoff and
 * jitter (429, 5xx, network; the server's wait when it gave one); or failed
 * with the reason. A crash mid-send leaves a lease that expires, and the same
 * crmMessageId is sent again (Wazzup answers a repeat within 60 s as "already
 * sent").
 */
import type { Logger } from "../log.ts";
import type { Metrics } from "../metrics.ts";
import type { OutboxItem, Store } from "../store/index.ts";
import { isRetryableError, retryDelay } from "../util/retry.ts";
import type { MessageSender } from "./message-sender.ts";

export interface OutboxWorkerOptions {
  store: Store;
  sender: MessageSender;
  logger: Logger;
  metrics: Metrics;
  pollMs?: number;
  batchSize?: number;
  leaseMs?: number;
  maxAttempts?: number;
  initialRetryMs?: number;
  maxRetryMs?: number;
  now?: () => number;
  /** Called after a part is sent (the terminal chat and tests listen). */
  onSent?: (item: OutboxItem) => void;
}

export interface OutboxWorker {
  start(): void;
  /** Sends what is due now; resolves when that batch is done. */
  drainOnce(): Promise<number>;
  /** Wakes the loop early (a reply was just committed). */
  wake(): void;
  /** Stops claiming and waits for sends in flight. */
  stop(): Promise<void>;
}

const describe = (error: unknown) => {
  const e = error as { code?: string; message?: string };
  return e.code ? `${e.code}: ${e.message ?? ""}`.trim() : String(e.message ?? error);
};

export function createOutboxWorker({
  store,
  sender,
  logger,
  metrics,
  pollMs = 500,
  batchSize = 50,
  leaseMs = 30_000,
  maxAttempts = 8,
  initialRetryMs = 1000,
  maxRetryMs = 60_000,
  now = Date.now,
  onSent,
}: OutboxWorkerOptions): OutboxWorker {
  const sent = metrics.counter("outbox_parts_total", "Reply parts by delivery outcome");
  let running = false;
  let timer: Timer | undefined;
  let wakeRequested = false;
  let inFlight: Promise<unknown> = Promise.resolve();

  const deliver = async (item: OutboxItem) => {
    try {
      const { wazzupMessageId } = await sender.send(item);
      await store.outbox.markSent(item.id, { wazzupMessageId, now: now() });
      sent.inc({ outcome: wazzupMessageId === null ? "repeat" : "sent" });
      onSent?.(item);
    } catch (error) {
      const reason = describe(error);
      if (isRetryableError(error) && item.attempts < maxAttempts) {
        const delay = retryDelay({
          attempt: item.attempts,
          error,
          initialDelayMs: initialRetryMs,
          maxDelayMs: maxRetryMs,
          backoffFactor: 2,
          random: Math.random,
        });
        await store.outbox.markRetry(item.id, { dueAt: now() + delay, error: reason });
        sent.inc({ outcome: "retry" });
        logger.warn("send failed; will retry", { outboxId: item.id, chatId: item.chatId, reason, delay });
      } else {
        await store.outbox.markFailed(item.id, { error: reason, now: now() });
        sent.inc({ outcome: "failed" });
        logger.error("send failed for good", { outboxId: item.id, chatId: item.chatId, reason });
      }
    }
  };

  const drainOnce = async () => {
    const items = await store.outbox.claimDue({ now: now(), limit: batchSize, leaseMs });
    await Promise.all(items.map(deliver));
    return items.length;
  };

  const loop = async () => {
    if (!running) return;
    wakeRequested = false;
    try {
      const run = drainOnce();
      inFlight = run;
      const n = await run;
      // A full batch or a wake during the batch means more may be due right away.
      if (running && (n === batchSize || wakeRequested)) return void setImmediate(loop);
    } catch (error) {
      logger.error("outbox drain failed", { err: error });
    }
    if (running) timer = setTimeout(loop, pollMs);
  };

  return {
    start() {
      if (running) return;
      running = true;
      void loop();
    },
    drainOnce,
    wake() {
      wakeRequested = true;
      if (running && timer) {
        clearTimeout(timer);
        timer = undefined;
        setImmediate(loop);
      }
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await inFlight.catch(() => {});
    },
  };
}
