import { afterEach, describe, expect, test } from "bun:test";
import { createZohoClient, formatZohoTime, ZohoError } from "../../../src/integrations/zoho/index.ts";
import type { ProductInput } from "../../../src/store/records.ts";
import { createFakeZoho, type FakeZoho } from "../../support/fake-zoho.ts";
import { createSimulatedClock } from "./simulated-clock.ts";

let fake: FakeZoho;
afterEach(() => fake?.stop());

function setup({ apiUrl }: { apiUrl?: boolean } = {}) {
  const clock = createSimulatedClock();
  fake = createFakeZoho({ now: clock.now });
  const items = fake.loadDemoCatalog();
  const client = createZohoClient({
    ...fake.clientOptions,
    apiUrl: apiUrl ? fake.apiUrl : undefined,
    now: clock.now,
    sleep: clock.sleep,
  });
  return { clock, client, items };
}

async function collect(iterable: AsyncIterable<ProductInput>): Promise<ProductInput[]> {
  const out: ProductInput[] = [];
  for await (const product of iterable) out.push(product);
  return out;
}

describe("ZohoClient items", () => {
  test("iterateItems pages until has_more_page is false", async () => {
    const { client, items } = setup();
    const pages: { page: number; count: number; hasMorePage: boolean }[] = [];
    const products = await collect(
      client.iterateItems({
        perPage: 30,
        onPage: (p) => pages.push({ page: p.page, count: p.items.length, hasMorePage: p.hasMorePage }),
      }),
    );
    expect(items.length).toBe(107);
    expect(pages).toEqual([
      { page: 1, count: 30, hasMorePage: true },
      { page: 2, count: 30, hasMorePage: true },
      { page: 3, count: 30, hasMorePage: true },
      { page: 4, count: 17, hasMorePage: false },
    ]);
    expect(new Set(products.map((p) => p.sku)).size).toBe(107);
    expect(fake.apiRequests.map((r) => [r.query.page, r.query.per_page, r.query.filter_by])).toEqual([
      ["1", "30", "Status.All"],
      ["2", "30", "Status.All"],
      ["3", "30", "Status.All"],
      ["4", "30", "Status.All"],
    ]);
  });

  test("every call carries the Zoho-oauthtoken header and organization_id", async () => {
    const { client } = setup();
    await client.listItems({ perPage: 5 });
    await client.getStockBySku("TJ-DSK-4004");
    await client.findContact({ email: "nobody@example.ae" });
    expect(fake.apiRequests).toHaveLength(3);
    for (const r of fake.apiRequests) {
      expect(r.authorization).toMatch(/^Zoho-oauthtoken \S+$/);
      expect(r.query.organization_id).toBe(fake.clientOptions.organizationId);
      expect(r.path).toStartWith("/inventory/v1/");
    }
  });

  test("an explicit apiUrl is used instead of api_domain", async () => {
    const { client } = setup({ apiUrl: true });
    const page = await client.listItems({ perPage: 3 });
    expect(page.items).toHaveLength(3);
    expect(page.hasMorePage).toBe(true);
  });

  test("listItems caps per_page at Zoho's 200 and can ask for active items only", async () => {
    const { client, items } = setup();
    fake.markInactive(items[0]!.item_id);
    const page = await client.listItems({ perPage: 500, status: "active" });
    expect(fake.apiRequests[0]?.query.per_page).toBe("200");
    expect(fake.apiRequests[0]?.query.filter_by).toBe("Status.Active");
    expect(page.items).toHaveLength(106);
    expect(page.hasMorePage).toBe(false);
  });

  test("modifiedSince returns only items changed since, inactive ones included", async () => {
    const { clock, client, items } = setup();
    const since = clock.now();
    clock.advance(60_000);
    fake.modifyItem(items[3]!.item_id, { rate: 1199 });
    fake.markInactive(items[10]!.item_id);
    const changed = await collect(client.iterateItems({ modifiedSince: new Date(since) }));
    expect(changed.map((p) => [p.sku, p.price, p.status])).toEqual([
      [items[3]!.sku, 1199, "active"],
      [items[10]!.sku, items[10]!.rate, "inactive"],
    ]);
    expect(fake.apiRequests[0]?.query).toMatchObject({
      last_modified_time: formatZohoTime(new Date(since)),
      sort_column: "last_modified_time",
      sort_order: "A",
    });
  });

  test("getItem maps one item; an unknown id is a typed not_found error", async () => {
    const { client, items } = setup();
    const product = await client.getItem(items[0]!.item_id);
    expect(product).toMatchObject({ zohoItemId: items[0]!.item_id, sku: "TJ-CHR-1001", currency: "AED" });
    const error = await client.getItem("4815999999999999").catch((e: unknown) => e);
    expect(ZohoError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: "not_found", code: 1002, status: 404, retryable: false });
  });

  test("getStockBySku reads sellable stock (available minus committed); unknown SKU → null", async () => {
    const { client } = setup();
    const item = fake.itemBySku("TJ-DSK-4005")!;
    fake.modifyItem(item.item_id, { stock_on_hand: 14, available_stock: 14, actual_available_stock: 9 });
    expect(await client.getStockBySku("TJ-DSK-4005")).toEqual({
      sku: "TJ-DSK-4005",
      stock: 9,
      itemId: item.item_id,
    });
    expect(await client.getStockBySku("TJ-NOPE-0000")).toBeNull();
    expect(fake.apiRequests.map((r) => r.query.sku)).toEqual(["TJ-DSK-4005", "TJ-NOPE-0000"]);
  });
});

