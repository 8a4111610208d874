export { buildContext, type ContextOptions, type ModelContext, renderMessage } from "./context.ts";
export { createSalesAgent, type SalesAgentOptions } from "./create-sales-agent.ts";
export { guardTools } from "./guard-tools.ts";
export { detectLanguage } from "./language.ts";
export { createLlmTurnRunner, type LlmTurnRunnerOptions } from "./llm-turn-runner.ts";
export { type ChatModelOptions, createChatModel, sumCost } from "./model.ts";
export {
  createPiiVault,
  findEmails,
  findPhones,
  type PiiEntry,
  type PiiKind,
  type PiiVault,
  phoneDigits,
  toAsciiDigits,
} from "./pii.ts";
export type {
  KnowledgeHit,
  KnowledgeSearch,
  ProductHit,
  ProductSearch,
  ProductSearchOptions,
  QuotationOutcome,
  QuotationRequest,
  Quotations,
  StockFigure,
  StockLookup,
} from "./ports.ts";
export {
  type AllowedMove,
  buildInstructions,
  type CustomerFacts,
  formatUaeTime,
  type InstructionsInput,
} from "./prompt.ts";
export {
  type RunTurnOptions,
  runTurn,
  TurnError,
  type TurnErrorKind,
  type TurnResult as AgentTurnResult,
} from "./run-turn.ts";
export { type StageToolName, stageMoveTools, stageToolName } from "./tools/stage-tools.ts";
export { type AgentTools, type AgentToolsOptions, createAgentTools } from "./tools.ts";
export { buildTurnContext, type TurnContext } from "./turn-context.ts";
export { checkTurnLimits, type LimitCheck, startOfUtcDay, type TurnLimits } from "./turn-limits.ts";
export { type ContactPatch, createTurnState, type TurnState } from "./turn-state.ts";
