/**
 * Catalogue search benchmarks.
 *
 * - Relevance on the labelled queries (bench/search-queries.json): MRR@10 and NDCG@10 per group, on
 *   SQLite and PostgreSQL, lexical only and hybrid. "Hybrid" uses the tiny test model (a bag-of-words
 *   stand-in built at run time, test/support/tiny-model.ts): no real model can be downloaded here.
 * - Latency of `searchProducts` end to end (parse, SKU lookup, full text, vectors, fusion, fetch) on
 *   synthetic catalogues of 10k and 100k products, p50/p99, lexical and hybrid. Hybrid vectors are
 *   hashed bag-of-words vectors (`dimensions` wide) so 100k products embed in seconds; on Postgres
 *   they are loaded in bulk and the store's HNSW index is then built once (building it row by row in
 *   PGlite, which is WebAssembly, takes about 6 ms a row).
 *
 * `bun bench/search.ts [relevance|latency] [--sizes=10000,100000] [--samples=300]` prints the
 * figures; `searchRelevanceBench()`, `searchLatencyBench()` and `formatSearchBench()` return them.
 */
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import demoCatalog from "../src/catalog/demo-catalog.json";
import {
  createCatalogSearch,
  createEmbeddingBackfill,
  type Embedder,
  parseSearchQuery,
} from "../src/catalog/index.ts";
import { silentLogger } from "../src/log.ts";
import { createStore, type ProductInput, type Store } from "../src/store/index.ts";
import { buildTinyModel, tinyModelEmbedder } from "../test/support/tiny-model.ts";
import { evaluateRelevance, type GroupRelevance, labelledQueries } from "./search-relevance.ts";
import { percentile, round, table } from "./stats.ts";

type Dialect = "sqlite" | "postgres";

interface BenchDatabase {
  store: Store;
  /** The PGlite instance behind the store (Postgres only), for bulk loads and EXPLAIN. */
  pg?: PGlite;
  stop(): Promise<void>;
}

async function openDatabase(dialect: Dialect): Promise<BenchDatabase> {
  if (dialect === "sqlite") {
    const store = await createStore({ databaseUrl: "sqlite::memory:" });
    return { store, stop: () => store.close() };
  }
  const db = await PGlite.create({ extensions: { vector } });
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0 });
  await server.start();
  const store = await createStore({
    databaseUrl: `postgres://postgres:postgres@${server.getServerConn()}/postgres`,
    maxConnections: 1,
  });
  return {
    store,
    pg: db,
    stop: async () => {
      await store.close();
      await server.stop();
      await db.close();
    },
  };
}

const demo = demoCatalog as unknown as ProductInput[];
const dialectName = { sqlite: "SQLite", postgres: "PostgreSQL (PGlite + pgvector)" } as const;

// ---------------------------------------------------------------------------------------------
// Relevance

export interface RelevanceRow {
  dialect: Dialect;
  mode: "lexical" | "hybrid (tiny test model)";
  groups: Record<string, GroupRelevance>;
}

