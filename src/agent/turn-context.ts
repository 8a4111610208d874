/**
 * The masked view of the conversation the model gets for one turn: history
 * before the burst, the burst itself, and the summary of older messages, with
 * phones and emails replaced by placeholders. The vault is seeded the same way
 * every turn (saved phone and email first, then the messages oldest first),
 * so the same number is [PHONE_1] from turn to turn.
 */
import type { ModelMessage } from "ai";
import type { Conversation, Message } from "../store/records.ts";
import { buildContext } from "./context.ts";
import { createPiiVault, type PiiVault } from "./pii.ts";

export interface TurnContext {
  vault: PiiVault;
  /** Masked summary of messages older than the verbatim window; null when there are none. */
  summary: string | null;
  /** Masked history, the burst last. */
  messages: ModelMessage[];
}

/** Messages before the burst: what arrived after its last message belongs to the next turn. */
function earlierThan(recent: Message[], burst: Message[]): Message[] {
  const ids = new Set(burst.map((m) => m.id));
  const lastBurstAt = recent.findLastIndex((m) => ids.has(m.id));
  return (lastBurstAt === -1 ? recent : recent.slice(0, lastBurstAt)).filter((m) => !ids.has(m.id));
}

function maskMessage(message: ModelMessage, vault: PiiVault): ModelMessage {
  // The context builder only makes text messages; anything else is not sent.
  return typeof message.content === "string"
    ? ({ ...message, content: vault.mask(message.content) } as ModelMessage)
    : message;
}

export function buildTurnContext({
  conversation,
  recent,
  burst,
  verbatim = 10,
}: {
  conversation: Conversation;
  /** The newest messages of the conversation, oldest first (the burst among them). */
  recent: Message[];
  burst: Message[];
  /** Messages before the burst given verbatim; older ones are summarised. */
  verbatim?: number;
}): TurnContext {
  const all = [...earlierThan(recent, burst), ...burst];
  const vault = createPiiVault();
  for (const text of [conversation.phone, conversation.email, ...all.map((m) => m.text)]) {
    if (text) vault.mask(text);
  }
  const context = buildContext({ messages: all, conversation, recentCount: verbatim + burst.length });
  return {
    vault,
    summary: context.summary === null ? null : vault.mask(context.summary),
    messages: context.history.map((m) => maskMessage(m, vault)),
  };
}
