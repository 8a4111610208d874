/** A conversation record for code that takes one without a database (tests, benchmarks). */
import type { Conversation } from "../../src/store/index.ts";

export function conversationFixture(overrides: Partial<Conversation> = {}): Conversation {
  return {
    id: "0197a000-0000-7000-8000-000000000001",
    chatId: "971501234567",
    channelId: "channel-1",
    chatType: "whatsapp",
    customerName: null,
    companyName: null,
    email: null,
    phone: null,
    language: "en",
    salesStage: "greeting",
    status: "active",
    handoffReason: null,
    snapshot: null,
    summary: null,
    lastInboundAt: null,
    lastMessageAt: 0,
    createdAt: 0,
    updatedAt: 0,
    ...overrides,
  };
}
