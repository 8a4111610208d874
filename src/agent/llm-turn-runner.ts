/**
 * The LLM turn: the runtime's `TurnRunner` port on the AI SDK. Per turn it
 * checks the budget, detects the customer's language, builds the masked
 * context and the instructions (stage rules and moves read from the chart),
 * runs the tool loop, and returns the reply, usage, cost, the sales events in
 * order, the final stage, the contact details learned and any handoff. It
 * never writes the conversation: the runtime commits the result.
 *
 * An LLM error or timeout is thrown: the chart's failure path sends the
 * polite fallback, flags the chat for a human and keeps the burst unanswered.
 */
import type { LanguageModel } from "ai";
import { type Logger, silentLogger } from "../log.ts";
import { burstLanguage, holdingReplies, type TurnRunner } from "../runtime/index.ts";
import { currentStage, stageRules } from "../sales/index.ts";
import type { Conversation } from "../store/records.ts";
import type { MessageStore, StatsStore } from "../store/store.ts";
import { guardTools } from "./guard-tools.ts";
import type { KnowledgeSearch, ProductSearch, Quotations, StockLookup } from "./ports.ts";
import { buildInstructions, type CustomerFacts } from "./prompt.ts";
import { runTurn, TurnError } from "./run-turn.ts";
import { createAgentTools } from "./tools.ts";
import { buildTurnContext } from "./turn-context.ts";
import { checkTurnLimits, type TurnLimits } from "./turn-limits.ts";
import { type ContactPatch, createTurnState } from "./turn-state.ts";

export interface LlmTurnRunnerOptions {
  /** The primary model first, then fallbacks in order. */
  models: LanguageModel[];
  store: {
    messages: Pick<MessageStore, "recent" | "countAssistantSince">;
    stats: Pick<StatsStore, "costSince">;
  };
  productSearch: ProductSearch;
  knowledgeSearch: KnowledgeSearch;
  stock: StockLookup;
  quotations: Quotations;
  limits: TurnLimits;
  logger?: Logger;
  /** Budget of one turn, fallbacks included. */
  timeoutMs?: number;
  maxSteps?: number;
  /** Retries per model on transient errors (the SDK's backoff, honouring Retry-After). */
  maxRetries?: number;
  /** Messages read from the store per turn (the summary covers those beyond the verbatim ten). */
  historySize?: number;
  /** Clock for stage-move times. */
  now?: () => number;
}

function customerFacts(conversation: Conversation, learned: ContactPatch): CustomerFacts {
  return {
    name: learned.customerName ?? conversation.customerName,
    company: learned.companyName ?? conversation.companyName,
    emailKnown: Boolean(learned.email ?? conversation.email),
    // On WhatsApp the number they write from is known.
    phoneKnown: Boolean(learned.phone ?? conversation.phone) || conversation.chatType === "whatsapp",
  };
}

export function createLlmTurnRunner({
  models,
  store,
  productSearch,
  knowledgeSearch,
  stock,
  quotations,
  limits,
  logger = silentLogger,
  timeoutMs = 45_000,
  maxSteps = 6,
  maxRetries = 2,
  historySize = 40,
  now = Date.now,
}: LlmTurnRunnerOptions): TurnRunner {
  return {
    name: "llm",
    async run({ conversation, burst, snapshot, signal, now: turnAt }) {
      const log = logger.child({ conversationId: conversation.id, chatId: conversation.chatId });
      const language = burstLanguage(burst, conversation.language);

      const limit = await checkTurnLimits({ store, conversationId: conversation.id, limits, now: turnAt });
      if (!limit.ok) {
        log.warn(`LLM not called, chat handed to a human: ${limit.reason}`, { limit: limit.reason });
        return {
          reply: { text: holdingReplies.limit[language] },
          salesEvents: [],
          stage: currentStage(snapshot),
          language,
          handoff: { reason: limit.reason },
        };
      }

      const recent = await store.messages.recent(conversation.id, historySize);
      const { vault, summary, messages } = buildTurnContext({ conversation, recent, burst });
      const state = createTurnState(snapshot);
      const { tools, activeTools } = createAgentTools({
        state,
        conversation,
        productSearch,
        knowledgeSearch,
        stock,
        quotations,
        now,
      });
      const instructions = () =>
        vault.mask(
          buildInstructions({
            language,
            stage: state.stage(),
            stageRules: stageRules(state.stage()).en,
            allowedMoves: state
              .allowedMoves()
              .map(({ toolName, description }) => ({ toolName, description })),
            summary,
            customer: customerFacts(conversation, state.contact()),
            now: new Date(turnAt),
          }),
        );

      const result = await runTurn({
        models,
        instructions,
        messages,
        tools: guardTools({ tools, vault, logger: log }),
        activeTools,
        maxSteps,
        timeoutMs,
        maxRetries,
        abortSignal: signal,
      });
      const text = vault.unmask(result.text).trim();
      if (!text)
        throw new TurnError({ kind: "rejected", message: "the model ended the turn without a reply" });

      const contact = state.contact();
      log.info("turn answered", {
        model: result.model,
        tokensIn: result.usage.tokensIn,
        tokensOut: result.usage.tokensOut,
        cost: result.cost,
        steps: result.steps.length,
        tools: result.toolCalls.map((c) => c.name),
        stage: state.stage(),
        language,
      });
      return {
        reply: {
          text,
          model: result.model,
          tokensIn: result.usage.tokensIn,
          tokensOut: result.usage.tokensOut,
          cost: result.cost,
        },
        salesEvents: state.salesEvents(),
        stage: state.stage(),
        language,
        handoff: state.handoff(),
        ...(Object.keys(contact).length > 0 ? { conversationPatch: contact } : {}),
      };
    },
  };
}
