import { sql } from "drizzle-orm";
import type { Executor } from "../executor.ts";
import type { OutboxItem } from "../records.ts";
import type { OutboxStore } from "../store.ts";
import { newId, toOutboxItem } from "./rows.ts";

/** Delivery statuses in the order they may follow each other; a status never moves back. */
const deliveryRank = { pending: 0, sent: 1, error: 2, delivered: 3, read: 4, failed: 5 } as const;

async function getItem(db: Executor, id: string): Promise<OutboxItem | null> {
  const [row] = await db.all(sql`SELECT * FROM outbox WHERE id = ${id}`);
  return row ? toOutboxItem(row as any) : null;
}

export function outboxQueries(db: Executor): OutboxStore {
  return {
    async claimDue({ now, limit, leaseMs }) {
      // The head of each chat's queue only: a part waits while an earlier part of the same chat is unsent.
      const candidates = await db.all<{ id: string }>(
        sql`SELECT o.id FROM outbox o
            WHERE o.due_at <= ${now}
              AND (o.status = 'pending' OR (o.status = 'sending' AND o.lease_until < ${now}))
              AND NOT EXISTS (
                SELECT 1 FROM outbox p
                WHERE p.chat_id = o.chat_id AND p.status IN ('pending', 'sending')
                  AND (p.created_at < o.created_at OR (p.created_at = o.created_at AND p.part < o.part)))
            ORDER BY o.due_at, o.created_at, o.part
            LIMIT ${limit}`,
      );
      // One transaction for the batch: one commit, not one per part.
      return db.transaction(async (tx) => {
        const claimed: OutboxItem[] = [];
        for (const { id } of candidates) {
          // Optimistic claim: another node may have taken it between the select and here.
          const won = await tx.run(
            sql`UPDATE outbox SET status = 'sending', lease_until = ${now + leaseMs}, attempts = attempts + 1
                WHERE id = ${id} AND (status = 'pending' OR (status = 'sending' AND lease_until < ${now}))`,
          );
          if (won === 1) claimed.push((await getItem(tx, id))!);
        }
        return claimed;
      });
    },
    async markSent(id, { wazzupMessageId, now }) {
      await db.transaction(async (tx) => {
        await tx.run(
          sql`UPDATE outbox SET status = 'sent', sent_at = ${now}, lease_until = NULL, last_error = NULL,
                wazzup_message_id = ${wazzupMessageId}
              WHERE id = ${id}`,
        );
        await tx.run(
          sql`UPDATE messages SET delivery_status = 'sent',
                wazzup_message_id = COALESCE(wazzup_message_id, ${wazzupMessageId})
              WHERE id = (SELECT message_id FROM outbox WHERE id = ${id}) AND delivery_status = 'pending'`,
        );
      });
    },
    async markRetry(id, { dueAt, error }) {
      await db.run(
        sql`UPDATE outbox SET status = 'pending', due_at = ${dueAt}, lease_until = NULL, last_error = ${error}
            WHERE id = ${id}`,
      );
    },
    async markFailed(id, { error }) {
      await db.transaction(async (tx) => {
        await tx.run(
          sql`UPDATE outbox SET status = 'failed', lease_until = NULL, last_error = ${error} WHERE id = ${id}`,
        );
        await tx.run(
          sql`UPDATE messages SET delivery_status = 'failed', delivery_error = ${error}
              WHERE id = (SELECT message_id FROM outbox WHERE id = ${id})`,
        );
      });
    },
    get: (id) => getItem(db, id),
    async listFailed({ limit = 100 } = {}) {
      const rows = await db.all(
        sql`SELECT * FROM outbox WHERE status = 'failed' ORDER BY created_at DESC, part LIMIT ${limit}`,
      );
      return rows.map((r) => toOutboxItem(r as any));
    },
    async resend(id, now = Date.now()) {
      const changed = await db.run(
        sql`UPDATE outbox SET status = 'pending', due_at = ${now}, attempts = 0, last_error = NULL,
              crm_message_id = ${`noor-${newId()}`}
            WHERE id = ${id} AND status = 'failed'`,
      );
      if (changed === 0) return null;
      await db.run(
        sql`UPDATE messages SET delivery_status = 'pending', delivery_error = NULL
            WHERE id = (SELECT message_id FROM outbox WHERE id = ${id})`,
      );
      return getItem(db, id);
    },
    async matchEcho({ chatId, wazzupMessageId, text, since }) {
      const [byId] = await db.all(
        sql`SELECT * FROM outbox WHERE wazzup_message_id = ${wazzupMessageId} LIMIT 1`,
      );
      if (byId) return toOutboxItem(byId as any);
      if (text === null) return null;
      // A send whose 201 was lost (or answered as a repeat) has no Wazzup id: match by chat and text.
      const [byText] = await db.all(
        sql`SELECT * FROM outbox WHERE chat_id = ${chatId} AND text = ${text} AND created_at >= ${since}
              AND status IN ('sending', 'sent') AND wazzup_message_id IS NULL
            ORDER BY created_at LIMIT 1`,
      );
      if (!byText) return null;
      await db.run(
        sql`UPDATE outbox SET wazzup_message_id = ${wazzupMessageId} WHERE id = ${(byText as any).id}`,
      );
      return toOutboxItem({ ...(byText as any), wazzup_message_id: wazzupMessageId });
    },
    async applyDeliveryStatus({ wazzupMessageId, status, error = null }) {
      const [row] = await db.all<{ id: string; delivery_status: keyof typeof deliveryRank | null }>(
        sql`SELECT m.id, m.delivery_status FROM messages m
            WHERE m.id = (SELECT message_id FROM outbox WHERE wazzup_message_id = ${wazzupMessageId} LIMIT 1)
               OR m.wazzup_message_id = ${wazzupMessageId}
            LIMIT 1`,
      );
      if (!row) return false;
      const current = deliveryRank[row.delivery_status ?? "pending"];
      if (deliveryRank[status] <= current) return false;
      await db.run(
        sql`UPDATE messages SET delivery_status = ${status}, delivery_error = ${error} WHERE id = ${row.id}`,
      );
      return true;
    },
    async pendingCount() {
      const [row] = await db.all<{ n: number }>(
        sql`SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'sending')`,
      );
      return Number(row?.n ?? 0);
    },
  };
}
