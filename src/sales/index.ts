export { type ChatMachine, type ChatSnapshot, chatMachine } from "./chat-machine.ts";
export type {
  AdminEvent,
  ChatContext,
  ChatEvent,
  ChatInput,
  ContactField,
  CustomerFlags,
  HandoffInfo,
  InboxEvent,
  MoveMeta,
  SalesEvent,
  SendFallbackParams,
  SendReplyParams,
  StageChange,
  StageMeta,
  StageMoveEvent,
  StageMoveEventType,
  TurnInput,
  TurnOutput,
  TurnUsage,
} from "./chat-types.ts";
export { chatLimits } from "./chat-types.ts";
export {
  allowedStageMoves,
  type ChatTarget,
  overrideStage,
  type StageMove,
  type StageMoveOptions,
  type StageMoveResult,
  tryStageMove,
} from "./stage-moves.ts";
export { currentStage, isStage, stageDescription, stageIds, stageRules } from "./stages.ts";
export { statechartJson, statechartMermaid } from "./statechart-export.ts";
