/** Schemas of /api/v1/deliveries: outbox parts that Wazzup did not take, and their resend. */
import { t } from "elysia";
import type { OutboxItem } from "../../store/index.ts";
import { IsoTime, iso, isoOrNull } from "./common.model.ts";

export const DeliveryResponse = t.Object({
  id: t.String(),
  messageId: t.String(),
  conversationId: t.String(),
  chatId: t.String(),
  channelId: t.String(),
  part: t.Integer({ description: "Order of this part within its message (long replies are split)" }),
  text: t.Nullable(t.String()),
  contentUri: t.Nullable(t.String()),
  templateId: t.Nullable(t.String()),
  status: t.String({ description: "pending, sending, sent or failed" }),
  attempts: t.Integer(),
  lastError: t.Nullable(t.String()),
  createdAt: IsoTime,
  sentAt: t.Nullable(IsoTime),
});
export type DeliveryResponse = typeof DeliveryResponse.static;

export const FailedDeliveriesQuery = t.Object({
  limit: t.Integer({
    minimum: 1,
    maximum: 500,
    default: 100,
    error: "limit must be a whole number from 1 to 500",
  }),
});

export const FailedDeliveriesResponse = t.Object({
  items: t.Array(DeliveryResponse, { description: "Newest first" }),
});

export function deliveryJson(item: OutboxItem): DeliveryResponse {
  return {
    id: item.id,
    messageId: item.messageId,
    conversationId: item.conversationId,
    chatId: item.chatId,
    channelId: item.channelId,
    part: item.part,
    text: item.text,
    contentUri: item.contentUri,
    templateId: item.templateId,
    status: item.status,
    attempts: item.attempts,
    lastError: item.lastError,
    createdAt: iso(item.createdAt),
    sentAt: isoOrNull(item.sentAt),
  };
}
