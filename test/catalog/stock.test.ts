import { afterEach, describe, expect, test } from "bun:test";
import demoCatalog from "../../src/catalog/demo-catalog.json";
import { createStockLookup } from "../../src/catalog/index.ts";
import { createZohoClient } from "../../src/integrations/zoho/index.ts";
import { silentLogger } from "../../src/log.ts";
import { createStore, type ProductInput, type Store } from "../../src/store/index.ts";
import { createSimulatedClock } from "../integrations/zoho/simulated-clock.ts";
import { createFakeZoho, type FakeZoho } from "../support/fake-zoho.ts";

const demo = demoCatalog as unknown as ProductInput[];
let store: Store;
let fake: FakeZoho;
afterEach(async () => {
  await store?.close();
  await fake?.stop();
});

/** The demo catalogue synced into the store at t0; Zoho's figures then move on. */
async function world({ maxAttempts = 4, autoAdvance = true } = {}) {
  const clock = createSimulatedClock({ autoAdvance });
  fake = createFakeZoho({ now: clock.now });
  fake.loadDemoCatalog();
  store = await createStore({ databaseUrl: "sqlite::memory:" });
  const syncedAt = clock.now();
  await store.catalog.upsertProducts(demo, syncedAt);
  const zoho = createZohoClient({ ...fake.clientOptions, now: clock.now, sleep: clock.sleep, maxAttempts });
  const item = fake.itemBySku("TJ-CHR-1001")!;
  fake.modifyItem(item.item_id, { stock_on_hand: 7, available_stock: 7, actual_available_stock: 7 });
  const stockCalls = () => fake.apiRequests.filter((r) => r.query.sku !== undefined).length;
  return { clock, zoho, syncedAt, stockCalls };
}

describe("stock lookup", () => {
  test("live from Zoho, written back to the catalogue, whatever the SKU's spelling", async () => {
    const { clock, zoho } = await world();
    const stock = createStockLookup({ store, zoho, logger: silentLogger, now: clock.now });

    expect(await stock.stockBySku("tj chr 1001")).toEqual({
      sku: "TJ-CHR-1001",
      stock: 7,
      source: "live",
      checkedAt: clock.now(),
    });
    expect(fake.apiRequests.at(-1)!.query.sku).toBe("TJ-CHR-1001");
    const [product] = await store.catalog.getProductsBySkus(["TJ-CHR-1001"]);
    expect(product).toMatchObject({ stock: 7, stockCheckedAt: clock.now() });
  });

  test("cached for the TTL, then asked again; concurrent callers share one call", async () => {
    const { clock, zoho, stockCalls } = await world();
    const stock = createStockLookup({ store, zoho, ttlMs: 60_000, logger: silentLogger, now: clock.now });

    const together = await Promise.all([1, 2, 3].map(() => stock.stockBySku("TJ-CHR-1001")));
    expect(together.map((f) => f?.stock)).toEqual([7, 7, 7]);
    expect(stockCalls()).toBe(1);

    clock.advance(30_000);
    expect(await stock.stockBySku("TJ-CHR-1001")).toMatchObject({ stock: 7, source: "live" });
    expect(stockCalls()).toBe(1);

    fake.modifyItem(fake.itemBySku("TJ-CHR-1001")!.item_id, { actual_available_stock: 3 });
    clock.advance(31_000);
    expect(await stock.stockBySku("TJ-CHR-1001")).toMatchObject({
      stock: 3,
      source: "live",
      checkedAt: clock.now(),
    });
    expect(stockCalls()).toBe(2);
  });

  test("without Zoho: the last synced figure, said so", async () => {
    const { syncedAt } = await world();
    const stock = createStockLookup({ store, zoho: null, logger: silentLogger });
    expect(await stock.stockBySku("TJ-CHR-1001")).toEqual({
      sku: "TJ-CHR-1001",
      stock: 120,
      source: "last_sync",
      checkedAt: syncedAt,
    });
  });

  test("when Zoho fails: the last synced figure, and the next call tries Zoho again", async () => {
    const { clock, zoho, stockCalls } = await world({ maxAttempts: 1 });
    const stock = createStockLookup({ store, zoho, logger: silentLogger, now: clock.now });
    fake.failAt(1, { kind: "server_error", status: 503 });

    expect(await stock.stockBySku("TJ-CHR-1001")).toMatchObject({ stock: 120, source: "last_sync" });
    expect(await stock.stockBySku("TJ-CHR-1001")).toMatchObject({ stock: 7, source: "live" });
    expect(stockCalls()).toBe(2);
  });

  test("when Zoho is slow: the last synced figure after the timeout; the late answer is cached", async () => {
    const { clock, zoho } = await world({ autoAdvance: false });
    const stock = createStockLookup({ store, zoho, timeoutMs: 20, logger: silentLogger, now: clock.now });
    // Zoho asks us to wait 30 s (429); the client's sleep waits on the simulated clock.
    fake.failAt(1, { kind: "rate_limited", code: 44, retryAfterSeconds: 30 });

    expect(await stock.stockBySku("TJ-CHR-1001")).toMatchObject({ stock: 120, source: "last_sync" });
    clock.advance(30_000);
    const written = async () => (await store.catalog.getProductsBySkus(["TJ-CHR-1001"]))[0]!.stock === 7;
    for (let i = 0; i < 400 && !(await written()); i++) await Bun.sleep(5);
    expect(await stock.stockBySku("TJ-CHR-1001")).toMatchObject({ stock: 7, source: "live" });
    expect(fake.apiRequests).toHaveLength(2);
  });

  test("unknown and inactive SKUs are not in the catalogue: null", async () => {
    const { zoho } = await world();
    const stock = createStockLookup({ store, zoho, logger: silentLogger });
    expect(await stock.stockBySku("TJ-NOPE-0000")).toBeNull();
    await store.catalog.upsertProducts([
      { ...demo.find((p) => p.sku === "TJ-DSK-4001")!, status: "inactive" },
    ]);
    expect(await stock.stockBySku("TJ-DSK-4001")).toBeNull();
    expect(fake.apiRequests).toHaveLength(0);
  });
});
