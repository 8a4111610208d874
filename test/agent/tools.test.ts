import { describe, expect, test } from "bun:test";
import type { ToolExecutionOptions } from "ai";
import { initialTransition, transition } from "xstate";
import { guardTools } from "../../src/agent/guard-tools.ts";
import { createPiiVault } from "../../src/agent/pii.ts";
import type { QuotationRequest, Quotations } from "../../src/agent/ports.ts";
import { createAgentTools } from "../../src/agent/tools.ts";
import { createTurnState } from "../../src/agent/turn-state.ts";
import { silentLogger } from "../../src/log.ts";
import { type ChatSnapshot, type CustomerFlags, chatMachine } from "../../src/sales/index.ts";
import type { Conversation, Stage } from "../../src/store/index.ts";
import { conversationFixture } from "../support/conversation-fixture.ts";
import { demoCatalogPorts } from "./support/demo-catalog-ports.ts";

const conversation: Conversation = conversationFixture();

function snapshotAt(stage: Stage, customer: Partial<CustomerFlags> = {}): ChatSnapshot {
  return initialTransition(chatMachine, {
    chatId: "c",
    conversationId: conversation.id,
    debounceMs: 0,
    stage,
    customer,
  })[0];
}

/** A Quotations double that records requests and answers as told. */
function recordingQuotations(answer: Awaited<ReturnType<Quotations["create"]>>) {
  const requests: QuotationRequest[] = [];
  const quotations: Quotations = {
    async create(request) {
      requests.push(request);
      return answer;
    },
  };
  return { quotations, requests };
}

function setup({
  stage = "greeting" as Stage,
  customer = {} as Partial<CustomerFlags>,
  quotations = recordingQuotations({ ok: false, kind: "invalid", reason: "unused" }).quotations,
} = {}) {
  const state = createTurnState(snapshotAt(stage, customer));
  const ports = demoCatalogPorts();
  const vault = createPiiVault();
  const { tools, activeTools } = createAgentTools({
    state,
    conversation,
    productSearch: ports,
    knowledgeSearch: ports,
    stock: ports,
    quotations,
    now: () => 1_000,
  });
  const guarded = guardTools({ tools, vault, logger: silentLogger });
  const run = async (name: keyof typeof tools, input: unknown): Promise<any> =>
    (guarded[name].execute as (i: unknown, o: ToolExecutionOptions<any>) => Promise<unknown>)(input, {
      toolCallId: "call-1",
      messages: [],
      context: {},
    } as unknown as ToolExecutionOptions<any>);
  return { state, ports, vault, tools, activeTools, run };
}

const moveTools = (names: string[]) => names.filter((n) => n.startsWith("move_to_")).sort();

describe("stage move tools", () => {
  test("only the moves the chart allows now are offered, recomputed after each move", async () => {
    const { activeTools, run, state } = setup();
    expect(moveTools(activeTools())).toEqual(["move_to_qualifying"]);
    expect(await run("move_to_qualifying", {})).toEqual({ ok: true, stage: "qualifying" });
    expect(state.stage()).toBe("qualifying");
    expect(moveTools(activeTools())).toEqual(["move_to_needs_analysis"]);
    await run("move_to_needs_analysis", {});
    // solution is guarded by "products discussed": not offered yet.
    expect(moveTools(activeTools())).toEqual(["move_to_qualifying"]);
    expect(state.salesEvents()).toEqual([
      { type: "sales.move_to_qualifying", at: 1_000 },
      { type: "sales.move_to_needs_analysis", at: 1_000 },
    ]);
  });

  test("a move the chart does not offer is refused as data and changes nothing", async () => {
    const { run, state } = setup();
    const result = await run("move_to_quoting", {});
    expect(result.ok).toBe(false);
    expect(result.reason).toContain("no move from greeting to quoting");
    expect(state.stage()).toBe("greeting");
    expect(state.salesEvents()).toEqual([]);
  });

  test("each move tool's description is the chart's description of that move from the current stage", () => {
    const { tools } = setup({ stage: "solution" });
    const describe = (t: { description?: unknown }) =>
      typeof t.description === "function" ? t.description({ context: {} }) : t.description;
    expect(describe(tools.move_to_needs_analysis)).toContain("requirements changed");
    expect(describe(tools.move_to_company_details)).toContain("agreed on products");
  });
});

