/**
 * The sales agent as the composition root builds it from config: the primary
 * model and the fallbacks on OpenRouter, quotations on Zoho (or local
 * numbers without it), the budget limits. Null without an OpenRouter key:
 * the runtime then answers with holding replies and hands chats to a human.
 */
import type { Config } from "../config.ts";
import type { ZohoClient } from "../integrations/zoho/index.ts";
import type { Logger } from "../log.ts";
import { createQuotations } from "../quotes/index.ts";
import type { TurnRunner } from "../runtime/index.ts";
import type { Store } from "../store/index.ts";
import { createLlmTurnRunner } from "./llm-turn-runner.ts";
import { createChatModel } from "./model.ts";
import type { KnowledgeSearch, ProductSearch, StockLookup } from "./ports.ts";

export interface SalesAgentOptions {
  llm: Config["llm"];
  store: Store;
  zoho: ZohoClient | null;
  productSearch: ProductSearch;
  knowledgeSearch: KnowledgeSearch;
  stock: StockLookup;
  logger: Logger;
}

export function createSalesAgent({
  llm,
  store,
  zoho,
  productSearch,
  knowledgeSearch,
  stock,
  logger,
}: SalesAgentOptions): TurnRunner | null {
  const { apiKey } = llm;
  if (!apiKey) return null;
  return createLlmTurnRunner({
    models: [llm.model, ...llm.fallbackModels].map((model) =>
      createChatModel({ baseUrl: llm.baseUrl, apiKey, model }),
    ),
    store,
    productSearch,
    knowledgeSearch,
    stock,
    quotations: createQuotations({ store, zoho, catalog: store.catalog, logger }),
    limits: { maxTurnsPerMinute: llm.maxTurnsPerMinute, dailyCostLimit: llm.dailyCostLimit },
    timeoutMs: llm.turnTimeoutMs,
    logger: logger.child({ component: "agent" }),
  });
}