export async function searchRelevanceBench(): Promise<RelevanceRow[]> {
  const tiny = await buildTinyModel();
  const rows: RelevanceRow[] = [];
  try {
    for (const dialect of ["sqlite", "postgres"] as const) {
      const db = await openDatabase(dialect);
      try {
        await db.store.catalog.upsertProducts(demo);
        const lexical = createCatalogSearch({ store: db.store, embedder: null, logger: silentLogger });
        const measure = async (search: typeof lexical) =>
          (await evaluateRelevance({ search: (query, limit) => search.searchProducts({ query, limit }) }))
            .groups;
        rows.push({ dialect, mode: "lexical", groups: await measure(lexical) });

        const embedder = tinyModelEmbedder(tiny);
        await createEmbeddingBackfill({ store: db.store, embedder, logger: silentLogger }).run();
        const hybrid = createCatalogSearch({ store: db.store, embedder, logger: silentLogger });
        rows.push({ dialect, mode: "hybrid (tiny test model)", groups: await measure(hybrid) });
      } finally {
        await db.stop();
      }
    }
  } finally {
    await tiny.remove();
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Latency on synthetic catalogues

const series = (() => {
  const a = [
    "Al",
    "Bar",
    "Cor",
    "Del",
    "Ev",
    "Fal",
    "Gar",
    "Hal",
    "Ir",
    "Jas",
    "Kor",
    "Lum",
    "Mir",
    "Nov",
    "Or",
  ];
  const b = ["a", "ion", "ix", "ora", "is", "en", "ano", "ette", "us", "ar", "io", "ent"];
  return a.flatMap((x) => b.map((y) => x + y));
})();
const colours = ["black", "white", "grey", "walnut", "oak", "blue", "red", "green", "beige", "brown"];

/** `n` products shaped like the demo catalogue: its names with a series word, colours and prices varied. */
export function syntheticProducts(n: number): ProductInput[] {
  return Array.from({ length: n }, (_, i) => {
    const base = demo[i % demo.length]!;
    const colour = colours[(i * 7) % colours.length]!;
    const name = `${base.name.replace(/ – .*$/, "")} ${series[i % series.length]} – ${colour}`;
    return {
      ...base,
      zohoItemId: `syn-${i}`,
      sku: `SYN-${base.sku.slice(3, 6)}-${String(i).padStart(6, "0")}`,
      name,
      price: Math.round(base.price * (0.8 + ((i * 13) % 40) / 100)),
      stock: (i * 31) % 5 === 0 ? 0 : (i * 17) % 200,
      attributes: { ...base.attributes, color: colour },
      sourceUpdatedAt: null,
    };
  });
}

/** A deterministic hashed bag-of-words embedder: words share directions, so shared words mean closeness. */
export function hashEmbedder(dimensions: number): Embedder {
  const directions = new Map<string, Float64Array>();
  const direction = (word: string) => {
    let d = directions.get(word);
    if (!d) {
      let state = 2166136261;
      for (const c of word) state = Math.imul(state ^ c.codePointAt(0)!, 16777619) >>> 0;
      d = new Float64Array(dimensions);
      for (let i = 0; i < dimensions; i++) {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        d[i] = state / 2147483648 - 1;
      }
      directions.set(word, d);
    }
    return d;
  };
  const embed = (text: string): number[] => {
    const sum = new Float64Array(dimensions);
    for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [text])
      for (const [i, x] of direction(word).entries()) sum[i]! += x;
    const norm = Math.hypot(...sum) || 1;
    return Array.from(sum, (x) => Math.round((x / norm) * 1e5) / 1e5);
  };
  return {
    model: `bench:hash-${dimensions}`,
    dimensions,
    embedDocuments: async (texts) => texts.map(embed),
    embedQuery: async (text) => embed(text),
  };
}

export interface LatencyRow {
  dialect: Dialect;
  products: number;
  /** End to end, or one store call alone (the query's parsed terms, or its vector). */
  mode: "lexical" | "hybrid" | "store full text only" | "store vectors only";
  p50Ms: number;
  p99Ms: number;
  samples: number;
}

export interface LoadRow {
  dialect: Dialect;
  products: number;
  productsSeconds: number;
  vectorsSeconds: number;
  /** Postgres: the HNSW index build (after a bulk vector load). */
  indexSeconds: number | null;
  /** Postgres: whether the vector query plan uses the HNSW index. */
  usesHnsw: boolean | null;
}

export interface SearchLatencyOptions {
  sizes?: number[];
  dialects?: Dialect[];
  dimensions?: number;
  samples?: number;
  onProgress?: (line: string) => void;
}

const seconds = (since: number) => round((performance.now() - since) / 1000, 1);

async function loadProducts(store: Store, products: ProductInput[]): Promise<void> {
  for (let i = 0; i < products.length; i += 5000)
    await store.catalog.upsertProducts(products.slice(i, i + 5000));
}

/** Postgres: vectors written in bulk, then the store's own HNSW index built once. */
async function loadVectorsInBulk(
  { store, pg }: { store: Store; pg: PGlite },
  embedder: Embedder,
  count: number,
) {
  const started = performance.now();
  const sources = await store.catalog.productsNeedingEmbedding({ model: embedder.model, limit: count });
  for (let i = 0; i < sources.length; i += 1000) {
    const batch = sources.slice(i, i + 1000);
    const vectors = await embedder.embedDocuments(batch.map((s) => s.text));
    const values = batch.map((s, j) => `('${s.id}', '[${vectors[j]!.join(",")}]')`).join(",");
    await pg.exec(
      `UPDATE products p SET embedding = v.e::vector, embedding_dim = ${embedder.dimensions},
         embedding_model = '${embedder.model}' FROM (VALUES ${values}) v(id, e) WHERE p.id = v.id`,
    );
  }
  const vectorsSeconds = seconds(started);
  const indexStarted = performance.now();
  await pg.exec("SET maintenance_work_mem = '1GB'");
  // The name and expression postgres/catalog-search.ts uses, so the store finds it made.
  await pg.exec(
    `CREATE INDEX IF NOT EXISTS "products_embedding_hnsw_${embedder.dimensions}" ON "products" USING hnsw ` +
      `((embedding::vector(${embedder.dimensions})) vector_cosine_ops) WHERE embedding_dim = ${embedder.dimensions}`,
  );
  // Fresh planner statistics, as autovacuum would gather on a real server.
  await pg.exec("ANALYZE products");
  return { vectorsSeconds, indexSeconds: seconds(indexStarted) };
}

/** Whether the planner takes the HNSW index for the store's vector query (same shape and predicates). */
async function usesHnsw(pg: PGlite, embedder: Embedder): Promise<boolean> {
  const d = embedder.dimensions;
  const probe = await embedder.embedQuery("mesh chair");
  const plan = await pg.transaction(async (tx) => {
    await tx.exec("SET LOCAL hnsw.iterative_scan = strict_order");
    const { rows } = await tx.query<Record<string, string>>(
      `EXPLAIN SELECT t.id FROM products t
       WHERE t.embedding_dim = ${d} AND t.status = 'active' AND t.embedding_model = '${embedder.model}'
       ORDER BY t.embedding::vector(${d}) <=> '[${probe.join(",")}]'::vector(${d}) LIMIT 40`,
    );
    return rows.map((row) => Object.values(row).join(" ")).join("\n");
  });
  return plan.includes(`products_embedding_hnsw_${d}`);
}

async function timeQueries(search: (query: string) => Promise<unknown>, samples: number) {
  const queries = labelledQueries.map((q) => q.query);
  for (const query of queries.slice(0, 20)) await search(query);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await search(queries[i % queries.length]!);
    times.push(performance.now() - started);
  }
  return { p50Ms: round(percentile(times, 50), 2), p99Ms: round(percentile(times, 99), 2), samples };
}

