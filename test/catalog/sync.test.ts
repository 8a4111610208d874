import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import demoCatalog from "../../src/catalog/demo-catalog.json";
import {
  type CatalogSyncRun,
  createCatalogSearch,
  createCatalogSync,
  createEmbeddingBackfill,
  type EmbeddingBackfill,
  type ManagedEmbedder,
  type SyncProgress,
} from "../../src/catalog/index.ts";
import { createZohoClient } from "../../src/integrations/zoho/index.ts";
import { silentLogger } from "../../src/log.ts";
import { createStore, type ProductInput, type Store } from "../../src/store/index.ts";
import { createSimulatedClock } from "../integrations/zoho/simulated-clock.ts";
import { createFakeZoho, type FakeZoho } from "../support/fake-zoho.ts";
import { buildTinyModel, type TinyModel, tinyModelEmbedder } from "../support/tiny-model.ts";

const demo = demoCatalog as unknown as ProductInput[];
const open: { store?: Store; fake?: FakeZoho }[] = [];
afterEach(async () => {
  for (const { store, fake } of open.splice(0)) await Promise.all([store?.close(), fake?.stop()]);
});

/** A fake Zoho holding the demo catalogue, a client on a shared simulated clock, and an empty store. */
async function world({ items = true, maxAttempts = 4 } = {}) {
  const clock = createSimulatedClock();
  const fake = createFakeZoho({ now: clock.now });
  const loaded = items ? fake.loadDemoCatalog() : [];
  const zoho = createZohoClient({ ...fake.clientOptions, now: clock.now, sleep: clock.sleep, maxAttempts });
  const store = await createStore({ databaseUrl: "sqlite::memory:" });
  open.push({ store, fake });
  const progress: SyncProgress[] = [];
  const makeSync = (embeddings: EmbeddingBackfill | null = null) =>
    createCatalogSync({
      store,
      zoho,
      embeddings,
      logger: silentLogger,
      perPage: 40,
      now: clock.now,
      onProgress: (p) => progress.push(p),
    });
  return { clock, fake, loaded, zoho, store, progress, sync: makeSync(), makeSync };
}

const searchSkus = async (store: Store, query: string) =>
  (
    await createCatalogSearch({ store, embedder: null, logger: silentLogger }).searchProducts({
      query,
      limit: 50,
    })
  ).map((h) => h.sku);

describe("full sync from Zoho", () => {
  test("pages through every item, through a 429 and a token refresh, and fills the catalogue", async () => {
    const { fake, store, sync, progress } = await world();
    fake.failAt(2, { kind: "rate_limited", code: 44, retryAfterSeconds: 2 });
    fake.failAt(4, { kind: "expired_token" });

    const run = await sync.run({ kind: "full" });

    expect(run).toMatchObject({
      kind: "full",
      status: "succeeded",
      itemsSeen: 107,
      itemsUpserted: 107,
      errors: [],
    });
    expect(run.finishedAt).toBeGreaterThanOrEqual(run.startedAt);
    expect(await store.catalog.countProducts({ status: "active" })).toBe(107);
    expect(fake.apiRequests.map((r) => r.status)).toEqual([200, 429, 200, 401, 200]);
    expect(fake.apiRequests.map((r) => r.query.page)).toEqual(["1", "2", "2", "3", "3"]);
    expect(fake.refreshCount).toBe(2);
    expect(progress.map((p) => [p.pages, p.items])).toEqual([
      [1, 40],
      [2, 80],
      [3, 107],
    ]);
    expect((await searchSkus(store, "TJ-DSK-4005"))[0]).toBe("TJ-DSK-4005");
    expect(await store.catalog.listSyncRuns()).toEqual([run]);
  });

  test("products Zoho no longer has become inactive and unsearchable", async () => {
    const { store, sync } = await world();
    const stray = {
      ...demo[0]!,
      zohoItemId: "deleted-in-zoho",
      sku: "TJ-OLD-0001",
      name: "Retired Quokka Chair",
    };
    await store.catalog.upsertProducts([stray]);
    expect(await searchSkus(store, "quokka")).toEqual(["TJ-OLD-0001"]);

    const run = await sync.run({ kind: "full" });

    expect(run.itemsDeactivated).toBe(1);
    expect(await searchSkus(store, "quokka")).toEqual([]);
    expect(await store.catalog.countProducts({ status: "active" })).toBe(107);
  });

  test("an empty answer from Zoho is refused: nothing is deactivated", async () => {
    const { store, sync } = await world({ items: false });
    await store.catalog.upsertProducts(demo.slice(0, 5));

    const run = await sync.run({ kind: "full" });

    expect(run.status).toBe("failed");
    expect(run.errors[0]).toContain("Zoho returned no items");
    expect(await store.catalog.countProducts({ status: "active" })).toBe(5);
  });

  test("a sync that fails midway records the failure and leaves the previous catalogue searchable", async () => {
    const { fake, loaded, store, sync } = await world({ maxAttempts: 1 });
    expect((await sync.run({ kind: "full" })).status).toBe("succeeded");
    const stray = {
      ...demo[0]!,
      zohoItemId: "deleted-in-zoho",
      sku: "TJ-OLD-0001",
      name: "Retired Quokka Chair",
    };
    await store.catalog.upsertProducts([stray]);
    const first = loaded.find((i) => i.sku === "TJ-ACC-9501")!;
    fake.modifyItem(first.item_id, { name: "Single Monitor Arm Deluxe" });
    // Page 2 of the next sync hits the daily quota (code 45: not retried).
    fake.failAt(fake.apiRequests.length + 2, { kind: "rate_limited", code: 45 });

    const run = await sync.run({ kind: "full" });

    expect(run.status).toBe("failed");
    expect(run.errors[0]).toMatch(/maximum call rate limit/);
    expect(run.itemsDeactivated).toBe(0);
    expect(await store.catalog.countProducts({ status: "active" })).toBe(108);
    expect(await searchSkus(store, "quokka")).toEqual(["TJ-OLD-0001"]);
    expect((await searchSkus(store, "filing cabinet")).length).toBeGreaterThan(0);
    expect((await store.catalog.listSyncRuns()).map((r) => r.status)).toEqual(["failed", "succeeded"]);
  });
});

