/** Store records → the contract's JSON (camelCase, ISO 8601 times, no internal fields). */
import type { Conversation, Message } from "../../store/index.ts";
import { iso } from "./common.model.ts";
import type { ConversationResponse, MessageResponse } from "./conversations.model.ts";

export function conversationJson(c: Conversation): ConversationResponse {
  return {
    id: c.id,
    chatId: c.chatId,
    channelId: c.channelId,
    chatType: c.chatType,
    customerName: c.customerName,
    companyName: c.companyName,
    email: c.email,
    language: c.language,
    salesStage: c.salesStage,
    status: c.status,
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
  };
}

export function messageJson(m: Message): MessageResponse {
  return {
    id: m.id,
    role: m.role,
    kind: m.kind,
    text: m.text,
    contentUri: m.contentUri,
    createdAt: iso(m.createdAt),
    model: m.model,
    tokensIn: m.tokensIn,
    tokensOut: m.tokensOut,
    cost: m.cost,
    deliveryStatus: m.deliveryStatus,
  };
}
