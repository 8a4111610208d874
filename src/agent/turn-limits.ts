/**
 * Budget guards checked before any LLM call: replies per chat per minute (a
 * loop or a flood) and the day's total LLM cost across all chats. Hitting
 * either hands the chat to a human instead of calling the model.
 */
import type { MessageStore, StatsStore } from "../store/store.ts";

export interface TurnLimits {
  /** Assistant replies allowed per conversation in any 60 s. */
  maxTurnsPerMinute: number;
  /** USD of LLM cost per UTC day, all conversations together. */
  dailyCostLimit: number;
}

export type LimitCheck = { ok: true } | { ok: false; reason: string };

const minute = 60_000;

export const startOfUtcDay = (at: number) => at - (at % 86_400_000);

export async function checkTurnLimits({
  store,
  conversationId,
  limits,
  now,
}: {
  store: { messages: Pick<MessageStore, "countAssistantSince">; stats: Pick<StatsStore, "costSince"> };
  conversationId: string;
  limits: TurnLimits;
  now: number;
}): Promise<LimitCheck> {
  const replies = await store.messages.countAssistantSince(conversationId, now - minute);
  if (replies >= limits.maxTurnsPerMinute) {
    return {
      ok: false,
      reason: `turn rate limit: ${replies} replies in the last minute (limit ${limits.maxTurnsPerMinute})`,
    };
  }
  const spent = await store.stats.costSince(startOfUtcDay(now));
  if (spent >= limits.dailyCostLimit) {
    return {
      ok: false,
      reason: `daily LLM cost limit reached: ${spent.toFixed(4)} USD spent today (limit ${limits.dailyCostLimit} USD)`,
    };
  }
  return { ok: true };
}
