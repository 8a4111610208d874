import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "../executor.ts";
import type { Conversation, ConversationPatch } from "../records.ts";
import type { ConversationStore } from "../store.ts";
import { toConversation } from "./rows.ts";

const patchColumns: Record<keyof ConversationPatch, string> = {
  customerName: "customer_name",
  companyName: "company_name",
  email: "email",
  phone: "phone",
  language: "language",
  salesStage: "sales_stage",
  status: "status",
  handoffReason: "handoff_reason",
  snapshot: "snapshot",
  summary: "summary",
};

/** `SET a = ?, b = ?` for the keys present in the patch (snapshot as JSON). */
export function patchAssignments(patch: ConversationPatch, now: number): SQL {
  const parts: SQL[] = [sql`updated_at = ${now}`];
  for (const [key, column] of Object.entries(patchColumns) as [keyof ConversationPatch, string][]) {
    if (!(key in patch)) continue;
    const raw = patch[key];
    const value = key === "snapshot" && raw != null ? JSON.stringify(raw) : (raw ?? null);
    parts.push(sql`${sql.identifier(column)} = ${value}`);
  }
  return sql.join(parts, sql`, `);
}

export async function getConversation(db: Executor, id: string): Promise<Conversation | null> {
  const [row] = await db.all(sql`SELECT * FROM conversations WHERE id = ${id}`);
  return row ? toConversation(row as any) : null;
}

export async function updateConversation(
  db: Executor,
  id: string,
  patch: ConversationPatch,
  now: number,
): Promise<Conversation | null> {
  await db.run(sql`UPDATE conversations SET ${patchAssignments(patch, now)} WHERE id = ${id}`);
  return getConversation(db, id);
}

export function conversationQueries(db: Executor): ConversationStore {
  return {
    get: (id) => getConversation(db, id),
    async findOpen(chatId) {
      const [row] = await db.all(
        sql`SELECT * FROM conversations WHERE chat_id = ${chatId} AND status <> 'closed'`,
      );
      return row ? toConversation(row as any) : null;
    },
    update: (id, patch, now = Date.now()) => updateConversation(db, id, patch, now),
    async list({ status, phone, language, stage, page, perPage }) {
      const where: SQL[] = [sql`1 = 1`];
      if (status) where.push(sql`status = ${status}`);
      if (language) where.push(sql`language = ${language}`);
      if (stage) where.push(sql`sales_stage = ${stage}`);
      if (phone) {
        const digits = `%${phone.replace(/\D/g, "") || phone}%`;
        where.push(sql`(chat_id LIKE ${digits} OR phone LIKE ${digits})`);
      }
      const cond = sql.join(where, sql` AND `);
      const [count] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM conversations WHERE ${cond}`);
      const rows = await db.all(
        sql`SELECT * FROM conversations WHERE ${cond}
            ORDER BY last_message_at DESC, id DESC LIMIT ${perPage} OFFSET ${(page - 1) * perPage}`,
      );
      return { items: rows.map((r) => toConversation(r as any)), total: Number(count?.n ?? 0) };
    },
    async withUnanswered(limit = 10_000) {
      const rows = await db.all(
        sql`SELECT c.* FROM conversations c
            WHERE c.status = 'active' AND EXISTS (
              SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND m.role = 'user' AND m.turn_id IS NULL)
            ORDER BY c.last_message_at LIMIT ${limit}`,
      );
      return rows.map((r) => toConversation(r as any));
    },
  };
}