describe("search_products and get_stock", () => {
  test("products found are recorded as discussed, which opens the guarded move to solution", async () => {
    const { run, activeTools, state } = setup({ stage: "needs_analysis" });
    expect(moveTools(activeTools())).toEqual(["move_to_qualifying"]);
    const result = await run("search_products", { query: "ergonomic mesh chair", maxPrice: 1500 });
    expect(result.ok).toBe(true);
    expect(result.products.length).toBeGreaterThan(0);
    expect(result.products.every((p: any) => p.price <= 1500 && p.currency === "AED")).toBe(true);
    expect(state.salesEvents()).toEqual([
      { type: "sales.products_discussed", skus: result.products.map((p: any) => p.sku) },
    ]);
    expect(moveTools(activeTools())).toEqual(["move_to_qualifying", "move_to_solution"]);
  });

  test("nothing found is an empty list with advice, and records nothing", async () => {
    const { run, state } = setup({ stage: "needs_analysis" });
    const result = await run("search_products", { query: "zzzz qqqq" });
    expect(result).toMatchObject({ ok: true, products: [] });
    expect(result.note).toContain("do not invent");
    expect(state.salesEvents()).toEqual([]);
  });

  test("get_stock says when the figure is from the last sync, and refuses an unknown SKU", async () => {
    const { run } = setup();
    const known = await run("get_stock", { sku: "TJ-CHR-1004" });
    expect(known).toMatchObject({ ok: true, sku: "TJ-CHR-1004", stock: 35, source: "last_sync" });
    expect(known.note).toContain("last catalogue sync");
    expect(await run("get_stock", { sku: "TJ-NOPE-1" })).toMatchObject({ ok: false });
  });
});

describe("save_contact_details through the PII boundary", () => {
  test("placeholders are unmasked before the tool runs: the patch holds the real email and phone", async () => {
    const { run, vault, state } = setup({ stage: "company_details" });
    const masked = vault.mask("I'm Sara, sara@gulf-fintech.ae, call me on 050 123 4567");
    expect(masked).toContain("[EMAIL_1]");
    expect(masked).toContain("[PHONE_1]");
    const result = await run("save_contact_details", {
      name: "Sara Al Mansouri",
      company: "Gulf Fintech LLC",
      email: "[EMAIL_1]",
      phone: "[PHONE_1]",
    });
    expect(result).toEqual({ ok: true, saved: ["name", "company", "email", "phone"] });
    expect(state.contact()).toEqual({
      customerName: "Sara Al Mansouri",
      companyName: "Gulf Fintech LLC",
      email: "sara@gulf-fintech.ae",
      phone: "+971501234567",
    });
    expect(state.salesEvents()).toEqual([
      { type: "sales.contact_saved", fields: ["name", "company", "email"] },
    ]);
    // The guard on quoting now passes.
    expect(state.allowedMoves().map((m) => m.stage)).toContain("quoting");
  });

  test("an unresolved placeholder, a bad email or a name with an email is refused and nothing is saved", async () => {
    const { run, state } = setup({ stage: "company_details" });
    for (const input of [
      { email: "[EMAIL_7]" },
      { email: "sara at gulf" },
      { name: "sara@gulf.ae" },
      { phone: "twelve" },
      { phone: "123" },
      {},
    ]) {
      const result = await run("save_contact_details", input);
      expect(result.ok).toBe(false);
    }
    expect(state.contact()).toEqual({});
    expect(state.salesEvents()).toEqual([]);
  });

  test("tool results are masked before the model reads them", async () => {
    const { tools, vault } = setup();
    const leaky = {
      ...tools,
      search_knowledge: {
        ...tools.search_knowledge,
        execute: async () => ({
          ok: true,
          passages: [{ body: "Write to sales@treejar.com or +971 4 123 4567" }],
        }),
      },
    };
    const guarded = guardTools({ tools: leaky, vault, logger: silentLogger });
    const result: any = await (guarded.search_knowledge.execute as any)({ query: "contact" }, {});
    expect(result.passages[0].body).toBe("Write to [EMAIL_1] or [PHONE_1]");
  });

  test("a port that throws becomes { ok: false, reason } for the model", async () => {
    const { tools, vault } = setup();
    const broken = guardTools({
      tools: {
        get_stock: {
          ...tools.get_stock,
          execute: async () => {
            throw new Error("database is down");
          },
        },
      },
      vault,
      logger: silentLogger,
    });
    const result: any = await (broken.get_stock.execute as any)({ sku: "TJ-CHR-1004" }, {});
    expect(result).toEqual({ ok: false, reason: "get_stock is not available right now" });
  });
});