export async function searchLatencyBench({
  sizes = [10_000, 100_000],
  dialects = ["sqlite", "postgres"],
  dimensions = 384,
  samples = 300,
  onProgress = () => {},
}: SearchLatencyOptions = {}): Promise<{ latency: LatencyRow[]; loads: LoadRow[] }> {
  const latency: LatencyRow[] = [];
  const loads: LoadRow[] = [];
  const embedder = hashEmbedder(dimensions);
  for (const dialect of dialects) {
    for (const size of sizes) {
      onProgress(`${dialect} ${size}: loading`);
      const db = await openDatabase(dialect);
      try {
        let started = performance.now();
        await loadProducts(db.store, syntheticProducts(size));
        const productsSeconds = seconds(started);
        const lexical = createCatalogSearch({ store: db.store, embedder: null, logger: silentLogger });
        latency.push({
          dialect,
          products: size,
          mode: "lexical",
          ...(await timeQueries((query) => lexical.searchProducts({ query, limit: 10 }), samples)),
        });
        onProgress(`${dialect} ${size}: vectors`);
        started = performance.now();
        const load: LoadRow = {
          dialect,
          products: size,
          productsSeconds,
          vectorsSeconds: 0,
          indexSeconds: null,
          usesHnsw: null,
        };
        if (db.pg) {
          Object.assign(load, await loadVectorsInBulk({ store: db.store, pg: db.pg }, embedder, size));
          load.usesHnsw = await usesHnsw(db.pg, embedder);
        } else {
          await createEmbeddingBackfill({
            store: db.store,
            embedder,
            logger: silentLogger,
            batchSize: 1000,
          }).run();
          load.vectorsSeconds = seconds(started);
        }
        loads.push(load);
        const hybrid = createCatalogSearch({ store: db.store, embedder, logger: silentLogger });
        const vectors = new Map<string, number[]>();
        for (const { query } of labelledQueries) vectors.set(query, await embedder.embedQuery(query));
        const terms = new Map(labelledQueries.map(({ query }) => [query, parseSearchQuery(query).terms]));
        const time = (mode: LatencyRow["mode"], search: (query: string) => Promise<unknown>) =>
          timeQueries(search, samples).then((figures) =>
            latency.push({ dialect, products: size, mode, ...figures }),
          );
        await time("hybrid", (query) => hybrid.searchProducts({ query, limit: 10 }));
        await time("store full text only", (query) =>
          db.store.catalog.searchProductsText({ terms: terms.get(query)!, limit: 40 }),
        );
        await time("store vectors only", (query) =>
          db.store.catalog.searchProductsVector({
            model: embedder.model,
            vector: vectors.get(query)!,
            limit: 40,
          }),
        );
      } finally {
        await db.stop();
      }
    }
  }
  return { latency, loads };
}