describe("incremental sync", () => {
  let tiny: TinyModel;
  let embedder: ManagedEmbedder;
  beforeAll(async () => {
    tiny = await buildTinyModel();
    embedder = tinyModelEmbedder(tiny);
    expect(await embedder.ready()).toBe(true);
  });
  afterAll(() => tiny.remove());

  test("asks Zoho for items modified since the last run and re-embeds only changed text", async () => {
    const { clock, fake, loaded, store, makeSync } = await world();
    const sync = makeSync(createEmbeddingBackfill({ store, embedder, logger: silentLogger }));
    const full = await sync.run({ kind: "full" });
    expect(full.itemsEmbedded).toBe(107);

    clock.advance(10 * 60_000);
    const chair = loaded.find((i) => i.sku === "TJ-CHR-1001")!;
    const desk = loaded.find((i) => i.sku === "TJ-DSK-4001")!;
    fake.modifyItem(chair.item_id, { description: `${chair.description} Now with a wobbleproof base.` });
    fake.modifyItem(desk.item_id, { rate: desk.rate + 50 });
    const before = fake.apiRequests.length;

    const run = await sync.run({ kind: "incremental" });

    expect(run).toMatchObject({ kind: "incremental", status: "succeeded", itemsSeen: 2, itemsUpserted: 2 });
    expect(run.itemsEmbedded).toBe(1);
    const asked = fake.apiRequests.slice(before);
    expect(asked).toHaveLength(1);
    // The last run's start minus the 5-minute overlap.
    expect(Date.parse(asked[0]!.query.last_modified_time!)).toBe(full.startedAt - 5 * 60_000);
    expect(await store.catalog.productsNeedingEmbedding({ model: embedder.model, limit: 10 })).toEqual([]);
    expect((await searchSkus(store, "wobbleproof"))[0]).toBe("TJ-CHR-1001");
    const [price] = await store.catalog.getProductsBySkus(["TJ-DSK-4001"]);
    expect(price!.price).toBe(desk.rate + 50);
  });

  test("an item made inactive in Zoho stops being searchable", async () => {
    const { clock, fake, loaded, store, sync } = await world();
    await sync.run({ kind: "full" });
    expect(await searchSkus(store, "phone booth")).toContain("TJ-LNG-8005");
    clock.advance(60_000);
    fake.markInactive(loaded.find((i) => i.sku === "TJ-LNG-8005")!.item_id);

    const run = await sync.run({ kind: "incremental" });

    expect(run.itemsUpserted).toBe(1);
    expect(await searchSkus(store, "phone booth")).not.toContain("TJ-LNG-8005");
    expect(await searchSkus(store, "TJ-LNG-8005")).not.toContain("TJ-LNG-8005");
  });

  test("without a previous good run it is a full sync", async () => {
    const { fake, sync } = await world();
    const run = await sync.run({ kind: "incremental" });
    expect(run.kind).toBe("full");
    expect(fake.apiRequests[0]!.query.last_modified_time).toBeUndefined();
  });
});

describe("demo catalogue and run bookkeeping", () => {
  test("without Zoho any sync loads the demo catalogue and the knowledge base", async () => {
    const store = await createStore({ databaseUrl: "sqlite::memory:" });
    open.push({ store });
    const sync = createCatalogSync({ store, zoho: null, logger: silentLogger });

    const run = await sync.run({ kind: "full" });

    expect(run).toMatchObject({ kind: "demo", status: "succeeded", itemsSeen: 107, itemsUpserted: 107 });
    expect(await store.catalog.countProducts({ status: "active" })).toBe(107);
    expect(await store.catalog.searchKnowledgeText({ terms: ["warranty"], limit: 5 })).not.toEqual([]);
    const again = await sync.run({ kind: "demo" });
    expect(again).toMatchObject({ itemsSeen: 107, itemsUpserted: 0 });
  });

  test("one run at a time: a second start while one runs is refused as busy", async () => {
    const { sync } = await world();
    const first = sync.start({ kind: "full" });
    await expect(sync.start({ kind: "incremental" })).rejects.toMatchObject({
      name: "CatalogSyncError",
      kind: "busy",
    });
    const { run, finished } = await first;
    expect(run.status).toBe("running");
    expect(sync.current()?.id).toBe(run.id);
    expect(((await finished) as CatalogSyncRun).status).toBe("succeeded");
    expect(sync.current()).toBeNull();
    expect((await sync.run({ kind: "incremental" })).status).toBe("succeeded");
  });

  test("onFinished runs after every run, failed ones too", async () => {
    const { fake, store, zoho } = await world({ maxAttempts: 1 });
    const seen: string[] = [];
    const sync = createCatalogSync({
      store,
      zoho,
      logger: silentLogger,
      onFinished: (run) => {
        seen.push(run.status);
      },
    });
    await sync.run({ kind: "full" });
    fake.failAt(fake.apiRequests.length + 1, { kind: "rate_limited", code: 45 });
    await sync.run({ kind: "full" });
    expect(seen).toEqual(["succeeded", "failed"]);
  });
});
