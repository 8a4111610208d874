/**
 * The Store: the only way the rest of Noor reaches the database. One
 * interface, two adapters (SQLite, PostgreSQL) chosen by DATABASE_URL, proven
 * equal by one contract test suite (test/support/store-contract.ts).
 *
 * Expected outcomes are values ({ inserted: false }, { ok: false, reason });
 * only database failures throw (StoreError or the driver's error).
 */
import type { CatalogStore } from "./catalog-store.ts";
import type { Dialect } from "./executor.ts";
import type {
  Conversation,
  ConversationPatch,
  ConversationStatus,
  DeliveryStatus,
  InboundMessageInput,
  Language,
  Message,
  MessageKind,
  OutboxItem,
  OutboxPartInput,
  Quotation,
  QuotationLine,
  Stage,
} from "./records.ts";

export interface SettingsStore {
  get(key: string): Promise<string | null>;
  /** Returns the stored value, storing `make()` first if there is none (race-safe across processes). */
  getOrCreate(key: string, make: () => string): Promise<string>;
}

export interface ConversationFilter {
  status?: ConversationStatus;
  /** Partial match on the chat id (the customer's number) or stored phone. */
  phone?: string;
  language?: Language;
  stage?: Stage;
  page: number;
  perPage: number;
}

export interface ConversationStore {
  get(id: string): Promise<Conversation | null>;
  findOpen(chatId: string): Promise<Conversation | null>;
  update(id: string, patch: ConversationPatch, now?: number): Promise<Conversation | null>;
  /** Newest activity first. */
  list(filter: ConversationFilter): Promise<{ items: Conversation[]; total: number }>;
  /** Open conversations holding user messages no turn has answered yet (recovery after a crash). */
  withUnanswered(limit?: number): Promise<Conversation[]>;
}

export interface RecordInboundResult {
  /** False when this Wazzup message id was already stored (a duplicate delivery). */
  inserted: boolean;
  message: Message;
  conversation: Conversation;
  /** True when this message opened a new conversation. */
  conversationCreated: boolean;
}

export interface OutgoingMessageInput {
  conversationId: string;
  role: "assistant" | "operator";
  text: string | null;
  kind?: MessageKind;
  turnId?: string | null;
  model?: string | null;
  tokensIn?: number | null;
  tokensOut?: number | null;
  cost?: number | null;
  /** What the outbox sends, in order; empty for a message that is only recorded (a manager's phone echo). */
  parts: OutboxPartInput[];
  /** Wazzup's id, when the message is already out (an echo). */
  wazzupMessageId?: string | null;
  now?: number;
}

export interface MessageStore {
  /**
   * Stores a customer's message, opening a conversation for the chat when none
   * is open (a new one carries over the known name, company and email).
   * Idempotent by Wazzup message id.
   */
  recordInbound(input: InboundMessageInput, now?: number): Promise<RecordInboundResult>;
  /** The same for several messages in one transaction (results in input order). */
  recordInboundMany(inputs: InboundMessageInput[], now?: number): Promise<RecordInboundResult[]>;
  /** Stores our own message (assistant or operator) and queues its parts for delivery. */
  addOutgoing(input: OutgoingMessageInput): Promise<Message>;
  get(id: string): Promise<Message | null>;
  findByWazzupId(wazzupMessageId: string): Promise<Message | null>;
  /** Oldest first. */
  list(conversationId: string, options?: { limit?: number }): Promise<Message[]>;
  /** The newest `limit` messages, returned oldest first. */
  recent(conversationId: string, limit: number): Promise<Message[]>;
  /** User messages no turn has answered yet, oldest first. */
  unanswered(conversationId: string): Promise<Message[]>;
  /** Assistant messages written since `since` (turn-rate limits). */
  countAssistantSince(conversationId: string, since: number): Promise<number>;
}

export interface TurnReply {
  text: string;
  model?: string | null;
  tokensIn?: number | null;
  tokensOut?: number | null;
  cost?: number | null;
  parts: OutboxPartInput[];
}

