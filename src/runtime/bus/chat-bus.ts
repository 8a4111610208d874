/**
 * The ChatBus carries commands to the node that owns a chat: in-process by
 * default, Redis Streams sharded by chat id when REDIS_URL is set. Both
 * deliver every command for one chat in order, and acknowledge a command only
 * after its handler resolved (the effect is durable or handed to the actor).
 */
import type { Stage } from "../../store/index.ts";

export type ChatCommand =
  /** A stored customer message to answer. */
  | { type: "inbound"; conversationId: string; messageId: string; at: number }
  /** A conversation with unanswered messages found after a restart or a shard move. */
  | { type: "recover"; conversationId: string; at: number }
  | { type: "handoff"; conversationId: string; reason: string; at: number }
  | { type: "resume"; conversationId: string; at: number }
  | { type: "set_stage"; conversationId: string; stage: Stage; at: number }
  /** A human answered (from the phone or the admin API): pending messages count as answered. */
  | { type: "operator_replied"; conversationId: string; at: number; takeOver: boolean }
  | { type: "close"; conversationId: string; at: number };

export type ChatCommandHandler = (chatId: string, command: ChatCommand) => Promise<void>;

/** What the bus asks of the node's chat registry as chats become (or stop being) this node's. */
export interface ChatOwnershipHooks {
  /** Chats now owned here: re-deliver their unanswered messages. */
  recover(filter: (chatId: string) => boolean): Promise<number>;
  /** Chats handed to another node: persist and stop their actors. */
  passivate(filter: (chatId: string) => boolean): Promise<void>;
  /** Chats lost (another node may own them already): stop their actors without writing. */
  discard(filter: (chatId: string) => boolean): Promise<void>;
}

export interface ChatBus {
  readonly name: string;
  /** Resolves once the command is durable on the bus (or, in-process, handled). */
  publish(chatId: string, command: ChatCommand): Promise<void>;
  start(handler: ChatCommandHandler, chats: ChatOwnershipHooks): Promise<void>;
  stop(): Promise<void>;
  /** For /ready. */
  health(): { status: "ok" | "degraded" | "down"; detail?: string };
}