describe("ZohoClient failures", () => {
  test("429 code 44 waits Retry-After and retries", async () => {
    const { clock, client } = setup();
    fake.failAt(1, { kind: "rate_limited", code: 44, retryAfterSeconds: 7 });
    const page = await client.listItems({ perPage: 10 });
    expect(page.items).toHaveLength(10);
    expect(clock.sleeps).toEqual([7_000]);
    expect(fake.apiRequests.map((r) => r.status)).toEqual([429, 200]);
  });

  test("429 code 44 without Retry-After waits out the minute", async () => {
    const { clock, client } = setup();
    fake.failAt(1, { kind: "rate_limited", code: 44 });
    await client.getStockBySku("TJ-CHR-1001");
    expect(clock.sleeps).toEqual([60_000]);
  });

  test("the daily quota (code 45) is not retried", async () => {
    const { client } = setup();
    fake.failAt(1, { kind: "rate_limited", code: 45 });
    const error = await client.listItems().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "rate_limited", code: 45, status: 429, retryable: false });
    expect(fake.apiRequests).toHaveLength(1);
  });

  test("5xx on a read is retried with backoff; persistent 5xx gives up typed after maxAttempts", async () => {
    const { clock, client } = setup();
    fake.failAt(1, { kind: "server_error", status: 503 });
    expect(await client.getStockBySku("TJ-CHR-1001")).not.toBeNull();
    expect(clock.sleeps).toHaveLength(1);
    for (const call of [3, 4, 5, 6]) fake.failAt(call, { kind: "server_error" });
    const error = await client.getStockBySku("TJ-CHR-1001").catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "unavailable", status: 500, retryable: true });
    expect(fake.apiRequests).toHaveLength(6);
  });

  test("an unreachable server is a typed network error", async () => {
    fake = createFakeZoho();
    const client = createZohoClient({
      ...fake.clientOptions,
      apiUrl: "http://127.0.0.1:9/inventory/v1",
      maxAttempts: 1,
    });
    const error = await client.listItems().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "network", retryable: true });
  });
});

