import { describe, expect, test } from "bun:test";
import { buildContext, renderMessage } from "../../src/agent/context.ts";
import type { Message, MessageKind, MessageRole } from "../../src/store/records.ts";

let seq = 0;
const msg = (
  role: MessageRole,
  text: string | null,
  { kind = "text", contentUri = null }: { kind?: MessageKind; contentUri?: string | null } = {},
): Message => {
  seq += 1;
  return {
    id: `m${seq}`,
    conversationId: "c1",
    chatId: "971501234567",
    role,
    kind,
    text,
    contentUri,
    wazzupMessageId: null,
    turnId: null,
    model: null,
    tokensIn: null,
    tokensOut: null,
    cost: null,
    deliveryStatus: null,
    deliveryError: null,
    sentAt: seq * 1000,
    createdAt: seq * 1000,
  };
};

const unknownCustomer = { customerName: null, companyName: null };
const filler = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    msg(i % 2 ? "assistant" : "user", i % 2 ? `answer ${i}` : `question ${i}`),
  );

describe("history", () => {
  test("ten or fewer messages: all verbatim, no summary", () => {
    const messages = [
      msg("user", "Hi"),
      msg("assistant", "Hello! How can I help?"),
      msg("user", "I need chairs"),
    ];
    const { summary, history } = buildContext({ messages, conversation: unknownCustomer });
    expect(summary).toBeNull();
    expect(history).toEqual([
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Hello! How can I help?" },
      { role: "user", content: "I need chairs" },
    ]);
  });

  test("keeps only the last ten messages, oldest first", () => {
    const messages = filler(15);
    const { history, summary } = buildContext({ messages, conversation: unknownCustomer });
    expect(history).toHaveLength(10);
    expect(history[0]).toEqual({ role: "assistant", content: "answer 5" });
    expect(history[9]).toEqual({ role: "user", content: "question 14" });
    expect(summary).toStartWith("Summary of 5 earlier messages");
  });

  test("recentCount changes the window", () => {
    const { history } = buildContext({ messages: filler(6), conversation: unknownCustomer, recentCount: 2 });
    expect(history.map((m) => m.content)).toEqual(["question 4", "answer 5"]);
  });

  test("operator messages are assistant messages marked as the sales manager's", () => {
    const { history } = buildContext({
      messages: [msg("user", "Can I get a discount?"), msg("operator", "Hi, this is Omar. Let me check.")],
      conversation: unknownCustomer,
    });
    expect(history[1]).toEqual({
      role: "assistant",
      content: "(sales manager) Hi, this is Omar. Let me check.",
    });
  });

  test("media becomes a description, with the caption after it", () => {
    const { history } = buildContext({
      messages: [
        msg("user", "like this one", { kind: "image", contentUri: "https://cdn.example/img.jpg" }),
        msg("user", null, { kind: "audio", contentUri: "https://cdn.example/voice.ogg" }),
        msg("user", null, { kind: "document", contentUri: "https://cdn.example/floorplan.pdf" }),
        msg("user", "Dubai Marina", { kind: "location" }),
        msg("user", "BEGIN:VCARD...", { kind: "vcard" }),
        msg("user", null, { kind: "missing_call" }),
        msg("assistant", null, { kind: "image", contentUri: "https://cdn.example/chair.jpg" }),
      ],
      conversation: unknownCustomer,
    });
    expect(history.map((m) => m.content)).toEqual([
      "[customer sent an image: https://cdn.example/img.jpg] like this one",
      "[customer sent a voice note]",
      "[customer sent a document: https://cdn.example/floorplan.pdf]",
      "[customer shared a location: Dubai Marina]",
      "[customer shared a contact card]",
      "[customer tried to call; the call was missed]",
      "[sent an image: https://cdn.example/chair.jpg]",
    ]);
  });

  test("empty text messages are skipped", () => {
    const { history } = buildContext({
      messages: [msg("user", "  "), msg("user", "hi")],
      conversation: unknownCustomer,
    });
    expect(history).toEqual([{ role: "user", content: "hi" }]);
  });

  test("renderMessage of an unsupported message", () => {
    expect(renderMessage(msg("user", null, { kind: "unsupported" }))).toBe(
      "[customer sent a message of a type that cannot be shown]",
    );
  });
});

