import { sql } from "drizzle-orm";
import { isUniqueViolation } from "../errors.ts";
import type { Executor } from "../executor.ts";
import type { Conversation, InboundMessageInput, Message } from "../records.ts";
import type { MessageStore, OutgoingMessageInput, RecordInboundResult } from "../store.ts";
import { getConversation } from "./conversations.ts";
import { newId, toConversation, toMessage } from "./rows.ts";

async function getMessage(db: Executor, id: string): Promise<Message | null> {
  const [row] = await db.all(sql`SELECT * FROM messages WHERE id = ${id}`);
  return row ? toMessage(row as any) : null;
}

async function findByWazzupId(db: Executor, wazzupMessageId: string): Promise<Message | null> {
  const [row] = await db.all(sql`SELECT * FROM messages WHERE wazzup_message_id = ${wazzupMessageId}`);
  return row ? toMessage(row as any) : null;
}

/** The open conversation of a chat, or a new one carrying over what we knew from the last closed one. */
async function openConversation(
  db: Executor,
  input: InboundMessageInput,
  now: number,
): Promise<[Conversation, boolean]> {
  const [open] = await db.all(
    sql`SELECT * FROM conversations WHERE chat_id = ${input.chatId} AND status <> 'closed'`,
  );
  if (open) return [toConversation(open as any), false];
  const [last] = await db.all<Record<string, string | null>>(
    sql`SELECT customer_name, company_name, email, phone, language FROM conversations
        WHERE chat_id = ${input.chatId} ORDER BY created_at DESC LIMIT 1`,
  );
  const id = newId();
  await db.run(
    sql`INSERT INTO conversations (id, chat_id, channel_id, chat_type, customer_name, company_name, email, phone,
          language, sales_stage, status, last_message_at, created_at, updated_at)
        VALUES (${id}, ${input.chatId}, ${input.channelId}, ${input.chatType}, ${last?.customer_name ?? null},
          ${last?.company_name ?? null}, ${last?.email ?? null}, ${last?.phone ?? null}, ${last?.language ?? null},
          'greeting', 'active', ${now}, ${now}, ${now})`,
  );
  return [(await getConversation(db, id))!, true];
}

/** Stores one customer message inside the caller's transaction. */
async function recordInboundIn(
  tx: Executor,
  input: InboundMessageInput,
  now: number,
): Promise<RecordInboundResult> {
  const [conversation, conversationCreated] = await openConversation(tx, input, now);
  const message: Message = {
    id: newId(),
    conversationId: conversation.id,
    chatId: input.chatId,
    role: "user",
    kind: input.kind,
    text: input.text,
    contentUri: input.contentUri,
    wazzupMessageId: input.wazzupMessageId,
    turnId: null,
    model: null,
    tokensIn: null,
    tokensOut: null,
    cost: null,
    deliveryStatus: null,
    deliveryError: null,
    sentAt: input.sentAt,
    createdAt: now,
  };
  // The unique Wazzup id makes a redelivery a no-op; then we report the stored one.
  const inserted = await tx.run(
    sql`INSERT INTO messages (id, conversation_id, chat_id, role, kind, text, content_uri, wazzup_message_id,
          sent_at, created_at)
        VALUES (${message.id}, ${conversation.id}, ${input.chatId}, 'user', ${input.kind}, ${input.text},
          ${input.contentUri}, ${input.wazzupMessageId}, ${input.sentAt}, ${now})
        ON CONFLICT (wazzup_message_id) DO NOTHING`,
  );
  if (inserted === 0) {
    const existing = (await findByWazzupId(tx, input.wazzupMessageId))!;
    const stored = (await getConversation(tx, existing.conversationId))!;
    // A first message that turned out to be a duplicate must not leave an empty conversation behind.
    if (conversationCreated) await tx.run(sql`DELETE FROM conversations WHERE id = ${conversation.id}`);
    return { inserted: false, message: existing, conversation: stored, conversationCreated: false };
  }
  await tx.run(
    sql`UPDATE conversations SET last_inbound_at = ${now}, last_message_at = ${now}, updated_at = ${now}
        WHERE id = ${conversation.id}`,
  );
  return {
    inserted: true,
    message,
    conversation: { ...conversation, lastInboundAt: now, lastMessageAt: now, updatedAt: now },
    conversationCreated,
  };
}

