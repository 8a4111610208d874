import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { createZohoClient, mapZohoItem, type ZohoItem } from "../../src/integrations/zoho/index.ts";
import { cartHash, createQuotations, orderReference } from "../../src/quotes/index.ts";
import { type Conversation, createStore, type Store } from "../../src/store/index.ts";
import { createFakeZoho, type FakeZoho } from "../support/fake-zoho.ts";

let store: Store;
let zoho: FakeZoho;
let conversation: Conversation;

/** Our catalogue as a sync from the fake Zoho would leave it: the same items, Zoho's ids. */
async function seedCatalog() {
  const items = zoho.loadDemoCatalog();
  await store.catalog.upsertProducts(items.map((item) => mapZohoItem(item as unknown as ZohoItem)!));
}

async function openConversation(chatId = "971501234567"): Promise<Conversation> {
  const { conversation } = await store.messages.recordInbound({
    wazzupMessageId: `w-${chatId}`,
    channelId: "channel-1",
    chatType: "whatsapp",
    chatId,
    kind: "text",
    text: "hello",
    contentUri: null,
    sentAt: Date.now(),
  });
  return conversation;
}

const withContact = (c: Conversation): Conversation => ({
  ...c,
  customerName: "Sara Al Mansouri",
  companyName: "Gulf Fintech LLC",
  email: "sara@gulf-fintech.ae",
});

const zohoClient = () => createZohoClient({ ...zoho.clientOptions, maxAttempts: 1 });
const salesOrderPosts = () =>
  zoho.apiRequests.filter((r) => r.method === "POST" && r.path.endsWith("/salesorders"));

beforeEach(async () => {
  store = await createStore({ databaseUrl: "sqlite::memory:" });
  zoho = createFakeZoho();
  await seedCatalog();
  conversation = withContact(await openConversation());
});
afterEach(async () => {
  await store.close();
  await zoho.stop();
});

describe("createQuotations without Zoho (demo)", () => {
  test("prices lines from the catalogue and numbers the quotation locally", async () => {
    const quotations = createQuotations({
      store,
      zoho: null,
      catalog: store.catalog,
      now: () => Date.UTC(2025, 5, 3),
    });
    const result = await quotations.create({
      conversation,
      lines: [
        { sku: "TJ-CHR-1004", quantity: 20 },
        { sku: "tj-dsk-4004", quantity: 2 },
      ],
    });
    expect(result).toMatchObject({ ok: true, reused: false, currency: "AED", total: 20 * 1250 + 2 * 1850 });
    if (!result.ok) throw new Error("expected a quotation");
    expect(result.number).toMatch(/^Q-20250603-[0-9A-F]{6}$/);
    expect(result.lines).toEqual([
      expect.objectContaining({ sku: "TJ-CHR-1004", quantity: 20, unitPrice: 1250 }),
      expect.objectContaining({ sku: "TJ-DSK-4004", quantity: 2, unitPrice: 1850 }),
    ]);
    const [stored] = await store.quotations.listForConversation(conversation.id);
    expect(stored).toMatchObject({ status: "created", salesOrderNumber: result.number, total: result.total });
  });

  test("the same cart in another order or spelling returns the first quotation; another cart is new", async () => {
    const quotations = createQuotations({ store, zoho: null, catalog: store.catalog });
    const first = await quotations.create({
      conversation,
      lines: [
        { sku: "TJ-CHR-1004", quantity: 20 },
        { sku: "TJ-DSK-4004", quantity: 2 },
      ],
    });
    const again = await quotations.create({
      conversation,
      lines: [
        { sku: "TJ DSK 4004", quantity: 2 },
        { sku: "TJ-CHR-1004", quantity: 15 },
        { sku: "tj-chr-1004", quantity: 5 },
      ],
    });
    expect(first.ok && again.ok).toBe(true);
    if (!first.ok || !again.ok) return;
    expect(again).toMatchObject({ reused: true, number: first.number, total: first.total });
    const other = await quotations.create({ conversation, lines: [{ sku: "TJ-CHR-1004", quantity: 21 }] });
    expect(other).toMatchObject({ ok: true, reused: false });
    expect(other.ok && other.number).not.toBe(first.number);
    expect(await store.quotations.listForConversation(conversation.id)).toHaveLength(2);
  });

  test("unknown SKUs, bad quantities and a missing name are refused before anything is reserved", async () => {
    const quotations = createQuotations({ store, zoho: null, catalog: store.catalog });
    const cases = [
      { conversation, lines: [{ sku: "TJ-XXX-0000", quantity: 1 }], reason: /TJ-XXX-0000/ },
      { conversation, lines: [{ sku: "TJ-CHR-1004", quantity: 0 }], reason: /quantity/ },
      { conversation, lines: [{ sku: "TJ-CHR-1004", quantity: 2.5 }], reason: /quantity/ },
      { conversation, lines: [], reason: /no lines/ },
      {
        conversation: { ...conversation, customerName: null },
        lines: [{ sku: "TJ-CHR-1004", quantity: 1 }],
        reason: /name/,
      },
    ];
    for (const { reason, ...request } of cases) {
      const result = await quotations.create(request);
      expect(result).toMatchObject({ ok: false, kind: "invalid" });
      expect(!result.ok && result.reason).toMatch(reason);
    }
    expect(await store.quotations.listForConversation(conversation.id)).toHaveLength(0);
  });

  test("cartHash ignores order, case and separators but not quantities", () => {
    expect(
      cartHash([
        { sku: "A-1", quantity: 2 },
        { sku: "b 2", quantity: 1 },
      ]),
    ).toBe(
      cartHash([
        { sku: "B-2", quantity: 1 },
        { sku: "a1", quantity: 2 },
      ]),
    );
    expect(cartHash([{ sku: "A-1", quantity: 2 }])).not.toBe(cartHash([{ sku: "A-1", quantity: 3 }]));
  });
});

