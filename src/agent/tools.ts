/**
 * The tools of one turn, bound to its state, and the names to offer at each
 * step: every fixed tool, plus the stage moves the chart allows right now.
 */
import type { Conversation } from "../store/records.ts";
import type { KnowledgeSearch, ProductSearch, Quotations, StockLookup } from "./ports.ts";
import { createQuotationTool } from "./tools/create-quotation.ts";
import { getStockTool } from "./tools/get-stock.ts";
import { requestHumanTool } from "./tools/request-human.ts";
import { saveContactDetailsTool } from "./tools/save-contact-details.ts";
import { searchKnowledgeTool } from "./tools/search-knowledge.ts";
import { searchProductsTool } from "./tools/search-products.ts";
import { stageMoveTools, stageToolName } from "./tools/stage-tools.ts";
import type { TurnState } from "./turn-state.ts";

export interface AgentToolsOptions {
  state: TurnState;
  conversation: Conversation;
  productSearch: ProductSearch;
  knowledgeSearch: KnowledgeSearch;
  stock: StockLookup;
  quotations: Quotations;
  /** Time of a stage move. */
  now: () => number;
}

export function createAgentTools({
  state,
  conversation,
  productSearch,
  knowledgeSearch,
  stock,
  quotations,
  now,
}: AgentToolsOptions) {
  const fixed = {
    search_products: searchProductsTool({ productSearch, state }),
    get_stock: getStockTool({ stock }),
    search_knowledge: searchKnowledgeTool({ knowledgeSearch }),
    save_contact_details: saveContactDetailsTool({ state }),
    create_quotation: createQuotationTool({ quotations, conversation, state }),
    request_human: requestHumanTool({ state }),
  };
  const tools = { ...fixed, ...stageMoveTools({ state, now }) };
  const activeTools = (): string[] => [
    ...Object.keys(fixed),
    ...state.allowedMoves().map((m) => stageToolName(m.stage)),
  ];
  return { tools, activeTools };
}

export type AgentTools = ReturnType<typeof createAgentTools>["tools"];
