import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { evaluateRelevance } from "../../bench/search-relevance.ts";
import demoCatalog from "../../src/catalog/demo-catalog.json";
import {
  type CatalogSearch,
  createCatalogSearch,
  createEmbedder,
  createEmbeddingBackfill,
  type ManagedEmbedder,
} from "../../src/catalog/index.ts";
import { silentLogger } from "../../src/log.ts";
import { createStore, type ProductInput, type Store } from "../../src/store/index.ts";
import { type PgliteServer, startPgliteServer } from "../support/pglite-server.ts";
import { buildTinyModel, type TinyModel, tinyModelEmbedder } from "../support/tiny-model.ts";

const demo = demoCatalog as unknown as ProductInput[];

async function demoStore(databaseUrl = "sqlite::memory:"): Promise<Store> {
  const store = await createStore({ databaseUrl, maxConnections: 1 });
  await store.catalog.upsertProducts(demo);
  return store;
}

let store: Store;
let lexical: CatalogSearch;

beforeAll(async () => {
  store = await demoStore();
  lexical = createCatalogSearch({ store, embedder: null, logger: silentLogger });
});
afterAll(() => store.close());

const skus = async (query: string, options: Record<string, unknown> = {}) =>
  (await lexical.searchProducts({ query, ...options })).map((hit) => hit.sku);

describe("catalogue search without embeddings", () => {
  test("an exact SKU ranks first whatever its case, dashes or spaces, with score 1", async () => {
    for (const query of [
      "TJ-STO-6013",
      "tj-sto-6013",
      "TJSTO6013",
      "tj sto 6013",
      "do you have tj-sto-6013?",
    ]) {
      const hits = await lexical.searchProducts({ query });
      expect(hits[0]).toMatchObject({ sku: "TJ-STO-6013", score: 1 });
    }
  });

  test("a SKU query leads with that product even when its words match others better", async () => {
    const hits = await lexical.searchProducts({ query: "TJ ACC 9504 monitor arm" });
    expect(hits[0]!.sku).toBe("TJ-ACC-9504");
    expect(hits.slice(1).some((h) => h.sku.startsWith("TJ-ACC-950"))).toBe(true);
  });

  test("a product made inactive is no longer found, by SKU or by words", async () => {
    const own = await demoStore();
    const search = createCatalogSearch({ store: own, embedder: null, logger: silentLogger });
    const gone = demo.find((p) => p.sku === "TJ-LNG-8005")!;
    await own.catalog.upsertProducts([{ ...gone, status: "inactive" }]);
    expect((await search.searchProducts({ query: "TJ-LNG-8005" })).map((h) => h.sku)).not.toContain(
      "TJ-LNG-8005",
    );
    expect((await search.searchProducts({ query: "phone booth" })).map((h) => h.sku)).not.toContain(
      "TJ-LNG-8005",
    );
    await own.close();
  });

  test("misspelled words still find the product", async () => {
    expect((await skus("ergonomik chiar"))[0]).toMatch(/^TJ-CHR-10(04|05|06|07|12|15)$/);
    expect((await skus("filling cabinet"))[0]).toMatch(/^TJ-STO-600[1-4]$/);
    expect((await skus("confrence table"))[0]).toMatch(/^TJ-MTG-50/);
    expect((await skus("boockase")).slice(0, 2).sort()).toEqual(["TJ-STO-6008", "TJ-STO-6009"]);
  });

  test("Arabic queries find products in the English catalogue with no model loaded", async () => {
    expect((await skus("خزانة ملفات")).slice(0, 4).sort()).toEqual([
      "TJ-STO-6001",
      "TJ-STO-6002",
      "TJ-STO-6003",
      "TJ-STO-6004",
    ]);
    const hits = await lexical.searchProducts({ query: "كرسي شبكي أسود أقل من ٥٠٠ درهم" });
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) expect(hit.price).toBeLessThanOrEqual(500);
    expect(hits[0]!.attributes.color).toContain("black");
    expect(hits[0]!.attributes.material).toContain("mesh");
  });

  test("attribute queries: a price in the text filters, a colour ranks matching products first", async () => {
    const hits = await lexical.searchProducts({ query: "black mesh chair under 500 AED" });
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) expect(hit.price).toBeLessThanOrEqual(500);
    expect(hits.slice(0, 3).every((h) => h.attributes.color?.includes("black"))).toBe(true);
    expect((await skus("navy blue sofa"))[0]).toBe("TJ-LNG-8002");
    expect((await skus("locker with digital lock"))[0]).toBe("TJ-STO-6013");
  });

  test("explicit category, price range and in-stock filters hold for every hit", async () => {
    const desks = await lexical.searchProducts({ query: "desk", category: "desks", limit: 50 });
    expect(desks.length).toBeGreaterThan(3);
    for (const hit of desks) expect(hit.category).toBe("Desks");

    const priced = await lexical.searchProducts({ query: "chair", minPrice: 500, maxPrice: 1000, limit: 50 });
    expect(priced.length).toBeGreaterThan(0);
    for (const hit of priced) expect(hit.price >= 500 && hit.price <= 1000).toBe(true);

    const inStock = await lexical.searchProducts({ query: "chair", inStock: true, limit: 50 });
    const all = await lexical.searchProducts({ query: "chair", limit: 50 });
    expect(inStock.length).toBeGreaterThan(0);
    for (const hit of inStock) expect(hit.stock).toBeGreaterThan(0);
    expect(all.some((hit) => !(Number(hit.stock) > 0))).toBe(true);

    // "in stock" written in the query is the same filter.
    for (const hit of await lexical.searchProducts({ query: "mesh chair in stock", limit: 50 }))
      expect(hit.stock).toBeGreaterThan(0);
  });

  test("hits have the ProductHit shape, carry scores best first, and respect the limit", async () => {
    const hits = await lexical.searchProducts({ query: "meeting table", limit: 5 });
    expect(hits).toHaveLength(5);
    for (const [i, hit] of hits.entries()) {
      expect(Object.keys(hit).sort()).toEqual(
        [
          "attributes",
          "brand",
          "category",
          "currency",
          "description",
          "name",
          "price",
          "score",
          "sku",
          "stock",
        ].sort(),
      );
      expect(hit.score).toBeGreaterThan(0);
      if (i > 0) expect(hit.score).toBeLessThanOrEqual(hits[i - 1]!.score);
    }
    expect(await lexical.searchProducts({ query: "hello please" })).toEqual([]);
  });

  test("the spelling vocabulary follows the catalogue after refreshVocabulary()", async () => {
    const own = await demoStore();
    const search = createCatalogSearch({ store: own, embedder: null, logger: silentLogger });
    expect(await search.searchProducts({ query: "zafiro" })).toEqual([]);
    await own.catalog.upsertProducts([
      { ...demo[0]!, zohoItemId: "new-1", sku: "TJ-NEW-0001", name: "Zaffiro Lounge Chair" },
    ]);
    await search.refreshVocabulary();
    expect((await search.searchProducts({ query: "zafiro" }))[0]?.sku).toBe("TJ-NEW-0001");
    await own.close();
  });
});

