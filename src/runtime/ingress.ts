/**
 * What the webhook does with a Wazzup body, without Elysia: validate each
 * entry on its own, store customer messages (idempotent by Wazzup message id,
 * durable before we answer 200), hand new ones to the chat's actor through the
 * bus, match echoes of our own sends, record a manager's phone replies as
 * operator messages (the bot then steps back), and apply delivery statuses.
 * No LLM and no Wazzup call here: it answers within milliseconds.
 */
import {
  type InboundEvent,
  parseWebhookBody,
  toDeliveryUpdate,
  toInboundMessage,
} from "../integrations/wazzup/index.ts";
import type { Logger } from "../log.ts";
import type { Metrics } from "../metrics.ts";
import type { InboundMessageInput, Store } from "../store/index.ts";
import { coalesce } from "../util/coalesce.ts";
import type { ChatBus } from "./bus/index.ts";

/** How far back an echo of ours without a Wazzup id is matched by its text. */
const echoWindowMs = 10 * 60_000;

export interface IngressResult {
  test: boolean;
  accepted: number;
  duplicates: number;
  echoes: number;
  operatorMessages: number;
  statuses: number;
  invalid: number;
}

export interface Ingress {
  /** Throws WazzupWebhookError (→ 400) when the body is not an object at all. */
  handle(body: unknown): Promise<IngressResult>;
}

export function createIngress({
  store,
  bus,
  logger,
  metrics,
  now = Date.now,
}: {
  store: Store;
  bus: ChatBus;
  logger: Logger;
  metrics: Metrics;
  now?: () => number;
}): Ingress {
  const received = metrics.counter("webhook_entries_total", "Webhook entries by kind and outcome");
  // Concurrent webhooks share one transaction: the commit, not the statements, is the cost of a message.
  const recordInbound = coalesce((inputs: InboundMessageInput[]) =>
    store.messages.recordInboundMany(inputs, now()),
  );

  const customerMessage = async (event: InboundEvent, result: IngressResult) => {
    if (!event.channelId) return;
    const recorded = await recordInbound({
      wazzupMessageId: event.wazzupMessageId,
      channelId: event.channelId,
      chatType: event.chatType,
      chatId: event.chatId,
      kind: event.kind,
      text: event.text,
      contentUri: event.contentUri,
      sentAt: event.sentAt,
      contactName: event.contactName,
    });
    if (recorded.inserted) {
      result.accepted++;
      received.inc({ kind: "message", outcome: "accepted" });
    } else {
      result.duplicates++;
      received.inc({ kind: "message", outcome: "duplicate" });
      // A redelivery of a message still unanswered is handed on again: the first hand-off may have
      // failed after the message was stored (the actor ignores an id it already holds).
      if (recorded.message.turnId !== null) return;
    }
    await bus.publish(event.chatId, {
      type: "inbound",
      conversationId: recorded.conversation.id,
      messageId: recorded.message.id,
      at: now(),
    });
  };

  const echo = async (event: InboundEvent, result: IngressResult) => {
    const ours = await store.outbox.matchEcho({
      chatId: event.chatId,
      wazzupMessageId: event.wazzupMessageId,
      text: event.text,
      since: now() - echoWindowMs,
    });
    if (ours) {
      result.echoes++;
      received.inc({ kind: "echo", outcome: "ours" });
      if (event.echoStatus) {
        await store.outbox.applyDeliveryStatus({
          wazzupMessageId: event.wazzupMessageId,
          status: event.echoStatus,
          error: event.error ?? null,
        });
      }
      return;
    }
    // Not ours: a manager wrote from the phone or Wazzup's window. Record it and step back.
    const conversation = await store.conversations.findOpen(event.chatId);
    if (!conversation || (await store.messages.findByWazzupId(event.wazzupMessageId))) {
      received.inc({ kind: "echo", outcome: conversation ? "duplicate" : "no_conversation" });
      return;
    }
    await store.messages.addOutgoing({
      conversationId: conversation.id,
      role: "operator",
      kind: event.kind,
      text: event.text,
      parts: [],
      wazzupMessageId: event.wazzupMessageId,
      now: now(),
    });
    result.operatorMessages++;
    received.inc({ kind: "echo", outcome: "operator" });
    logger.info("a manager replied from outside Noor; the bot steps back", { chatId: event.chatId });
    await bus.publish(event.chatId, {
      type: "operator_replied",
      conversationId: conversation.id,
      at: now(),
      takeOver: true,
    });
  };

  return {
    async handle(body) {
      const parsed = parseWebhookBody(body);
      const result: IngressResult = {
        test: parsed.test,
        accepted: 0,
        duplicates: 0,
        echoes: 0,
        operatorMessages: 0,
        statuses: 0,
        invalid: parsed.invalid.length,
      };
      for (const bad of parsed.invalid) {
        received.inc({ kind: bad.kind, outcome: "invalid" });
        logger.warn("invalid webhook entry skipped", { ...bad });
      }
      for (const raw of parsed.messages) {
        const event = toInboundMessage(raw, { now: now() });
        if (event.isEdited || event.isDeleted) {
          received.inc({ kind: "message", outcome: "edit_ignored" });
          continue;
        }
        await (event.isEcho ? echo(event, result) : customerMessage(event, result));
      }
      for (const raw of parsed.statuses) {
        const update = toDeliveryUpdate(raw, { now: now() });
        if (!update) continue;
        result.statuses++;
        await store.outbox.applyDeliveryStatus({
          wazzupMessageId: update.wazzupMessageId,
          status: update.status,
          error: update.error ?? null,
        });
      }
      return result;
    },
  };
}
