export type { ChatBus, ChatCommand, ChatCommandHandler, ChatOwnershipHooks, RedisBus } from "./bus/index.ts";
export { BusUnavailableError, createInProcessBus, createRedisBus } from "./bus/index.ts";
export type { ChatActor } from "./chat-actor.ts";
export {
  connectRedis,
  createLocalJobLock,
  createRedisJobLock,
  type JobLock,
  type PeriodicJob,
  schedulePeriodicJob,
} from "./cluster/index.ts";
export { holdingReplies } from "./holding-replies.ts";
export { burstLanguage, createTurnRunner } from "./holding-turn-runner.ts";
export type { Ingress, IngressResult } from "./ingress.ts";
export type { MessageSender, SendResult } from "./message-sender.ts";
export type { OutboxWorker } from "./outbox-worker.ts";
export type { ChatRegistry } from "./registry.ts";
export { createRuntime, type Runtime, type RuntimeOptions } from "./runtime.ts";
export { createConsoleSender, createWazzupSender } from "./senders.ts";
export type { TurnReplyDraft, TurnRequest, TurnResult, TurnRunner } from "./turn-runner.ts";