describe("create_quotation and request_human", () => {
  test("a quotation uses the contact saved earlier in the turn and records quotation_created", async () => {
    const { quotations, requests } = recordingQuotations({
      ok: true,
      number: "SO-00001",
      total: 25_000,
      currency: "AED",
      lines: [{ sku: "TJ-CHR-1004", name: "ErgoLine Pro", quantity: 20, unitPrice: 1250, zohoItemId: "1" }],
      reused: false,
    });
    const { run, state } = setup({ stage: "company_details", quotations });
    await run("save_contact_details", { name: "Sara Al Mansouri", email: "sara@gulf-fintech.ae" });
    await run("move_to_quoting", {});
    const result = await run("create_quotation", { lines: [{ sku: "TJ-CHR-1004", quantity: 20 }] });
    expect(result).toMatchObject({ ok: true, number: "SO-00001", total: 25_000 });
    expect(requests[0]!.conversation).toMatchObject({
      customerName: "Sara Al Mansouri",
      email: "sara@gulf-fintech.ae",
    });
    expect(state.salesEvents().map((e) => e.type)).toEqual([
      "sales.contact_saved",
      "sales.move_to_quoting",
      "sales.quotation_created",
    ]);
    expect(state.allowedMoves().map((m) => m.stage)).toContain("closing");
    expect(state.handoff()).toBeNull();
  });

  test("a quotation our side could not create hands the chat over; a correctable one does not", async () => {
    const failing = setup({
      quotations: recordingQuotations({ ok: false, kind: "unavailable", reason: "Zoho is down" }).quotations,
    });
    const result = await failing.run("create_quotation", { lines: [{ sku: "TJ-CHR-1004", quantity: 1 }] });
    expect(result.ok).toBe(false);
    expect(failing.state.handoff()?.reason).toContain("Zoho is down");

    const invalid = setup({
      quotations: recordingQuotations({ ok: false, kind: "invalid", reason: "unknown SKU" }).quotations,
    });
    await invalid.run("create_quotation", { lines: [{ sku: "X", quantity: 1 }] });
    expect(invalid.state.handoff()).toBeNull();
  });

  test("request_human records the reason; the first one wins", async () => {
    const { run, state } = setup();
    expect(await run("request_human", { reason: "customer wants a discount" })).toMatchObject({ ok: true });
    await run("request_human", { reason: "second" });
    expect(state.handoff()).toEqual({ reason: "customer wants a discount" });
  });
});

test("the working snapshot applies events like the chart does", () => {
  const state = createTurnState(snapshotAt("needs_analysis"));
  state.productsDiscussed(["TJ-CHR-1004"]);
  const [viaChart] = transition(chatMachine, snapshotAt("needs_analysis"), {
    type: "sales.products_discussed",
    skus: ["TJ-CHR-1004"],
  });
  expect(state.snapshot().context.productsDiscussed).toEqual(viaChart.context.productsDiscussed);
});
