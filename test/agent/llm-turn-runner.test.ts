/**
 * The LLM turn runner through the real OpenRouter provider against the fake
 * OpenRouter, on a real (in-memory) store: what reaches the model, what comes
 * back, and the budget guards.
 */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { initialTransition } from "xstate";
import { createLlmTurnRunner } from "../../src/agent/llm-turn-runner.ts";
import { createChatModel } from "../../src/agent/model.ts";
import { TurnError } from "../../src/agent/run-turn.ts";
import { createQuotations } from "../../src/quotes/index.ts";
import { holdingReplies, type TurnRequest } from "../../src/runtime/index.ts";
import { chatMachine } from "../../src/sales/index.ts";
import {
  type Conversation,
  createStore,
  type Message,
  type Stage,
  type Store,
} from "../../src/store/index.ts";
import {
  createFakeOpenRouter,
  errorReply,
  type FakeOpenRouter,
  type FakeScript,
  textReply,
  toolCallReply,
} from "../support/fake-openrouter.ts";
import { demoCatalogPorts, demoProducts } from "./support/demo-catalog-ports.ts";

const chatId = "971509876543";
let store: Store;
let fake: FakeOpenRouter | null = null;
let clock = Date.UTC(2025, 5, 3, 8, 0, 0);

beforeEach(async () => {
  store = await createStore({ databaseUrl: "sqlite::memory:" });
  await store.catalog.upsertProducts(demoProducts);
});
afterEach(async () => {
  await fake?.stop();
  fake = null;
  await store.close();
});

async function inbound(
  text: string,
  { kind = "text" as Message["kind"], contentUri = null as string | null } = {},
) {
  clock += 1_000;
  const { message, conversation } = await store.messages.recordInbound(
    {
      wazzupMessageId: `w-${clock}`,
      channelId: "ch",
      chatType: "whatsapp",
      chatId,
      kind,
      text,
      contentUri,
      sentAt: clock,
    },
    clock,
  );
  return { message, conversation };
}

async function assistant(conversation: Conversation, text: string, cost: number | null = null) {
  clock += 1_000;
  return store.messages.addOutgoing({
    conversationId: conversation.id,
    role: "assistant",
    text,
    cost,
    parts: [],
    now: clock,
  });
}

function runner(script: FakeScript, limits = { maxTurnsPerMinute: 6, dailyCostLimit: 20 }) {
  fake = createFakeOpenRouter({ script });
  return createLlmTurnRunner({
    models: [createChatModel({ baseUrl: fake.url, apiKey: fake.apiKey, model: "test/model" })],
    store,
    productSearch: demoCatalogPorts(),
    knowledgeSearch: demoCatalogPorts(),
    stock: demoCatalogPorts(),
    quotations: createQuotations({ store, zoho: null, catalog: store.catalog }),
    limits,
    maxRetries: 2,
    timeoutMs: 10_000,
    now: () => clock,
  });
}

async function request(
  conversationId: string,
  burst: Message[],
  stage: Stage = "greeting",
): Promise<TurnRequest> {
  const conversation = (await store.conversations.get(conversationId))!;
  const [snapshot] = initialTransition(chatMachine, { chatId, conversationId, debounceMs: 0, stage });
  return { conversation, burst, snapshot, signal: new AbortController().signal, now: clock };
}

const systemText = (body: any): string =>
  body.messages
    .filter((m: any) => m.role === "system")
    .flatMap((m: any) => (typeof m.content === "string" ? [m.content] : m.content.map((p: any) => p.text)))
    .join("\n");
const toolNames = (body: any): string[] => (body.tools ?? []).map((t: any) => t.function.name).sort();
const moves = (body: any) => toolNames(body).filter((n) => n.startsWith("move_to_"));