describe("createQuotations with Zoho", () => {
  test("creates the contact from the conversation's real details and a sales order at our prices", async () => {
    // Zoho's own rate changed since the last sync: the order still carries the catalogue's price.
    zoho.modifyItem(zoho.itemBySku("TJ-CHR-1004")!.item_id, { rate: 999 });
    const quotations = createQuotations({ store, zoho: zohoClient(), catalog: store.catalog });
    const result = await quotations.create({ conversation, lines: [{ sku: "TJ-CHR-1004", quantity: 20 }] });

    expect(result).toMatchObject({ ok: true, reused: false, number: "SO-00001", total: 25_000 });
    expect(zoho.contacts).toHaveLength(1);
    expect(zoho.contacts[0]).toMatchObject({
      contact_name: "Sara Al Mansouri",
      company_name: "Gulf Fintech LLC",
      email: "sara@gulf-fintech.ae",
      mobile: "+971501234567",
    });
    const [order] = zoho.salesOrders;
    expect(order).toMatchObject({
      customer_id: zoho.contacts[0]!.contact_id,
      reference_number: orderReference(conversation.id),
    });
    expect(order!.line_items).toEqual([
      expect.objectContaining({ item_id: zoho.itemBySku("TJ-CHR-1004")!.item_id, quantity: 20, rate: 1250 }),
    ]);
    const [stored] = await store.quotations.listForConversation(conversation.id);
    expect(stored).toMatchObject({
      status: "created",
      salesOrderNumber: "SO-00001",
      zohoSalesOrderId: order!.salesorder_id,
    });
  });

  test("the same cart again reuses the order without calling Zoho; a known email finds the contact", async () => {
    const quotations = createQuotations({ store, zoho: zohoClient(), catalog: store.catalog });
    await quotations.create({ conversation, lines: [{ sku: "TJ-CHR-1004", quantity: 20 }] });
    const calls = zoho.apiRequests.length;
    const again = await quotations.create({ conversation, lines: [{ sku: "TJ-CHR-1004", quantity: 20 }] });
    expect(again).toMatchObject({ ok: true, reused: true, number: "SO-00001" });
    expect(zoho.apiRequests).toHaveLength(calls);

    const second = await quotations.create({ conversation, lines: [{ sku: "TJ-CHR-1004", quantity: 10 }] });
    expect(second).toMatchObject({ ok: true, reused: false, number: "SO-00002" });
    expect(zoho.contacts).toHaveLength(1);
    expect(zoho.salesOrders.map((o) => o.customer_id)).toEqual([
      zoho.contacts[0]!.contact_id,
      zoho.contacts[0]!.contact_id,
    ]);
  });

  test("a Zoho failure marks the quotation failed, asks for a human, and is never retried into a second order", async () => {
    const quotations = createQuotations({ store, zoho: zohoClient(), catalog: store.catalog });
    zoho.failAt(1, { kind: "server_error", status: 500 });
    const result = await quotations.create({ conversation, lines: [{ sku: "TJ-CHR-1004", quantity: 20 }] });
    expect(result).toMatchObject({ ok: false, kind: "unavailable" });
    const [stored] = await store.quotations.listForConversation(conversation.id);
    expect(stored).toMatchObject({ status: "failed" });
    expect(stored!.error).toBeString();

    const again = await quotations.create({ conversation, lines: [{ sku: "TJ-CHR-1004", quantity: 20 }] });
    expect(again).toMatchObject({ ok: false, kind: "unavailable" });
    expect(salesOrderPosts()).toHaveLength(0);
  });
});
