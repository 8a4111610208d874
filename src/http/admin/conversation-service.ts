/**
 * What the conversation routes do, without Elysia. A live conversation has one writer, its chat actor:
 * status and stage changes are sent to it as commands, and the conversation is read back once the change
 * shows. The in-process bus resolves a command after the actor applied it and its writes landed, so the
 * first read shows it; the Redis bus resolves once the command is durable on the stream, so the read is
 * retried for a short while (the owning node applies it within milliseconds). Only `customerName`, a plain
 * field the chart does not track, is written directly.
 */
import { splitMessageText } from "../../integrations/wazzup/index.ts";
import type { Runtime } from "../../runtime/index.ts";
import type {
  Conversation,
  ConversationFilter,
  ConversationStatus,
  Message,
  Stage,
  Store,
} from "../../store/index.ts";
import { abortableSleep } from "../../util/retry.ts";
import { HttpError } from "../errors.ts";
import { isoOrNull } from "./common.model.ts";
import type { WhatsappWindow } from "./whatsapp-window.ts";

export interface ConversationChanges {
  status?: ConversationStatus;
  salesStage?: Stage;
  customerName?: string | null;
}

export interface ConversationService {
  list(filter: ConversationFilter): Promise<{ items: Conversation[]; total: number }>;
  detail(id: string): Promise<{ conversation: Conversation; messages: Message[]; cost: number }>;
  change(id: string, changes: ConversationChanges): Promise<Conversation>;
  handoff(id: string, reason?: string): Promise<Conversation>;
  resume(id: string): Promise<Conversation>;
  /** Stores an operator message, queues it for Wazzup, and hands the chat to the operator. */
  sendOperatorMessage(id: string, text: string): Promise<{ message: Message; conversation: Conversation }>;
}

const closedHint = "it is closed; the customer's next message opens a new conversation";

export function createConversationService({
  store,
  runtime,
  whatsappWindow,
  now = Date.now,
  applyTimeoutMs = 3000,
}: {
  store: Store;
  runtime: Pick<Runtime, "command" | "outbox">;
  whatsappWindow: WhatsappWindow;
  now?: () => number;
  /** How long to wait for a command's effect to show before answering with what the store has. */
  applyTimeoutMs?: number;
}): ConversationService {
  const find = async (id: string) => {
    const conversation = await store.conversations.get(id);
    if (!conversation) throw new HttpError("not_found", `no conversation with id ${id}`);
    return conversation;
  };
  const findOpen = async (id: string, what: string) => {
    const conversation = await find(id);
    if (conversation.status === "closed") throw new HttpError("conflict", `cannot ${what}: ${closedHint}`);
    return conversation;
  };

  /** The conversation once `applied` holds (or the timeout passed: then as it is). */
  const readApplied = async (id: string, applied: (c: Conversation) => boolean) => {
    const deadline = Date.now() + applyTimeoutMs;
    for (;;) {
      const c = await find(id);
      if (applied(c) || Date.now() >= deadline) return c;
      await abortableSleep(25);
    }
  };

  const setStatus = async (c: Conversation, status: ConversationStatus, reason?: string) => {
    const target = { conversationId: c.id, at: now() };
    if (status === "handoff") {
      await runtime.command(c.chatId, {
        type: "handoff",
        reason: reason || "a sales manager took over",
        ...target,
      });
    } else if (status === "active") {
      await runtime.command(c.chatId, { type: "resume", ...target });
    } else {
      await runtime.command(c.chatId, { type: "close", ...target });
    }
  };

  return {
    list: (filter) => store.conversations.list(filter),

    async detail(id) {
      const conversation = await find(id);
      const [messages, cost] = await Promise.all([
        store.messages.list(id),
        store.stats.costOfConversation(id),
      ]);
      return { conversation, messages, cost };
    },

    async change(id, { status, salesStage, customerName }) {
      const c = await find(id);
      const touchesActor = (status !== undefined && status !== "closed") || salesStage !== undefined;
      if (c.status === "closed" && touchesActor)
        throw new HttpError("conflict", `cannot change status or stage: ${closedHint}`);
      if (customerName !== undefined) await store.conversations.update(id, { customerName }, now());
      // Stage before status: closing stops the actor.
      if (salesStage !== undefined) {
        await runtime.command(c.chatId, {
          type: "set_stage",
          stage: salesStage,
          conversationId: id,
          at: now(),
        });
      }
      if (status !== undefined && status !== c.status) await setStatus(c, status);
      return readApplied(
        id,
        (x) => (salesStage ?? x.salesStage) === x.salesStage && (status ?? x.status) === x.status,
      );
    },

    async handoff(id, reason) {
      await setStatus(await findOpen(id, "hand over"), "handoff", reason);
      return readApplied(id, (c) => c.status === "handoff");
    },

    async resume(id) {
      await setStatus(await findOpen(id, "resume the bot"), "active");
      return readApplied(id, (c) => c.status === "active");
    },

    async sendOperatorMessage(id, text) {
      const c = await findOpen(id, "send a message");
      const window = await whatsappWindow.check(c);
      if (!window.open) {
        throw new HttpError(
          "conflict",
          "WhatsApp's 24-hour rule: the customer's last message is more than 24 hours old, so this WhatsApp Business channel only accepts an approved template; send one of the listed templates instead",
          {
            rule: "whatsapp_24h_window",
            lastInboundAt: isoOrNull(window.lastInboundAt),
            templates: window.templates,
          },
        );
      }
      const message = await store.messages.addOutgoing({
        conversationId: c.id,
        role: "operator",
        text,
        parts: splitMessageText(text).map((part) => ({ text: part })),
        now: now(),
      });
      // The operator is talking now: what the customer wrote counts as answered and the bot steps back.
      await runtime.command(c.chatId, {
        type: "operator_replied",
        takeOver: true,
        conversationId: c.id,
        at: now(),
      });
      runtime.outbox.wake();
      return { message, conversation: await readApplied(id, (x) => x.status === "handoff") };
    },
  };
}