/** Several customer messages in one transaction: one commit for a whole batch of webhooks. */
function recordInboundBatch(db: Executor, inputs: InboundMessageInput[], now: number) {
  return db.transaction(async (tx) => {
    const results: RecordInboundResult[] = [];
    for (const input of inputs) results.push(await recordInboundIn(tx, input, now));
    return results;
  });
}

/** Inserts our own message and its outbox parts into the caller's (already loaded) conversation, in a transaction. */
export async function insertOutgoing(
  tx: Executor,
  conversation: Conversation,
  input: OutgoingMessageInput,
): Promise<Message> {
  const now = input.now ?? Date.now();
  const id = newId();
  const delivery = input.parts.length > 0 ? "pending" : input.wazzupMessageId ? "sent" : null;
  await tx.run(
    sql`INSERT INTO messages (id, conversation_id, chat_id, role, kind, text, content_uri, wazzup_message_id, turn_id,
          model, tokens_in, tokens_out, cost, delivery_status, sent_at, created_at)
        VALUES (${id}, ${conversation.id}, ${conversation.chatId}, ${input.role}, ${input.kind ?? "text"},
          ${input.text}, ${null}, ${input.wazzupMessageId ?? null}, ${input.turnId ?? null}, ${input.model ?? null},
          ${input.tokensIn ?? null}, ${input.tokensOut ?? null}, ${input.cost ?? null}, ${delivery}, ${now}, ${now})`,
  );
  for (const [part, p] of input.parts.entries()) {
    await tx.run(
      sql`INSERT INTO outbox (id, message_id, conversation_id, chat_id, channel_id, chat_type, part, text, content_uri,
            template_id, template_values, crm_message_id, status, attempts, due_at, created_at)
          VALUES (${newId()}, ${id}, ${conversation.id}, ${conversation.chatId}, ${conversation.channelId},
            ${conversation.chatType}, ${part}, ${p.text ?? null}, ${p.contentUri ?? null}, ${p.templateId ?? null},
            ${p.templateValues ? JSON.stringify(p.templateValues) : null}, ${`noor-${id}-${part}`}, 'pending', 0,
            ${now}, ${now})`,
    );
  }
  await tx.run(
    sql`UPDATE conversations SET last_message_at = ${now}, updated_at = ${now} WHERE id = ${conversation.id}`,
  );
  return (await getMessage(tx, id))!;
}

export function messageQueries(db: Executor): MessageStore {
  return {
    async recordInbound(input, now = Date.now()) {
      return (await this.recordInboundMany([input], now))[0]!;
    },
    async recordInboundMany(inputs, now = Date.now()) {
      try {
        return await recordInboundBatch(db, inputs, now);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // Two nodes opening the same chat's conversation, or storing the same message, at once:
        // the loser's transaction rolled back; each message is retried on its own and re-reads.
        const results: RecordInboundResult[] = [];
        for (const input of inputs) results.push((await recordInboundBatch(db, [input], now))[0]!);
        return results;
      }
    },
    addOutgoing: (input) =>
      db.transaction(async (tx) => {
        const conversation = await getConversation(tx, input.conversationId);
        if (!conversation) throw new Error(`no conversation ${input.conversationId}`);
        return insertOutgoing(tx, conversation, input);
      }),
    get: (id) => getMessage(db, id),
    findByWazzupId: (id) => findByWazzupId(db, id),
    async list(conversationId, { limit = 1000 } = {}) {
      const rows = await db.all(
        sql`SELECT * FROM messages WHERE conversation_id = ${conversationId} ORDER BY created_at, id LIMIT ${limit}`,
      );
      return rows.map((r) => toMessage(r as any));
    },
    async recent(conversationId, limit) {
      const rows = await db.all(
        sql`SELECT * FROM messages WHERE conversation_id = ${conversationId}
            ORDER BY created_at DESC, id DESC LIMIT ${limit}`,
      );
      return rows.map((r) => toMessage(r as any)).reverse();
    },
    async unanswered(conversationId) {
      const rows = await db.all(
        sql`SELECT * FROM messages WHERE conversation_id = ${conversationId} AND role = 'user' AND turn_id IS NULL
            ORDER BY created_at, id`,
      );
      return rows.map((r) => toMessage(r as any));
    },
    async countAssistantSince(conversationId, since) {
      const [row] = await db.all<{ n: number }>(
        sql`SELECT count(*) AS n FROM messages
            WHERE conversation_id = ${conversationId} AND role = 'assistant' AND created_at >= ${since}`,
      );
      return Number(row?.n ?? 0);
    },
  };
}