// ---------------------------------------------------------------------------------------------
// Report

const groupOrder = ["english", "sku", "typo", "arabic", "attribute"];
const f3 = (n: number) => n.toFixed(3);

export function formatSearchBench({
  relevance,
  latency,
}: {
  relevance?: RelevanceRow[];
  latency?: { latency: LatencyRow[]; loads: LoadRow[] };
}): string {
  const parts: string[] = [];
  if (relevance) {
    parts.push(
      `Labelled queries: ${labelledQueries.length} (${groupOrder.map((g) => `${g} ${labelledQueries.filter((q) => q.group === g).length}`).join(", ")}). ` +
        "Each cell is MRR@10 / NDCG@10. Hybrid = full text + vectors of the tiny test model (a bag-of-words stand-in built at run time; no real model can be downloaded on this machine), fused by RRF.",
      "",
      table(
        ["store", "mode", ...groupOrder],
        relevance.map((r) => [
          dialectName[r.dialect],
          r.mode,
          ...groupOrder.map((g) =>
            r.groups[g] ? `${f3(r.groups[g]!.mrr)} / ${f3(r.groups[g]!.ndcg)}` : "–",
          ),
        ]),
      ),
      "",
      "Targets (lexical): English NDCG@10 ≥ 0.85 and MRR@10 ≥ 0.92, every SKU first (MRR 1), typos MRR ≥ 0.7, Arabic MRR ≥ 0.6.",
      "",
    );
  }
  if (latency) {
    parts.push(
      "`searchProducts` end to end (parse, SKU lookup, full text, vectors, RRF, fetch), limit 10, cycling the labelled queries after a warm-up; hybrid uses hashed bag-of-words query/product vectors.",
      "",
      table(
        ["store", "products", "mode", "p50 ms", "p99 ms", "samples"],
        latency.latency.map((r) => [dialectName[r.dialect], r.products, r.mode, r.p50Ms, r.p99Ms, r.samples]),
      ),
      "",
      "Loading (not part of the latency):",
      "",
      table(
        ["store", "products", "products s", "vectors s", "HNSW build s", "vector query uses HNSW"],
        latency.loads.map((l) => [
          dialectName[l.dialect],
          l.products,
          l.productsSeconds,
          l.vectorsSeconds,
          l.indexSeconds ?? "–",
          l.usesHnsw === null ? "– (sqlite-vec: exact KNN)" : l.usesHnsw ? "yes" : "no",
        ]),
      ),
      "",
      "Targets: p99 ≤ 20 ms at 10k on SQLite; ≤ 30 ms at 100k on Postgres with HNSW.",
      "",
    );
  }
  return parts.join("\n");
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  const which = args.filter((a) => !a.startsWith("--"));
  const want = (part: string) => which.length === 0 || which.includes(part);
  const relevance = want("relevance") ? await searchRelevanceBench() : undefined;
  const latency = want("latency")
    ? await searchLatencyBench({
        sizes: option("sizes")?.split(",").map(Number),
        samples: option("samples") ? Number(option("samples")) : undefined,
        onProgress: (line) => process.stderr.write(`bench: ${line}\n`),
      })
    : undefined;
  console.log(formatSearchBench({ relevance, latency }));
}
