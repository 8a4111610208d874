/**
 * Greeting to closing, through the whole system: webhook in, the real runtime
 * and chart, the LLM agent on the real OpenRouter provider against a scripted
 * fake OpenRouter, catalogue search and live stock, a quotation at the fake
 * Zoho, replies out through the fake Wazzup. Per turn: the tools offered (from
 * the recorded request bodies), the stage and language stored, the language
 * instruction, the cost stored on the assistant message; and no request body
 * ever carries the customer's phone number or email.
 */
import { afterEach, describe, expect, test } from "bun:test";
import {
  type AgentWorld,
  lastToolResult,
  offeredMoves,
  offeredTools,
  startAgentWorld,
  systemText,
  type TurnRecord,
} from "../agent/support/agent-world.ts";
import { textReply, toolCallReply } from "../support/fake-openrouter.ts";

const fixedTools = [
  "create_quotation",
  "get_stock",
  "request_human",
  "save_contact_details",
  "search_knowledge",
  "search_products",
];

let world: AgentWorld;
afterEach(async () => {
  await world.stop();
});

/** What every turn must show: one reply, answered burst, stage and language stored, usage and cost stored. */
async function expectTurn(
  turn: TurnRecord,
  { stage, language, cost, calls }: { stage: string; language: "en" | "ar"; cost: number; calls: number },
) {
  expect(turn.requests).toHaveLength(calls);
  expect(turn.replies).toHaveLength(1);
  expect(turn.conversation).toMatchObject({ salesStage: stage, language, status: "active" });
  expect(turn.assistant.model).toBe("deepseek/deepseek-chat");
  expect(turn.assistant.cost).toBeCloseTo(cost, 10);
  expect(turn.assistant.tokensIn).toBeGreaterThan(0);
  expect(await world.noor.noor.store.messages.unanswered(turn.conversation.id)).toHaveLength(0);
  const rule =
    language === "ar"
      ? "The latest message is in Arabic, so answer in Arabic."
      : "The latest message is in English, so answer in English.";
  for (const request of turn.requests) {
    expect(systemText(request.body)).toContain(rule);
    // The last allowed step offers no tools; every other step offers the fixed ones.
    if (offeredTools(request).length > 0)
      expect(offeredTools(request)).toEqual(expect.arrayContaining(fixedTools));
  }
}

function expectNoPii(pii: string[]) {
  expect(world.llm.requests.length).toBeGreaterThan(0);
  for (const { body } of world.llm.requests) {
    const raw = JSON.stringify(body);
    for (const value of pii) expect(raw).not.toContain(value);
  }
}

const usage = (cost: number, promptTokens = 900, completionTokens = 30) => ({
  promptTokens,
  completionTokens,
  cost,
});

