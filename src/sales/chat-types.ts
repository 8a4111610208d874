import type { Stage } from "../store/records.ts";

/** Caps that keep one chat's context (and its persisted snapshot) small whatever the customer does. */
export const chatLimits = {
  /** Message ids kept per buffer (pending, mid-turn); the oldest are dropped first. */
  bufferedIds: 50,
  stageHistory: 50,
  productsDiscussed: 20,
} as const;

/** What we know exists about the customer: flags only, never the values (no PII in the chart). */
export interface CustomerFlags {
  name: boolean;
  company: boolean;
  email: boolean;
}
export type ContactField = keyof CustomerFlags;

export interface StageChange {
  stage: Stage;
  at: number;
  by: "agent" | "admin";
}

export interface HandoffInfo {
  by: "admin" | "agent" | "error";
  reason: string;
}

export interface ChatInput {
  chatId: string;
  conversationId: string;
  debounceMs: number;
  /** Stage to start in (a conversation rebuilt from its row); greeting by default. */
  stage?: Stage;
  customer?: Partial<CustomerFlags>;
}

export interface ChatContext {
  chatId: string;
  conversationId: string;
  debounceMs: number;
  /** Epoch ms when the current burst is answered: the last message's `at` + debounceMs. */
  debounceDeadline: number | null;
  /** Unanswered message ids: the burst being collected, answered (in `replying`) or held (in `handoff`). */
  pending: string[];
  /** Ids that arrived while a turn was running; they become the next burst. */
  midTurn: string[];
  /** The current sales stage, kept by each stage's entry action (the state value is the authority). */
  stage: Stage;
  customer: CustomerFlags;
  /** SKUs the assistant has shown or shortlisted (most recent last). */
  productsDiscussed: string[];
  quotations: number;
  stageHistory: StageChange[];
  /** Number of turns started; the running turn's number while `replying`. */
  turn: number;
  lastError: { turn: number; message: string } | null;
  handoff: HandoffInfo | null;
}

export type StageMoveEventType = `sales.move_to_${Stage}`;
export type StageMoveEvent = { type: StageMoveEventType; at: number };

/** Events a turn may produce; the chart applies them when the turn completes. */
export type SalesEvent =
  | StageMoveEvent
  | { type: "sales.contact_saved"; fields: ContactField[] }
  | { type: "sales.products_discussed"; skus: string[] }
  | { type: "sales.quotation_created" };

/** `at` is the runtime clock's epoch ms when the event was received. */
export type InboxEvent =
  | { type: "inbox.message"; messageId: string; at: number }
  | { type: "inbox.rearm"; at: number };

export type AdminEvent =
  | { type: "admin.handoff"; at: number; reason?: string }
  | { type: "admin.resume"; at: number }
  | { type: "admin.operator_replied"; at: number }
  | { type: "admin.set_stage"; stage: Stage; at: number };

export type ChatEvent = InboxEvent | AdminEvent | SalesEvent;

export interface TurnInput {
  chatId: string;
  conversationId: string;
  turn: number;
  messageIds: string[];
  stage: Stage;
  customer: CustomerFlags;
  productsDiscussed: string[];
}

export interface TurnUsage {
  model: string;
  tokensIn: number;
  tokensOut: number;
  cost: number | null;
}

export interface TurnOutput {
  /** Runtime clock when the turn finished. */
  at: number;
  /** Text to send, or null when the turn decided to stay silent. */
  reply: string | null;
  /** Sales events the turn already checked against its copy of the chart, in order. */
  salesEvents: SalesEvent[];
  /** Set when the model asked for a human (request_human); the reply is still sent. */
  handoff: { reason: string } | null;
  usage?: TurnUsage;
}

export interface SendReplyParams {
  turn: number;
  messageIds: string[];
  output: TurnOutput;
}

export interface SendFallbackParams {
  turn: number;
  messageIds: string[];
  error: string;
}

export interface StageMeta {
  rules: { en: string; summary?: string };
}
export interface MoveMeta {
  /** Told to the model when the move's guard blocks it. */
  blockedReason?: string;
}
