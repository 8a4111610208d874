/** Database rows (snake_case, dialect-neutral encodings) → records. */
import type { Conversation, Message, OutboxItem, Quotation } from "../records.ts";

type Row = Record<string, any>;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const json = <T>(v: unknown): T | null =>
  v === null || v === undefined ? null : (JSON.parse(String(v)) as T);

export const toConversation = (r: Row): Conversation => ({
  id: r.id,
  chatId: r.chat_id,
  channelId: r.channel_id,
  chatType: r.chat_type,
  customerName: r.customer_name ?? null,
  companyName: r.company_name ?? null,
  email: r.email ?? null,
  phone: r.phone ?? null,
  language: r.language ?? null,
  salesStage: r.sales_stage,
  status: r.status,
  handoffReason: r.handoff_reason ?? null,
  snapshot: json(r.snapshot),
  summary: r.summary ?? null,
  lastInboundAt: num(r.last_inbound_at),
  lastMessageAt: Number(r.last_message_at),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

export const toMessage = (r: Row): Message => ({
  id: r.id,
  conversationId: r.conversation_id,
  chatId: r.chat_id,
  role: r.role,
  kind: r.kind,
  text: r.text ?? null,
  contentUri: r.content_uri ?? null,
  wazzupMessageId: r.wazzup_message_id ?? null,
  turnId: r.turn_id ?? null,
  model: r.model ?? null,
  tokensIn: num(r.tokens_in),
  tokensOut: num(r.tokens_out),
  cost: num(r.cost),
  deliveryStatus: r.delivery_status ?? null,
  deliveryError: r.delivery_error ?? null,
  sentAt: Number(r.sent_at),
  createdAt: Number(r.created_at),
});

export const toOutboxItem = (r: Row): OutboxItem => ({
  id: r.id,
  messageId: r.message_id,
  conversationId: r.conversation_id,
  chatId: r.chat_id,
  channelId: r.channel_id,
  chatType: r.chat_type,
  part: Number(r.part),
  text: r.text ?? null,
  contentUri: r.content_uri ?? null,
  templateId: r.template_id ?? null,
  templateValues: json<string[]>(r.template_values),
  crmMessageId: r.crm_message_id,
  status: r.status,
  attempts: Number(r.attempts),
  dueAt: Number(r.due_at),
  lastError: r.last_error ?? null,
  wazzupMessageId: r.wazzup_message_id ?? null,
  createdAt: Number(r.created_at),
  sentAt: num(r.sent_at),
});

export const toQuotation = (r: Row): Quotation => ({
  id: r.id,
  conversationId: r.conversation_id,
  cartHash: r.cart_hash,
  zohoSalesOrderId: r.zoho_sales_order_id ?? null,
  salesOrderNumber: r.sales_order_number ?? null,
  lines: json(r.lines) ?? [],
  total: Number(r.total),
  currency: r.currency,
  status: r.status,
  error: r.error ?? null,
  createdAt: Number(r.created_at),
});

export const newId = (): string => Bun.randomUUIDv7();
