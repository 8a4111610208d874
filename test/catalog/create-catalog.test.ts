import { afterEach, describe, expect, test } from "bun:test";
import demoCatalog from "../../src/catalog/demo-catalog.json";
import { createCatalog, createEmbedder } from "../../src/catalog/index.ts";
import { createZohoClient } from "../../src/integrations/zoho/index.ts";
import { silentLogger } from "../../src/log.ts";
import { createStore, type ProductInput, type Store } from "../../src/store/index.ts";
import { createSimulatedClock } from "../integrations/zoho/simulated-clock.ts";
import { createFakeZoho, type FakeZoho } from "../support/fake-zoho.ts";
import { eventually } from "../support/noor-harness.ts";
import { buildTinyModel, tinyModelEmbedder } from "../support/tiny-model.ts";

const demo = demoCatalog as unknown as ProductInput[];
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const done of cleanup.splice(0).reverse()) await done();
});

async function emptyStore(): Promise<Store> {
  const store = await createStore({ databaseUrl: "sqlite::memory:" });
  cleanup.push(() => store.close());
  return store;
}

describe("the catalogue at start-up", () => {
  test("no Zoho and nothing to sell: the demo catalogue and the knowledge base are there at once", async () => {
    const store = await emptyStore();
    const catalog = createCatalog({ store, zoho: null, embedder: null, logger: silentLogger });
    cleanup.push(() => catalog.stop());
    await catalog.start();

    expect((await catalog.search.searchProducts({ query: "filing cabinet" }))[0]!.sku).toMatch(/^TJ-STO-600/);
    expect((await catalog.search.searchKnowledge({ query: "warranty" })).length).toBeGreaterThan(0);
    expect(await catalog.stock.stockBySku("TJ-CHR-1001")).toMatchObject({ stock: 120, source: "last_sync" });
    expect((await store.catalog.listSyncRuns()).map((r) => r.kind)).toEqual(["demo"]);
    expect(catalog.embeddingsStatus()).toEqual({
      status: "off",
      detail: "EMBEDDINGS=none: lexical search only",
    });
  });

  test("a catalogue already there is kept as it is (no demo load over it)", async () => {
    const store = await emptyStore();
    await store.catalog.upsertProducts(demo.slice(0, 3));
    const catalog = createCatalog({ store, zoho: null, embedder: null, logger: silentLogger });
    cleanup.push(() => catalog.stop());
    await catalog.start();
    expect(await store.catalog.countProducts()).toBe(3);
    expect(await store.catalog.listSyncRuns()).toEqual([]);
  });

  test("with Zoho and an empty catalogue, a first full sync starts in the background", async () => {
    const clock = createSimulatedClock();
    const fake: FakeZoho = createFakeZoho({ now: clock.now });
    cleanup.push(() => fake.stop());
    fake.loadDemoCatalog();
    const zoho = createZohoClient({ ...fake.clientOptions, now: clock.now, sleep: clock.sleep });
    const store = await emptyStore();
    const catalog = createCatalog({ store, zoho, embedder: null, logger: silentLogger });
    cleanup.push(() => catalog.stop());
    await catalog.start();
    const run = await eventually(async () => (await store.catalog.lastSucceededSync("full")) ?? false);
    expect(run.itemsSeen).toBe(107);
    expect((await catalog.search.searchProducts({ query: "lokers" }))[0]!.sku).toMatch(/^TJ-STO-601/);
  });

  test("with a model: loading, then ok once loaded, while the catalogue is embedded in the background", async () => {
    const tiny = await buildTinyModel();
    cleanup.push(() => tiny.remove());
    const embedder = tinyModelEmbedder(tiny);
    const store = await emptyStore();
    const catalog = createCatalog({ store, zoho: null, embedder, logger: silentLogger });
    cleanup.push(() => catalog.stop());
    expect(catalog.embeddingsStatus()).toMatchObject({ status: "degraded" });
    expect(catalog.embeddingsStatus().detail).toStartWith("loading");
    await catalog.start();
    await eventually(
      async () =>
        (await store.catalog.productsNeedingEmbedding({ model: embedder.model, limit: 1 })).length === 0,
    );
    await eventually(() => catalog.embeddingsStatus().detail === `${embedder.model} (48 dimensions)`);
    expect(catalog.embeddingsStatus().status).toBe("ok");
    expect((await catalog.search.searchProducts({ query: "فوتيه" }))[0]!.name).toContain("Armchair");
  });

  test("a model that cannot be used: off (or down) with the reason, search lexical", async () => {
    const store = await emptyStore();
    const embedder = createEmbedder({
      spec: { provider: "fastembed", model: "fast-bge-small-en-v1.5" },
      cacheDir: "/nonexistent-models-dir",
      openrouter: { baseUrl: "http://127.0.0.1:9", apiKey: null },
      logger: silentLogger,
    })!;
    const catalog = createCatalog({ store, zoho: null, embedder, logger: silentLogger });
    cleanup.push(() => catalog.stop());
    await catalog.start();
    expect(catalog.embeddingsStatus()).toEqual({
      status: "off",
      detail: "model not in cache; lexical search only",
    });
    expect((await catalog.search.searchProducts({ query: "sofaa" }))[0]!.category).toBe("Lounge Seating");
  });
});