describe("a scripted sales conversation in English", () => {
  test("greeting → qualifying → needs analysis → solution → company details → quoting → closing", async () => {
    world = await startAgentWorld({ chatId: "971501112233" });

    // 1. Greeting.
    world.script(
      toolCallReply([{ name: "move_to_qualifying", args: {} }], usage(0.00031, 820, 12)),
      textReply(
        "Hello, I'm Noor from Treejar. What kind of office furniture are you looking for?",
        usage(0.00042, 900, 25),
      ),
    );
    const t1 = await world.say("Hi there!");
    await expectTurn(t1, { stage: "qualifying", language: "en", cost: 0.00073, calls: 2 });
    expect(offeredMoves(t1.requests[0]!)).toEqual(["move_to_qualifying"]);
    expect(offeredMoves(t1.requests[1]!)).toEqual(["move_to_needs_analysis"]);
    expect(systemText(t1.requests[1]!.body)).toContain("# Current sales stage: qualifying");
    expect(t1.replies[0]!.text).toBe(
      "Hello, I'm Noor from Treejar. What kind of office furniture are you looking for?",
    );

    // 2. Who they are and what they need; a catalogue search opens the move to solution.
    world.script(
      toolCallReply(
        [
          { name: "save_contact_details", args: { name: "Sara", company: "Gulf Fintech LLC" } },
          { name: "move_to_needs_analysis", args: {} },
        ],
        usage(0.0005),
      ),
      toolCallReply(
        [{ name: "search_products", args: { query: "ErgoLine ergonomic mesh chair", maxPrice: 1500 } }],
        usage(0.0006),
      ),
      toolCallReply([{ name: "move_to_solution", args: {} }], usage(0.0007)),
      (request) => {
        const { products } = lastToolResult(request, "search_products");
        const pick = products.find((p: any) => p.sku === "TJ-CHR-1004");
        return textReply(
          `For 20 people I suggest the ${pick.name} (${pick.sku}) at ${pick.price} ${pick.currency} each: full mesh, adjustable lumbar support. Would that suit you?`,
          usage(0.0008),
        );
      },
    );
    const t2 = await world.say(
      "I'm Sara from Gulf Fintech LLC. We're moving into a new office for 20 people and need ergonomic chairs, ideally under 1,500 AED each.",
    );
    await expectTurn(t2, { stage: "solution", language: "en", cost: 0.0026, calls: 4 });
    expect(offeredMoves(t2.requests[0]!)).toEqual(["move_to_needs_analysis"]);
    expect(offeredMoves(t2.requests[1]!)).toEqual(["move_to_qualifying"]); // solution needs a product first
    expect(offeredMoves(t2.requests[2]!)).toEqual(["move_to_qualifying", "move_to_solution"]);
    expect(offeredMoves(t2.requests[3]!)).toEqual(["move_to_company_details", "move_to_needs_analysis"]);
    const found = lastToolResult(t2.requests[2]!, "search_products");
    expect(found.products.every((p: any) => p.price <= 1500)).toBe(true);
    expect(t2.conversation).toMatchObject({ customerName: "Sara", companyName: "Gulf Fintech LLC" });
    expect(t2.replies[0]!.text).toContain("(TJ-CHR-1004) at 1250 AED each");

    // 3. Live stock from Zoho; the customer agrees: on to company details.
    world.script(
      toolCallReply([{ name: "get_stock", args: { sku: "TJ-CHR-1004" } }], usage(0.0004)),
      toolCallReply([{ name: "move_to_company_details", args: {} }], usage(0.0004)),
      (request) => {
        const stock = lastToolResult(request, "get_stock");
        return textReply(
          `Good news: ${stock.stock} are available now. To prepare the quotation, may I have your full name and email?`,
          usage(0.0005),
        );
      },
    );
    const t3 = await world.say("The ErgoLine Pro looks good. Do you have 20 in stock?");
    await expectTurn(t3, { stage: "company_details", language: "en", cost: 0.0013, calls: 3 });
    expect(lastToolResult(t3.requests[1]!, "get_stock")).toMatchObject({
      ok: true,
      source: "live",
      stock: 35,
    });
    expect(
      world.zoho.apiRequests.some((r) => r.path.endsWith("/items") && r.query.sku === "TJ-CHR-1004"),
    ).toBe(true);
    // Name and company are saved, so the guarded move to quoting is on offer.
    expect(offeredMoves(t3.requests[2]!)).toEqual(["move_to_quoting", "move_to_solution"]);

    // 4. Contact details: the model only ever sees placeholders; the conversation stores the real values.
    world.script(
      toolCallReply(
        [
          {
            name: "save_contact_details",
            args: { name: "Sara Al Mansouri", email: "[EMAIL_1]", phone: "[PHONE_1]" },
          },
        ],
        usage(0.0004),
      ),
      toolCallReply([{ name: "move_to_quoting", args: {} }], usage(0.0004)),
      textReply(
        "Thank you, Sara. To confirm: 20 × ErgoLine Pro Ergonomic Mesh Chair (TJ-CHR-1004) at 1250 AED each. Shall I prepare the quotation for [EMAIL_1]?",
        usage(0.0005),
      ),
    );
    const t4 = await world.say("Sara Al Mansouri, sara.m@gulf-fintech.ae, mobile +971 50 123 4567");
    await expectTurn(t4, { stage: "quoting", language: "en", cost: 0.0013, calls: 3 });
    expect(JSON.stringify(t4.requests[0]!.body.messages)).toContain(
      "Sara Al Mansouri, [EMAIL_1], mobile [PHONE_1]",
    );
    expect(t4.conversation).toMatchObject({
      customerName: "Sara Al Mansouri",
      email: "sara.m@gulf-fintech.ae",
      phone: "+971501234567",
    });
    expect(offeredMoves(t4.requests[2]!)).toEqual(["move_to_solution"]); // closing needs a quotation
    expect(t4.replies[0]!.text).toContain("Shall I prepare the quotation for sara.m@gulf-fintech.ae?");

    // 5. The quotation: a Zoho sales order at our catalogue prices.
    world.script(
      toolCallReply(
        [{ name: "create_quotation", args: { lines: [{ sku: "TJ-CHR-1004", quantity: 20 }] } }],
        usage(0.0006),
      ),
      toolCallReply([{ name: "move_to_closing", args: {} }], usage(0.0004)),
      (request) => {
        const q = lastToolResult(request, "create_quotation");
        return textReply(
          `Done! Your quotation number is ${q.number}: 20 × ErgoLine Pro (TJ-CHR-1004), total ${q.total} ${q.currency}. A sales manager will follow up at [EMAIL_1].`,
          usage(0.0006),
        );
      },
    );
    const t5 = await world.say("Yes, please go ahead.");
    await expectTurn(t5, { stage: "closing", language: "en", cost: 0.0016, calls: 3 });
    expect(offeredMoves(t5.requests[1]!)).toEqual(["move_to_closing", "move_to_solution"]);
    expect(world.zoho.salesOrders).toHaveLength(1);
    const [order] = world.zoho.salesOrders;
    expect(order!.line_items).toEqual([
      expect.objectContaining({ sku: "TJ-CHR-1004", quantity: 20, rate: 1250, item_total: 25_000 }),
    ]);
    expect(world.zoho.contacts[0]).toMatchObject({
      contact_name: "Sara Al Mansouri",
      company_name: "Gulf Fintech LLC",
      email: "sara.m@gulf-fintech.ae",
      mobile: "+971501234567",
    });
    expect(t5.replies[0]!.text).toBe(
      "Done! Your quotation number is SO-00001: 20 × ErgoLine Pro (TJ-CHR-1004), total 25000 AED. A sales manager will follow up at sara.m@gulf-fintech.ae.",
    );
    const [quotation] = await world.noor.noor.store.quotations.listForConversation(t5.conversation.id);
    expect(quotation).toMatchObject({ status: "created", salesOrderNumber: "SO-00001", total: 25_000 });

    // 6. Closing: no stage moves out.
    world.script(textReply("You're welcome, Sara! Have a great day.", usage(0.0003)));
    const t6 = await world.say("Thank you, that's all for now!");
    await expectTurn(t6, { stage: "closing", language: "en", cost: 0.0003, calls: 1 });
    expect(offeredMoves(t6.requests[0]!)).toEqual([]);

    const total = await world.noor.noor.store.stats.costOfConversation(t6.conversation.id);
    expect(total).toBeCloseTo(0.00073 + 0.0026 + 0.0013 + 0.0013 + 0.0016 + 0.0003, 10);
    expectNoPii(["sara.m@gulf-fintech.ae", "971501112233", "50 123 4567", "501234567", "501112233"]);
  }, 30_000);
});

