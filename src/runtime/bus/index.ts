export type { ChatBus, ChatCommand, ChatCommandHandler } from "./chat-bus.ts";
export { createInProcessBus } from "./in-process-bus.ts";
