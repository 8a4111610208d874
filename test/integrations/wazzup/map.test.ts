import { describe, expect, test } from "bun:test";
import {
  isStatusForward,
  parseWebhookBody,
  toDeliveryUpdate,
  toInboundMessage,
  type WebhookMessage,
  type WebhookStatus,
} from "../../../src/integrations/wazzup/index.ts";
import type { DeliveryStatus } from "../../../src/store/records.ts";
import { inboundMedia, inboundText, outgoingEcho, statusUpdate } from "../../support/fake-wazzup.ts";

const now = Date.UTC(2025, 4, 6, 12, 0, 0);
/** Through the real parser, as ingress will. */
const message = (json: { messages?: unknown[] }): WebhookMessage => {
  const [m] = parseWebhookBody(json).messages;
  if (!m) throw new Error("message did not parse");
  return m;
};
const status = (json: { statuses?: unknown[] }): WebhookStatus => {
  const [s] = parseWebhookBody(json).statuses;
  if (!s) throw new Error("status did not parse");
  return s;
};

describe("toInboundMessage", () => {
  test("maps a customer's text message", () => {
    const json = inboundText({
      chatId: "971501234567",
      text: "Do you have ergonomic chairs?",
      contactName: " Fatima ",
      messageId: "6a2087e8-e0f4-4b2c-b968-9d2a1f933c81",
      dateTime: "2025-05-06T14:16:00.002Z",
    });
    expect(toInboundMessage(message(json), { now })).toEqual({
      wazzupMessageId: "6a2087e8-e0f4-4b2c-b968-9d2a1f933c81",
      channelId: json.messages![0]!.channelId as string,
      chatType: "whatsapp",
      chatId: "971501234567",
      kind: "text",
      text: "Do you have ergonomic chairs?",
      contentUri: null,
      sentAt: Date.parse("2025-05-06T14:16:00.002Z"),
      isEcho: false,
      contactName: "Fatima",
      authorName: null,
      sentFromApp: false,
      isEdited: false,
      isDeleted: false,
    });
  });

  test.each([
    ["text", "text"],
    ["image", "image"],
    ["audio", "audio"],
    ["video", "video"],
    ["document", "document"],
    ["vcard", "vcard"],
    ["geo", "location"],
    ["wapi_template", "template"],
    ["missing_call", "missing_call"],
    ["unsupported", "unsupported"],
    ["sticker", "unsupported"],
    ["someNewType", "unsupported"],
    ["IMAGE", "image"],
  ])("Wazzup type %s → %s", (type, kind) => {
    const json = inboundMedia({ chatId: "971501234567", type, contentUri: "https://store.wazzup24.com/f" });
    const event = toInboundMessage(message(json), { now });
    expect(event.kind).toBe(kind as never);
    expect(event.contentUri).toBe("https://store.wazzup24.com/f");
  });

  test("a message without a type is unsupported", () => {
    const json = inboundText({ chatId: "971501234567", text: "x" });
    delete json.messages![0]!.type;
    expect(toInboundMessage(message(json), { now }).kind).toBe("unsupported");
  });

  test("sentAt falls back to now when dateTime is missing or unreadable, and accepts epoch ms", () => {
    const missing = inboundText({ chatId: "971501234567", text: "x" });
    delete missing.messages![0]!.dateTime;
    const garbage = inboundText({ chatId: "971501234567", text: "x", dateTime: "yesterday-ish" });
    const epoch = inboundText({ chatId: "971501234567", text: "x" });
    epoch.messages![0]!.dateTime = 1_700_000_000_000;
    expect(toInboundMessage(message(missing), { now }).sentAt).toBe(now);
    expect(toInboundMessage(message(garbage), { now }).sentAt).toBe(now);
    expect(toInboundMessage(message(epoch), { now }).sentAt).toBe(1_700_000_000_000);
  });

  test("an operator's echo carries author, app flag and its delivery status", () => {
    const json = outgoingEcho({ chatId: "971501234567", text: "I'll take it from here", authorName: "Sara" });
    expect(toInboundMessage(message(json), { now })).toMatchObject({
      isEcho: true,
      authorName: "Sara",
      sentFromApp: true,
      echoStatus: "sent",
      text: "I'll take it from here",
    });
  });

  test("a failed echo exposes the normalized error code and description", () => {
    const json = outgoingEcho({ chatId: "971501234567", text: "x", status: "error", sentFromApp: false });
    json.messages![0]!.type = "wapi_template";
    json.messages![0]!.error = { error: "24HoursExceeded", description: "Outside the 24 h window" };
    const event = toInboundMessage(message(json), { now });
    expect(event).toMatchObject({
      kind: "template",
      echoStatus: "error",
      error: "24_HOURS_EXCEEDED",
      errorDescription: "Outside the 24 h window",
    });
  });

  test("a customer's message never gets an echoStatus, whatever its status says", () => {
    const json = inboundText({ chatId: "971501234567", text: "x" });
    json.messages![0]!.status = "read";
    expect(toInboundMessage(message(json), { now }).echoStatus).toBeUndefined();
  });

  test("edits and deletions are flagged", () => {
    const json = inboundText({ chatId: "971501234567", text: "new text" });
    Object.assign(json.messages![0]!, { isEdited: true, oldInfo: { oldText: "old" } });
    const deleted = inboundText({ chatId: "971501234567", text: "" });
    Object.assign(deleted.messages![0]!, { isDeleted: true });
    expect(toInboundMessage(message(json), { now })).toMatchObject({ isEdited: true, isDeleted: false });
    expect(toInboundMessage(message(deleted), { now })).toMatchObject({ isEdited: false, isDeleted: true });
  });
});