describe("a scripted sales conversation in Arabic", () => {
  test("greeting to closing in Arabic; SKUs and numbers kept; Arabic-Indic phone digits masked", async () => {
    world = await startAgentWorld({ chatId: "971502223344" });

    world.script(
      toolCallReply([{ name: "move_to_qualifying", args: {} }], usage(0.0003)),
      textReply("وعليكم السلام! أنا نور من تريجار. كيف أقدر أساعدك اليوم؟", usage(0.0004)),
    );
    const t1 = await world.say("السلام عليكم");
    await expectTurn(t1, { stage: "qualifying", language: "ar", cost: 0.0007, calls: 2 });
    expect(offeredMoves(t1.requests[0]!)).toEqual(["move_to_qualifying"]);

    world.script(
      toolCallReply(
        [
          { name: "save_contact_details", args: { name: "Ahmed", company: "Al Reem Trading" } },
          { name: "move_to_needs_analysis", args: {} },
        ],
        usage(0.0005),
      ),
      toolCallReply(
        [{ name: "search_products", args: { query: "rectangular meeting table oak 8 seats" } }],
        usage(0.0005),
      ),
      toolCallReply([{ name: "move_to_solution", args: {} }], usage(0.0005)),
      (request) => {
        const table = lastToolResult(request, "search_products").products.find(
          (p: any) => p.sku === "TJ-MTG-5004",
        );
        return textReply(
          `أنصحك بطاولة الاجتماعات المستطيلة من خشب البلوط لثمانية أشخاص (${table.sku}) بسعر ${table.price} درهم. هل تناسبك؟`,
          usage(0.0006),
        );
      },
    );
    const t2 = await world.say("أنا أحمد من شركة الريم للتجارة. نحتاج طاولة اجتماعات لثمانية أشخاص");
    await expectTurn(t2, { stage: "solution", language: "ar", cost: 0.0021, calls: 4 });
    expect(offeredMoves(t2.requests[2]!)).toEqual(["move_to_qualifying", "move_to_solution"]);
    expect(t2.replies[0]!.text).toContain("(TJ-MTG-5004) بسعر 2900 درهم");

    world.script(
      toolCallReply(
        [
          {
            name: "save_contact_details",
            args: { name: "Ahmed Al Hashimi", email: "[EMAIL_1]", phone: "[PHONE_1]" },
          },
          { name: "move_to_company_details", args: {} },
        ],
        usage(0.0005),
      ),
      toolCallReply([{ name: "move_to_quoting", args: {} }], usage(0.0004)),
      toolCallReply(
        [{ name: "create_quotation", args: { lines: [{ sku: "TJ-MTG-5004", quantity: 1 }] } }],
        usage(0.0005),
      ),
      toolCallReply([{ name: "move_to_closing", args: {} }], usage(0.0004)),
      (request) => {
        const q = lastToolResult(request, "create_quotation");
        return textReply(
          `تم! رقم عرض السعر ${q.number}، الإجمالي ${q.total} درهم. سيتواصل معك مدير المبيعات على [EMAIL_1].`,
          usage(0.0006),
        );
      },
    );
    const t3 = await world.say(
      "ممتاز، نريد طاولة واحدة. أنا أحمد الهاشمي، بريدي ahmed@alreem.ae ورقمي ٠٥٥٤٤٤٣٣٢٢",
    );
    await expectTurn(t3, { stage: "closing", language: "ar", cost: 0.0024, calls: 5 });
    expect(JSON.stringify(t3.requests[0]!.body.messages)).toContain("بريدي [EMAIL_1] ورقمي [PHONE_1]");
    expect(offeredMoves(t3.requests[1]!)).toEqual(["move_to_quoting", "move_to_solution"]);
    expect(t3.conversation).toMatchObject({
      customerName: "Ahmed Al Hashimi",
      email: "ahmed@alreem.ae",
      phone: "+971554443322",
    });
    expect(world.zoho.salesOrders[0]!.line_items).toEqual([
      expect.objectContaining({ sku: "TJ-MTG-5004", quantity: 1, rate: 2900 }),
    ]);
    expect(t3.replies[0]!.text).toBe(
      "تم! رقم عرض السعر SO-00001، الإجمالي 2900 درهم. سيتواصل معك مدير المبيعات على ahmed@alreem.ae.",
    );

    world.script(textReply("العفو يا أحمد! نحن في الخدمة دائماً.", usage(0.0002)));
    const t4 = await world.say("شكراً جزيلاً");
    await expectTurn(t4, { stage: "closing", language: "ar", cost: 0.0002, calls: 1 });
    expect(offeredMoves(t4.requests[0]!)).toEqual([]);

    expectNoPii(["ahmed@alreem.ae", "٠٥٥٤٤٤٣٣٢٢", "0554443322", "554443322", "971502223344"]);
  }, 30_000);
});