describe("summary of older messages", () => {
  const older = [
    msg("user", "Hi, I'm Ahmed Khan from Gulf Star Trading LLC"),
    msg("assistant", "Welcome Ahmed! What are you looking for?"),
    msg("user", "We need 25 ergonomic chairs and 10 L-shaped desks for our new office."),
    msg("assistant", "We have TJ-CHR-1001 and TJ-DSK-2040 that fit."),
    msg("user", "Our budget is around 40,000 AED. Can you deliver to Abu Dhabi?"),
    msg("operator", "Hi Ahmed, this is Omar from Treejar. We can arrange delivery next week."),
    msg("user", "Please add TJ-CHR-1001 x 30 instead. We prefer black colour."),
    msg("user", "ok"),
  ];

  const { summary } = buildContext({ messages: [...older, ...filler(10)], conversation: unknownCustomer });

  test("names the customer and the company found in the text", () => {
    expect(summary).toContain("- Customer: Ahmed Khan, company Gulf Star Trading LLC");
  });

  test("lists products and SKUs", () => {
    expect(summary).toContain("- Products discussed: ergonomic chairs; l-shaped desks");
    expect(summary).toContain("- SKUs mentioned: TJ-CHR-1001; TJ-DSK-2040");
  });

  test("lists quantities, including SKU × quantity", () => {
    expect(summary).toContain("- Quantities: 25 ergonomic chairs; 10 l-shaped desks; 30 × TJ-CHR-1001");
  });

  test("lists budget mentions", () => {
    expect(summary).toContain("- Budget or amounts the customer mentioned: budget is around 40,000 AED");
  });

  test("quotes the customer's requests and the sales manager", () => {
    expect(summary).toContain('"Can you deliver to Abu Dhabi?"');
    expect(summary).toContain('"We prefer black colour."');
    expect(summary).toContain('"We need 25 ergonomic chairs and 10 L-shaped desks for our new office."');
    expect(summary).toContain(
      '- Sales manager said: "Hi Ahmed, this is Omar from Treejar."; "We can arrange delivery next week."',
    );
    expect(summary).not.toContain('"ok"');
  });

  test("known conversation fields win over guesses", () => {
    const { summary: s } = buildContext({
      messages: [...older, ...filler(10)],
      conversation: { customerName: "Ahmed K.", companyName: "GST" },
    });
    expect(s).toContain("- Customer: Ahmed K., company GST");
  });

  test("Arabic messages: products, quantities, budget, requests, name", () => {
    const { summary: s } = buildContext({
      messages: [
        msg("user", "مرحبا، اسمي خالد"),
        msg("user", "نحتاج ٢٥ كرسي و ٥ طاولات اجتماعات"),
        msg("user", "الميزانية ٣٠٠٠٠ درهم"),
        msg("user", "هل يمكن التوصيل إلى الشارقة؟"),
        ...filler(10),
      ],
      conversation: unknownCustomer,
    });
    expect(s).toContain("- Customer: خالد");
    expect(s).toContain("- Products discussed: chairs; tables");
    expect(s).toContain("25 chairs");
    expect(s).toContain("ميزانية 30000 درهم");
    expect(s).toContain('"هل يمكن التوصيل إلى الشارقة؟"');
  });

  test("older messages with nothing specific still say how many there were", () => {
    const { summary: s } = buildContext({
      messages: [msg("user", "hello"), ...filler(10)],
      conversation: unknownCustomer,
    });
    expect(s).toBe("Summary of 1 earlier messages (not shown below):\n- Nothing specific was discussed.");
  });

  test("the summary is bounded", () => {
    const chatty = Array.from({ length: 200 }, (_, i) =>
      msg(
        "user",
        `We need ${i + 1} chairs model TJ-CHR-${1000 + i} delivered to site ${i} before Friday please.`,
      ),
    );
    const { summary: s } = buildContext({
      messages: [...chatty, ...filler(10)],
      conversation: unknownCustomer,
    });
    expect(s!.length).toBeLessThanOrEqual(1200);
    const { summary: short } = buildContext({
      messages: [...chatty, ...filler(10)],
      conversation: unknownCustomer,
      maxSummaryChars: 300,
    });
    expect(short!.length).toBe(300);
    expect(short).toEndWith("…");
  });

  test("the summary never comes from the recent window", () => {
    const { summary: s } = buildContext({
      messages: [msg("user", "hello"), ...filler(9), msg("user", "We need 99 stools")],
      conversation: unknownCustomer,
    });
    expect(s).not.toContain("stools");
  });
});