describe("ZohoClient contacts and sales orders", () => {
  test("findContact finds nothing, createContact posts JSON, then both lookups find it", async () => {
    const { client } = setup();
    expect(await client.findContact({ email: "omar@alnoor.ae" })).toBeNull();
    const created = await client.createContact({
      name: "Omar Haddad",
      companyName: "Al Noor Trading LLC",
      email: "omar@alnoor.ae",
      phone: "+971501234567",
    });
    expect(created).toMatchObject({
      name: "Omar Haddad",
      companyName: "Al Noor Trading LLC",
      email: "omar@alnoor.ae",
      phone: "+971501234567",
    });
    const post = fake.apiRequests.find((r) => r.method === "POST");
    expect(post?.contentType).toContain("application/json");
    expect(post?.body).toMatchObject({
      contact_name: "Omar Haddad",
      company_name: "Al Noor Trading LLC",
      contact_type: "customer",
      contact_persons: [
        { first_name: "Omar", last_name: "Haddad", email: "omar@alnoor.ae", mobile: "+971501234567" },
      ],
    });
    expect(await client.findContact({ email: "OMAR@alnoor.ae" })).toEqual(created);
    expect(await client.findContact({ name: "omar haddad" })).toEqual(created);
  });

  test("a duplicate contact name is a typed rejection", async () => {
    const { client } = setup();
    await client.createContact({ name: "Gulf Interiors" });
    const error = await client.createContact({ name: "Gulf Interiors" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "rejected", status: 400, retryable: false });
  });

  test("createSalesOrder posts the lines and returns Zoho's number and total", async () => {
    const { client } = setup();
    const customer = await client.createContact({
      name: "Desert Logistics FZE",
      email: "buyer@desertlog.ae",
    });
    const chair = fake.itemBySku("TJ-CHR-1004")!;
    const desk = fake.itemBySku("TJ-DSK-4005")!;
    const result = await client.createSalesOrder({
      customerId: customer.contactId,
      referenceNumber: "WA-971501234567-0001",
      notes: "Quote via WhatsApp",
      lineItems: [
        { itemId: chair.item_id, quantity: 12, rate: 1250 },
        { itemId: desk.item_id, quantity: 6, rate: 2650 },
      ],
    });
    expect(result).toEqual({
      salesOrderId: fake.salesOrders[0]!.salesorder_id,
      salesOrderNumber: "SO-00001",
      total: 32_445, // (12 × 1250 + 6 × 2650) plus 5% VAT
    });
    expect(fake.salesOrders[0]).toMatchObject({
      customer_id: customer.contactId,
      reference_number: "WA-971501234567-0001",
      notes: "Quote via WhatsApp",
      line_items: [
        { item_id: chair.item_id, quantity: 12, rate: 1250 },
        { item_id: desk.item_id, quantity: 6, rate: 2650 },
      ],
    });
  });

  test("an invalid sales order is rejected, typed, and not retried", async () => {
    const { client } = setup();
    const customer = await client.createContact({ name: "Marina Clinic" });
    const inactive = fake.markInactive(fake.itemBySku("TJ-ACC-9503")!.item_id);
    const error = await client
      .createSalesOrder({
        customerId: customer.contactId,
        referenceNumber: "WA-1",
        lineItems: [{ itemId: inactive.item_id, quantity: 2, rate: 390 }],
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "rejected", code: 2, status: 400, retryable: false });
    expect(fake.salesOrders).toHaveLength(0);
    expect(fake.apiRequests.filter((r) => r.path.endsWith("/salesorders"))).toHaveLength(1);
  });

  test("a sales order POST is retried after a 429 but never after a 5xx", async () => {
    const { client } = setup();
    const customer = await client.createContact({ name: "Jumeirah Studio" });
    const item = fake.itemBySku("TJ-VIS-3001")!;
    const order = {
      customerId: customer.contactId,
      referenceNumber: "WA-2",
      lineItems: [{ itemId: item.item_id, quantity: 4, rate: 285 }],
    };
    fake.failAt(2, { kind: "rate_limited", code: 44, retryAfterSeconds: 1 });
    expect((await client.createSalesOrder(order)).salesOrderNumber).toBe("SO-00001");
    fake.failAt(4, { kind: "server_error", status: 502 });
    const error = await client.createSalesOrder(order).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "unavailable", status: 502 });
    expect(fake.apiRequests.map((r) => r.status)).toEqual([201, 429, 201, 502]);
  });
});
