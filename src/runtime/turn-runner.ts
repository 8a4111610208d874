/**
 * The port a chat's turn runs through. The LLM agent implements it; without
 * OPENROUTER_API_KEY the holding runner does (a polite holding reply and a
 * handoff). The runtime commits what a runner returns: runners never write
 * the conversation themselves.
 */
import type { ChatSnapshot, SalesEvent } from "../sales/index.ts";
import type { Conversation, ConversationPatch, Language, Message, Stage } from "../store/index.ts";

export interface TurnRequest {
  conversation: Conversation;
  /** The burst this turn answers, oldest first. */
  burst: Message[];
  /** The chat actor's snapshot when the turn started (stage, customer flags, allowed moves). */
  snapshot: ChatSnapshot;
  signal: AbortSignal;
  now: number;
}

export interface TurnReplyDraft {
  text: string;
  model?: string | null;
  tokensIn?: number | null;
  tokensOut?: number | null;
  cost?: number | null;
}

export interface TurnResult {
  reply: TurnReplyDraft | null;
  /** Sales events already checked against a copy of the chart, in order. */
  salesEvents: SalesEvent[];
  /** The stage after those events (stored with the reply, in the same transaction). */
  stage: Stage;
  language: Language;
  handoff: { reason: string } | null;
  /** Customer details the turn learned (saved with the reply). */
  conversationPatch?: ConversationPatch;
}

export interface TurnRunner {
  readonly name: string;
  run(request: TurnRequest): Promise<TurnResult>;
}