export interface CommitTurnInput {
  conversationId: string;
  turnId: string;
  /** The user messages this turn answers; all must still be unanswered. */
  answeredMessageIds: string[];
  reply: TurnReply | null;
  conversationPatch?: ConversationPatch;
  now?: number;
}

export type CommitTurnResult =
  | { ok: true; assistantMessage: Message | null; conversation: Conversation }
  | { ok: false; reason: "already_answered" | "no_conversation" };

export interface TurnStore {
  /**
   * One transaction: marks the answered messages, stores the reply and its
   * outbox parts, applies the conversation patch. A second commit for the same
   * messages (a replayed or overlapping turn) changes nothing.
   */
  commit(input: CommitTurnInput): Promise<CommitTurnResult>;
}

export interface OutboxStore {
  /**
   * Claims due parts for sending: only the oldest unsent part of each chat
   * (replies keep their order), each leased for `leaseMs` so a crashed
   * sender's parts come back.
   */
  claimDue(options: { now: number; limit: number; leaseMs: number }): Promise<OutboxItem[]>;
  markSent(id: string, options: { wazzupMessageId: string | null; now: number }): Promise<void>;
  markRetry(id: string, options: { dueAt: number; error: string }): Promise<void>;
  markFailed(id: string, options: { error: string; now: number }): Promise<void>;
  get(id: string): Promise<OutboxItem | null>;
  listFailed(options?: { limit?: number }): Promise<OutboxItem[]>;
  /** Queues a failed part again under a fresh crmMessageId; null when it is not failed. */
  resend(id: string, now?: number): Promise<OutboxItem | null>;
  /** Is this echo one of ours? By Wazzup id, else same chat and text sent recently. */
  matchEcho(options: {
    chatId: string;
    wazzupMessageId: string;
    text: string | null;
    since: number;
  }): Promise<OutboxItem | null>;
  /** Moves the delivery status of the message behind a sent part forward (never back). */
  applyDeliveryStatus(options: {
    wazzupMessageId: string;
    status: Exclude<DeliveryStatus, "pending" | "failed">;
    error?: string | null;
  }): Promise<boolean>;
  pendingCount(): Promise<number>;
}

export interface QuotationStore {
  find(conversationId: string, cartHash: string): Promise<Quotation | null>;
  /** Reserves the (conversation, cart) pair; null if it is already reserved. */
  reserve(input: {
    conversationId: string;
    cartHash: string;
    lines: QuotationLine[];
    total: number;
    currency: string;
    now?: number;
  }): Promise<Quotation | null>;
  /** `zohoSalesOrderId` is null for a quotation numbered locally (no Zoho configured). */
  markCreated(
    id: string,
    result: { zohoSalesOrderId: string | null; salesOrderNumber: string },
  ): Promise<Quotation>;
  markFailed(id: string, error: string): Promise<void>;
  listForConversation(conversationId: string): Promise<Quotation[]>;
}

export interface DailyFigure {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  value: number;
}

export interface Stats {
  conversationsByStage: Record<string, number>;
  conversationsByStatus: Record<string, number>;
  messagesPerDay: (DailyFigure & { role: string })[];
  costPerDay: DailyFigure[];
  /** From a customer's last message of a burst to our reply being stored, in ms. */
  responseTimeMs: { count: number; median: number | null; p95: number | null };
}

export interface StatsStore {
  stats(options: { from: number; to: number }): Promise<Stats>;
  /** LLM cost stored since `since` across all conversations (daily ceiling). */
  costSince(since: number): Promise<number>;
  costOfConversation(conversationId: string): Promise<number>;
}

export interface Store {
  readonly dialect: Dialect;
  readonly settings: SettingsStore;
  readonly conversations: ConversationStore;
  readonly messages: MessageStore;
  readonly turns: TurnStore;
  readonly outbox: OutboxStore;
  readonly quotations: QuotationStore;
  readonly catalog: CatalogStore;
  readonly stats: StatsStore;
  ping(): Promise<void>;
  close(): Promise<void>;
}