describe("createLlmTurnRunner", () => {
  test("a move inside the turn changes the tools and rules of the next step; cost and tokens are summed", async () => {
    const run = runner([
      toolCallReply([{ name: "move_to_qualifying", args: {} }], {
        promptTokens: 300,
        completionTokens: 10,
        cost: 0.0011,
      }),
      textReply("Welcome to Treejar! How many people will use the chairs?", {
        promptTokens: 350,
        completionTokens: 20,
        cost: 0.0017,
      }),
    ]);
    const { message, conversation } = await inbound("Hi, I need office chairs for my team");
    const result = await run.run(await request(conversation.id, [message]));

    const [first, second] = fake!.requests.map((r) => r.body);
    expect(moves(first)).toEqual(["move_to_qualifying"]);
    expect(systemText(first)).toContain("# Current sales stage: greeting");
    expect(moves(second)).toEqual(["move_to_needs_analysis"]);
    expect(systemText(second)).toContain("# Current sales stage: qualifying");
    expect(toolNames(second)).toEqual(
      [
        "create_quotation",
        "get_stock",
        "move_to_needs_analysis",
        "request_human",
        "save_contact_details",
        "search_knowledge",
        "search_products",
      ].sort(),
    );
    expect(result).toMatchObject({
      reply: {
        text: "Welcome to Treejar! How many people will use the chairs?",
        model: "test/model",
        tokensIn: 650,
        tokensOut: 30,
      },
      stage: "qualifying",
      language: "en",
      handoff: null,
      salesEvents: [{ type: "sales.move_to_qualifying", at: clock }],
    });
    expect(result.reply!.cost).toBeCloseTo(0.0028, 10);
    expect(result.conversationPatch).toBeUndefined();
  });

  test("no raw phone or email reaches the model; tool arguments and the reply are unmasked", async () => {
    const run = runner([
      toolCallReply([
        {
          name: "save_contact_details",
          args: { name: "Omar Haddad", email: "[EMAIL_2]", phone: "[PHONE_2]" },
        },
      ]),
      textReply("Thank you Omar, I will send the quotation to [EMAIL_2]."),
    ]);
    const first = await inbound("Hello, my old address was omar@old-company.com and +971 50 111 2222");
    await assistant(first.conversation, "Thanks! How can I help?");
    const { message, conversation } = await inbound(
      "Please use omar.haddad@desert-build.ae now, mobile 055 987 6543 (order of 20 chairs, 1250 AED each, 2025-06-30)",
    );
    await store.conversations.update(conversation.id, { email: "omar@old-company.com" });
    const result = await run.run(await request(conversation.id, [message], "company_details"));

    for (const { body } of fake!.requests) {
      const raw = JSON.stringify(body);
      for (const pii of [
        "omar@old-company.com",
        "omar.haddad@desert-build.ae",
        "111 2222",
        "987 6543",
        "0559876543",
      ]) {
        expect(raw).not.toContain(pii);
      }
      // Not everything numeric is PII: quantities, prices and dates pass through.
      expect(raw).toContain("20 chairs, 1250 AED each, 2025-06-30");
    }
    const userTexts = fake!.requests[0]!.body.messages.filter((m: any) => m.role === "user").map((m: any) =>
      JSON.stringify(m.content),
    );
    expect(userTexts.join(" ")).toContain("[EMAIL_1] and [PHONE_1]");
    expect(userTexts.join(" ")).toContain("[EMAIL_2] now, mobile [PHONE_2]");
    expect(result.reply!.text).toBe(
      "Thank you Omar, I will send the quotation to omar.haddad@desert-build.ae.",
    );
    expect(result.conversationPatch).toEqual({
      customerName: "Omar Haddad",
      email: "omar.haddad@desert-build.ae",
      phone: "+971559876543",
    });
    expect(result.salesEvents).toEqual([{ type: "sales.contact_saved", fields: ["name", "email"] }]);
  });

  test("Arabic burst: the language rule says Arabic; media in the burst is described; later messages wait", async () => {
    const run = runner([textReply("أهلاً بك! كم عدد الموظفين؟")]);
    await inbound("hello");
    const photo = await inbound("مثل هذا الكرسي", {
      kind: "image",
      contentUri: "https://cdn.example/chair.jpg",
    });
    const text = await inbound("أبغى كراسي مكتب");
    const later = await inbound("this arrived mid-turn");
    const result = await run.run(await request(text.conversation.id, [photo.message, text.message]));

    const body = fake!.requests[0]!.body;
    expect(systemText(body)).toContain("The latest message is in Arabic, so answer in Arabic.");
    const contents = JSON.stringify(body.messages);
    expect(contents).toContain("[customer sent an image: https://cdn.example/chair.jpg] مثل هذا الكرسي");
    expect(contents).not.toContain(later.message.text!);
    expect(result.language).toBe("ar");
    expect(result.reply!.text).toBe("أهلاً بك! كم عدد الموظفين؟");
  });

  test("an LLM that keeps failing throws after the retries (the chart then hands over)", async () => {
    const run = runner(() => errorReply(500, { retryAfterSeconds: 0 }));
    const { message, conversation } = await inbound("Hi");
    const error = await run.run(await request(conversation.id, [message])).catch((e) => e);
    expect(error).toBeInstanceOf(TurnError);
    expect(error.kind).toBe("unavailable");
    expect(fake!.requests).toHaveLength(3);
  });
});

describe("budget limits", () => {
  test("too many replies in the last minute: no LLM call, the limit reply, and a handoff", async () => {
    const run = runner([textReply("never sent")], { maxTurnsPerMinute: 2, dailyCostLimit: 20 });
    const { message, conversation } = await inbound("hi");
    await assistant(conversation, "one");
    await assistant(conversation, "two");
    const result = await run.run(await request(conversation.id, [message], "qualifying"));
    expect(fake!.requests).toHaveLength(0);
    expect(result).toMatchObject({
      reply: { text: holdingReplies.limit.en },
      stage: "qualifying",
      salesEvents: [],
      handoff: { reason: expect.stringContaining("turn rate limit") },
    });
  });

  test("replies older than a minute do not count", async () => {
    const run = runner([textReply("Hello!")], { maxTurnsPerMinute: 1, dailyCostLimit: 20 });
    const { conversation } = await inbound("hi");
    await assistant(conversation, "one");
    clock += 61_000;
    const { message } = await inbound("again");
    const result = await run.run(await request(conversation.id, [message]));
    expect(result.reply!.text).toBe("Hello!");
  });

  test("the day's LLM cost at the ceiling: no LLM call, the Arabic limit reply, and a handoff", async () => {
    const run = runner([textReply("never sent")], { maxTurnsPerMinute: 6, dailyCostLimit: 0.5 });
    const other = await store.messages.recordInbound(
      {
        wazzupMessageId: "w-other",
        channelId: "ch",
        chatType: "whatsapp",
        chatId: "971500000001",
        kind: "text",
        text: "x",
        contentUri: null,
        sentAt: clock,
      },
      clock,
    );
    await assistant(other.conversation, "spent", 0.5);
    const { message, conversation } = await inbound("مرحبا");
    const result = await run.run(await request(conversation.id, [message]));
    expect(fake!.requests).toHaveLength(0);
    expect(result.reply!.text).toBe(holdingReplies.limit.ar);
    expect(result.handoff!.reason).toContain("daily LLM cost limit");
  });
});
