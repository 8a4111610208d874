import { describe, expect, test } from "bun:test";
import { parseWebhookBody, WazzupWebhookError } from "../../../src/integrations/wazzup/index.ts";
import {
  fakeChannelId,
  inboundMedia,
  inboundText,
  outgoingEcho,
  statusUpdate,
  webhookBatch,
} from "../../support/fake-wazzup.ts";

describe("parseWebhookBody", () => {
  test("the registration ping {test: true} is recognised and carries nothing", () => {
    expect(parseWebhookBody({ test: true })).toEqual({ test: true, messages: [], statuses: [], invalid: [] });
    expect(parseWebhookBody({ test: "true" }).test).toBe(true);
    expect(parseWebhookBody({}).test).toBe(false);
  });

  test("a mixed batch keeps the valid entries and reports the malformed one by index", () => {
    const good1 = inboundText({ chatId: "971501111111", text: "Hi" }).messages![0]!;
    const good2 = inboundMedia({ chatId: "971502222222", type: "image", contentUri: "https://x/y.jpg" })
      .messages![0]!;
    const { messageId: _dropped, ...noId } = inboundText({ chatId: "971503333333", text: "lost" })
      .messages![0]!;
    const body = parseWebhookBody({ messages: [good1, noId, good2, "not an object"] });

    expect(body.messages.map((m) => m.messageId)).toEqual([
      good1.messageId as string,
      good2.messageId as string,
    ]);
    expect(body.invalid).toHaveLength(2);
    expect(body.invalid[0]).toMatchObject({ kind: "message", index: 1 });
    expect(body.invalid[0]!.reason).toContain("messageId");
    expect(body.invalid[1]).toMatchObject({ kind: "message", index: 3 });
  });

  test("unknown fields anywhere are tolerated; a wrongly typed optional field is dropped, not fatal", () => {
    const body = parseWebhookBody({
      newTopLevelThing: { a: 1 },
      messages: [
        {
          ...inboundText({ chatId: "971501111111", text: "Hi", contactName: "Omar" }).messages![0],
          interactive: [{ x: 1 }],
          quotedMessage: { messageId: "q" },
          avitoProfileId: 7,
          sentFromApp: "yes please",
          contact: { name: 42, phone: "971501111111" },
        },
      ],
    });
    expect(body.invalid).toEqual([]);
    expect(body.messages).toHaveLength(1);
    expect(body.messages[0]).toMatchObject({ text: "Hi", chatId: "971501111111", isEcho: false });
    expect(body.messages[0]!.sentFromApp).toBeUndefined();
    expect(body.messages[0]!.contact).toEqual({ name: undefined, phone: "971501111111" });
  });

  test("an inbound message needs its channelId; an echo may come without one", () => {
    const { channelId: _a, ...inbound } = inboundText({ chatId: "971501111111", text: "Hi" }).messages![0]!;
    const { channelId: _b, ...echo } = outgoingEcho({ chatId: "971501111111", text: "Manager here" })
      .messages![0]!;
    const body = parseWebhookBody({ messages: [inbound, echo] });
    expect(body.messages.map((m) => m.isEcho)).toEqual([true]);
    expect(body.invalid).toEqual([
      { kind: "message", index: 0, reason: expect.stringContaining("channelId") },
    ]);
  });

  test("isEcho given as a string is read as a boolean", () => {
    const echo = { ...outgoingEcho({ chatId: "971501111111", text: "x" }).messages![0], isEcho: "true" };
    expect(parseWebhookBody({ messages: [echo] }).messages[0]!.isEcho).toBe(true);
  });

  test("statuses are parsed per entry alongside messages in one POST", () => {
    const batch = webhookBatch(
      inboundText({ chatId: "971501111111", text: "Hi" }),
      statusUpdate({ messageId: "out-1", status: "delivered" }),
      statusUpdate({
        messageId: "out-2",
        status: "error",
        error: { error: "BAD_CONTACT", description: "nope" },
      }),
    );
    const body = parseWebhookBody({ ...batch, statuses: [...batch.statuses!, { messageId: "out-3" }, 17] });

    expect(body.messages).toHaveLength(1);
    expect(body.statuses).toEqual([
      { messageId: "out-1", status: "delivered", timestamp: expect.any(String) },
      {
        messageId: "out-2",
        status: "error",
        timestamp: expect.any(String),
        error: { error: "BAD_CONTACT", description: "nope" },
      },
    ]);
    expect(body.invalid.map((i) => [i.kind, i.index])).toEqual([
      ["status", 2],
      ["status", 3],
    ]);
  });

  test("a messages field that is not a list is reported, and statuses still parse", () => {
    const body = parseWebhookBody({
      messages: { messageId: "m" },
      ...statusUpdate({ messageId: "out-1", status: "read" }),
    });
    expect(body.invalid).toEqual([{ kind: "message", index: -1, reason: "messages is not an array" }]);
    expect(body.statuses).toHaveLength(1);
  });

  test("null lists are empty, not errors", () => {
    expect(parseWebhookBody({ messages: null, statuses: null })).toEqual({
      test: false,
      messages: [],
      statuses: [],
      invalid: [],
    });
  });

  test("a body that is not an object at all is a 400 WazzupWebhookError", () => {
    for (const json of [null, undefined, [], [{ messages: [] }], "text", 42, true]) {
      let error: unknown;
      try {
        parseWebhookBody(json);
      } catch (e) {
        error = e;
      }
      expect(WazzupWebhookError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ kind: "invalid_body", status: 400, retryable: false });
    }
  });

  test("the builders' default channel is the fake's channel", () => {
    const body = parseWebhookBody(inboundText({ chatId: "971501111111", text: "Hi" }));
    expect(body.messages[0]!.channelId).toBe(fakeChannelId);
  });
});
