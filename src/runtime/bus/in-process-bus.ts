/**
 * The embedded bus: publish hands the command straight to the handler (the
 * chat registry), so the webhook's 200 follows the actor receiving it. There
 * is one node, so it owns every chat.
 */
import type { ChatBus, ChatCommandHandler } from "./chat-bus.ts";

export function createInProcessBus(): ChatBus {
  let handler: ChatCommandHandler | null = null;
  return {
    name: "in-process",
    async publish(chatId, command) {
      if (!handler) throw new Error("the bus is not started");
      await handler(chatId, command);
    },
    async start(h, chats) {
      handler = h;
      // One node owns every chat.
      await chats.recover(() => true);
    },
    async stop() {
      handler = null;
    },
    health: () => (handler ? { status: "ok" } : { status: "down", detail: "not started" }),
  };
}