describe("toDeliveryUpdate", () => {
  test.each(["sent", "delivered", "read"] as const)("%s is passed on with its time", (s) => {
    const update = toDeliveryUpdate(
      status(statusUpdate({ messageId: "out-1", status: s, timestamp: "2025-02-05T06:01:07.499Z" })),
      { now },
    );
    expect(update).toEqual({
      wazzupMessageId: "out-1",
      status: s,
      at: Date.parse("2025-02-05T06:01:07.499Z"),
    });
  });

  test("error carries the normalized code and description", () => {
    const json = statusUpdate({
      messageId: "out-1",
      status: "error",
      error: { error: "badContact", description: "Number may not be on WhatsApp" },
    });
    expect(toDeliveryUpdate(status(json), { now })).toMatchObject({
      status: "error",
      error: "BAD_CONTACT",
      errorDescription: "Number may not be on WhatsApp",
    });
  });

  test("status casing does not matter; a missing timestamp means now", () => {
    const json = statusUpdate({ messageId: "out-1", status: "DELIVERED" });
    delete json.statuses![0]!.timestamp;
    expect(toDeliveryUpdate(status(json), { now })).toEqual({
      wazzupMessageId: "out-1",
      status: "delivered",
      at: now,
    });
  });

  test("edited and unknown statuses are ignored", () => {
    expect(
      toDeliveryUpdate(status(statusUpdate({ messageId: "out-1", status: "edited" })), { now }),
    ).toBeNull();
    expect(
      toDeliveryUpdate(status(statusUpdate({ messageId: "out-1", status: "played" })), { now }),
    ).toBeNull();
  });
});

describe("isStatusForward", () => {
  const cases: [DeliveryStatus | null, "sent" | "delivered" | "read" | "error", boolean][] = [
    [null, "sent", true],
    ["pending", "sent", true],
    ["pending", "read", true],
    ["sent", "delivered", true],
    ["delivered", "read", true],
    ["sent", "read", true],
    ["sent", "sent", false],
    ["delivered", "sent", false],
    ["read", "delivered", false],
    ["read", "sent", false],
    [null, "error", true],
    ["pending", "error", true],
    ["sent", "error", true],
    ["delivered", "error", false],
    ["read", "error", false],
    ["error", "error", false],
    ["error", "delivered", false],
    ["error", "read", false],
    ["failed", "delivered", true],
    ["failed", "error", true],
  ];
  test.each(cases)("%p → %p: %p", (current, next, expected) => {
    expect(isStatusForward(current, next)).toBe(expected);
  });
});