/** The lexical-only targets on the labelled queries. */
function expectTargets(groups: Record<string, { mrr: number; ndcg: number }>) {
  expect(groups.english!.ndcg).toBeGreaterThanOrEqual(0.85);
  expect(groups.english!.mrr).toBeGreaterThanOrEqual(0.92);
  expect(groups.sku!.mrr).toBe(1);
  expect(groups.typo!.mrr).toBeGreaterThanOrEqual(0.7);
  expect(groups.arabic!.mrr).toBeGreaterThanOrEqual(0.6);
}

describe("relevance on the labelled queries, lexical only", () => {
  test("SQLite meets the targets", async () => {
    const { groups } = await evaluateRelevance({
      search: (query, limit) => lexical.searchProducts({ query, limit }),
    });
    expectTargets(groups);
  });

  test("PostgreSQL (pgvector in PGlite) meets the targets", async () => {
    const pg: PgliteServer = await startPgliteServer();
    const pgStore = await demoStore(pg.url);
    try {
      const search = createCatalogSearch({ store: pgStore, embedder: null, logger: silentLogger });
      const { groups } = await evaluateRelevance({
        search: (query, limit) => search.searchProducts({ query, limit }),
      });
      expectTargets(groups);
    } finally {
      await pgStore.close();
      await pg.stop();
    }
  }, 60_000);
});

describe("with the tiny multilingual model", () => {
  let tiny: TinyModel;
  let embedder: ManagedEmbedder;
  let hybrid: CatalogSearch;
  let own: Store;

  beforeAll(async () => {
    tiny = await buildTinyModel();
    embedder = tinyModelEmbedder(tiny);
    own = await demoStore();
    const totals = await createEmbeddingBackfill({ store: own, embedder, logger: silentLogger }).run();
    expect(totals.products).toBe(demo.length);
    hybrid = createCatalogSearch({ store: own, embedder, logger: silentLogger });
  });
  afterAll(async () => {
    await own.close();
    await tiny.remove();
  });

  test("an Arabic word the glossary lacks finds nothing lexically but the right product by meaning", async () => {
    // فوتيه (armchair) is in the model's vocabulary, not in the glossary.
    expect(await lexical.searchProducts({ query: "فوتيه" })).toEqual([]);
    const hits = await hybrid.searchProducts({ query: "فوتيه" });
    expect(hits[0]!.name).toContain("Armchair");
  });

  test("vectors respect the filters too", async () => {
    const hits = await hybrid.searchProducts({ query: "قاطع", maxPrice: 300, limit: 20 });
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) expect(hit.price).toBeLessThanOrEqual(300);
  });

  test("an exact SKU still ranks first, every time", async () => {
    expect((await hybrid.searchProducts({ query: "tjchr1007" }))[0]).toMatchObject({
      sku: "TJ-CHR-1007",
      score: 1,
    });
    const { groups } = await evaluateRelevance({
      search: (query, limit) => hybrid.searchProducts({ query, limit }),
    });
    expect(groups.sku!.mrr).toBe(1);
  });

  test("an embedder that is configured but cannot run leaves search lexical", async () => {
    const off = createEmbedder({
      spec: { provider: "openrouter", model: "openai/text-embedding-3-small" },
      cacheDir: tiny.dir,
      openrouter: { baseUrl: "http://127.0.0.1:9", apiKey: null },
      logger: silentLogger,
    })!;
    expect(off.status()).toStartWith("off");
    const search = createCatalogSearch({ store: own, embedder: off, logger: silentLogger });
    expect((await search.searchProducts({ query: "filing cabinet" }))[0]!.sku).toMatch(/^TJ-STO-600[1-4]$/);
    expect(await search.searchProducts({ query: "فوتيه" })).toEqual([]);
  });
});
