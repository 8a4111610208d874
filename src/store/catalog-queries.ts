/**
 * The catalogue's part of the Store, written once for both dialects:
 * products, knowledge chunks, embeddings bookkeeping, sync runs. Full-text
 * and vector retrieval differ per dialect and live behind `CatalogSearch`
 * (sqlite/catalog-search.ts, postgres/catalog-search.ts).
 */
import { type SQL, sql } from "drizzle-orm";
import { type SearchTarget, searchTokens } from "./catalog-search.ts";
import type {
  CatalogStore,
  EmbeddingInput,
  EmbeddingSource,
  ProductFilters,
  RankedId,
} from "./catalog-store.ts";
import type { Executor } from "./executor.ts";
import { postgresCatalogSearch } from "./postgres/catalog-search.ts";
import {
  compactSku,
  holdsColumns,
  knowledgeColumnList,
  knowledgeHash,
  productColumnList,
  productColumns,
  type Row,
  toKnowledgeChunk,
  toProduct,
} from "./queries/catalog-rows.ts";
import { newId } from "./queries/rows.ts";
import { syncRunQueries } from "./queries/sync-runs.ts";
import type { Product } from "./records.ts";
import { sqliteCatalogSearch } from "./sqlite/catalog-search.ts";

const batchSize = 500;
/** pgvector's `vector` holds up to 16000 dimensions; sqlite-vec fewer, and says so itself. */
const maxDimensions = 16_000;

const inList = (values: string[]): SQL => sql`${values}`;

function* batches<T>(items: T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += batchSize) yield items.slice(i, i + batchSize);
}

/** `query(list)` for every batch of `values` (IN lists stay within both drivers' parameter limits). */
async function selectIn(
  db: Executor,
  { values, query }: { values: string[]; query: (list: SQL) => SQL },
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const batch of batches(values)) rows.push(...(await db.all<Row>(query(inList(batch)))));
  return rows;
}

/** Products a search may return: active, and matching the filters. */
function productWhere({ category, minPrice, maxPrice, inStock }: ProductFilters = {}): SQL[] {
  const where = [sql`t.status = 'active'`];
  if (category?.trim()) where.push(sql`lower(t.category) = lower(${category.trim()})`);
  if (minPrice !== undefined) where.push(sql`t.price >= ${minPrice}`);
  if (maxPrice !== undefined) where.push(sql`t.price <= ${maxPrice}`);
  if (inStock) where.push(sql`t.stock > 0`);
  return where;
}

const and = (conditions: SQL[]): SQL => (conditions.length ? sql.join(conditions, sql` AND `) : sql`1 = 1`);

function checkVector(vector: number[], dimensions: number): void {
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > maxDimensions)
    throw new RangeError(`embedding dimensions must be an integer in 1..${maxDimensions}, got ${dimensions}`);
  if (vector.length !== dimensions || !vector.every(Number.isFinite))
    throw new RangeError(`expected a vector of ${dimensions} finite numbers, got ${vector.length}`);
}

export function catalogQueries(db: Executor): CatalogStore {
  const search = db.dialect === "sqlite" ? sqliteCatalogSearch() : postgresCatalogSearch();

  async function byIds<T>({ table, ids, map }: { table: SearchTarget; ids: string[]; map: (r: Row) => T }) {
    const columns = table === "products" ? productColumnList : knowledgeColumnList;
    const rows = await selectIn(db, {
      values: [...new Set(ids)],
      query: (list) => sql`SELECT ${columns} FROM ${sql.identifier(table)} WHERE id IN ${list}`,
    });
    const found = new Map(rows.map((r) => [r.id as string, map(r)]));
    return ids.flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
  }

  async function saveEmbeddings(
    target: SearchTarget,
    { model, dimensions, items }: { model: string; dimensions: number; items: EmbeddingInput[] },
  ): Promise<number> {
    for (const item of items) checkVector(item.vector, dimensions);
    if (items.length === 0) return 0;
    await search.prepareVectors(db, { target, dimensions });
    return db.transaction(async (tx) => {
      const stored: EmbeddingInput[] = [];
      for (const item of items) {
        const sameText =
          item.contentHash === undefined ? sql`` : sql` AND content_hash = ${item.contentHash}`;
        const stamped = await tx.run(
          sql`UPDATE ${sql.identifier(target)} SET embedding_model = ${model} WHERE id = ${item.id}${sameText}`,
        );
        if (stamped > 0) stored.push(item);
      }
      await search.storeVectors(tx, { target, dimensions, items: stored });
      return stored.length;
    });
  }

  const searchVectors = (
    target: SearchTarget,
    { model, vector, where, limit }: { model: string; vector: number[]; where: SQL[]; limit: number },
  ): Promise<RankedId[]> => {
    checkVector(vector, vector.length);
    if (limit < 1) return Promise.resolve([]);
    return search.searchVectors(db, {
      target,
      dimensions: vector.length,
      vector,
      where: and([...where, sql`t.embedding_model = ${model}`]),
      limit,
    });
  };

  const searchText = (
    target: SearchTarget,
    { terms, where, limit }: { terms: string[]; where: SQL[]; limit: number },
  ): Promise<RankedId[]> => {
    const tokens = searchTokens(terms);
    if (tokens.length === 0 || limit < 1) return Promise.resolve([]);
    return search.searchText(db, { target, tokens, where: and(where), limit });
  };

  return {
    async upsertProducts(items, now = Date.now()) {
      const latest = new Map(items.map((item) => [item.zohoItemId, item]));
      return db.transaction(async (tx) => {
        const rows = await selectIn(tx, {
          values: [...latest.keys()],
          query: (list) => sql`SELECT ${productColumnList} FROM products WHERE zoho_item_id IN ${list}`,
        });
        const existing = new Map(rows.map((r) => [r.zoho_item_id as string, r]));
        const result = { inserted: 0, updated: 0, unchanged: 0, changedIds: [] as string[] };
        for (const item of latest.values()) {
          const c = productColumns(item);
          const before = existing.get(item.zohoItemId);
          if (before && holdsColumns(before, c)) {
            result.unchanged++;
            continue;
          }
          const [written] = await tx.all<{ id: string }>(
            sql`INSERT INTO products (id, zoho_item_id, sku, sku_compact, name, description, category, brand, price,
                  currency, stock, status, image_url, attributes, search_text, source_updated_at, content_hash,
                  embedding_model, stock_checked_at, created_at, updated_at)
                VALUES (${newId()}, ${c.zoho_item_id}, ${c.sku}, ${c.sku_compact}, ${c.name}, ${c.description},
                  ${c.category}, ${c.brand}, ${c.price}, ${c.currency}, ${c.stock}, ${c.status}, ${c.image_url},
                  ${c.attributes}, ${c.search_text}, ${c.source_updated_at}, ${c.content_hash}, NULL, NULL, ${now}, ${now})
                ON CONFLICT (zoho_item_id) DO UPDATE SET
                  sku = excluded.sku, sku_compact = excluded.sku_compact, name = excluded.name,
                  description = excluded.description, category = excluded.category, brand = excluded.brand,
                  price = excluded.price, currency = excluded.currency, stock = excluded.stock,
                  status = excluded.status, image_url = excluded.image_url, attributes = excluded.attributes,
                  search_text = excluded.search_text, source_updated_at = excluded.source_updated_at,
                  embedding_model = CASE WHEN products.content_hash = excluded.content_hash
                    THEN products.embedding_model ELSE NULL END,
                  content_hash = excluded.content_hash, updated_at = excluded.updated_at
                RETURNING id`,
          );
          if (before) result.updated++;
          else result.inserted++;
          if (before?.content_hash !== c.content_hash) result.changedIds.push(written!.id);
        }
        return result;
      });
    },

    async deactivateMissing(keepZohoItemIds, now = Date.now()) {
      return db.transaction(async (tx) => {
        const keep = new Set(keepZohoItemIds);
        const active = await tx.all<{ id: string; zoho_item_id: string }>(
          sql`SELECT id, zoho_item_id FROM products WHERE status = 'active'`,
        );
        const missing = active.filter((p) => !keep.has(p.zoho_item_id)).map((p) => p.id);
        let changed = 0;
        for (const batch of batches(missing))
          changed += await tx.run(
            sql`UPDATE products SET status = 'inactive', updated_at = ${now} WHERE id IN ${inList(batch)}`,
          );
        return changed;
      });
    },

    getProductsByIds: (ids) => byIds({ table: "products", ids, map: toProduct }),

    async getProductsBySkus(skus) {
      const wanted = skus.map(compactSku);
      const rows = await selectIn(db, {
        values: [...new Set(wanted.filter(Boolean))],
        // Should two items share a compact SKU, the active, most recently updated one answers.
        query: (list) => sql`SELECT ${productColumnList} FROM products WHERE sku_compact IN ${list}
                             ORDER BY CASE WHEN status = 'active' THEN 0 ELSE 1 END, updated_at DESC`,
      });
      const bySku = new Map<string, Product>();
      for (const r of rows) if (!bySku.has(r.sku_compact)) bySku.set(r.sku_compact, toProduct(r));
      const products = wanted.flatMap((sku) => (bySku.has(sku) ? [bySku.get(sku)!] : []));
      return [...new Map(products.map((p) => [p.id, p])).values()];
    },

    async countProducts({ status } = {}) {
      const where = status ? sql`WHERE status = ${status}` : sql``;
      const [row] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM products ${where}`);
      return Number(row?.n ?? 0);
    },

    async updateStock(sku, stock, now = Date.now()) {
      await db.run(
        sql`UPDATE products SET stock = ${stock}, stock_checked_at = ${now}, updated_at = ${now}
            WHERE sku_compact = ${compactSku(sku)}`,
      );
    },

    async vocabulary() {
      const rows = await db.all<{ search_text: string }>(
        sql`SELECT search_text FROM products WHERE status = 'active'`,
      );
      const counts = new Map<string, number>();
      for (const { search_text } of rows)
        for (const word of search_text.toLowerCase().split(/[^\p{L}\p{M}]+/u))
          if (word) counts.set(word, (counts.get(word) ?? 0) + 1);
      return counts;
    },

    async productsNeedingEmbedding({ model, limit }) {
      const rows = await db.all<Row>(
        sql`SELECT id, search_text, content_hash FROM products
            WHERE status = 'active' AND (embedding_model IS NULL OR embedding_model <> ${model})
            ORDER BY id LIMIT ${limit}`,
      );
      return rows.map(
        (r): EmbeddingSource => ({ id: r.id, text: r.search_text, contentHash: r.content_hash }),
      );
    },

    saveProductEmbeddings: (options) => saveEmbeddings("products", options),

    searchProductsText: ({ terms, filters, limit }) =>
      searchText("products", { terms, where: productWhere(filters), limit }),

    searchProductsVector: ({ model, vector, filters, limit }) =>
      searchVectors("products", { model, vector, where: productWhere(filters), limit }),

    async replaceKnowledge(source, chunks, now = Date.now()) {
      await db.transaction(async (tx) => {
        const existing = await tx.all<{ id: string; content_hash: string }>(
          sql`SELECT id, content_hash FROM knowledge_chunks WHERE source = ${source}`,
        );
        const unclaimed = new Map<string, string[]>();
        for (const { id, content_hash } of existing)
          unclaimed.set(content_hash, [...(unclaimed.get(content_hash) ?? []), id]);
        const kept: { id: string; position: number }[] = [];
        const fresh: (typeof chunks)[number][] = [];
        for (const chunk of chunks) {
          const id = unclaimed.get(knowledgeHash(chunk))?.shift();
          if (id) kept.push({ id, position: chunk.position });
          else fresh.push(chunk);
        }
        const keptIds = new Set(kept.map((k) => k.id));
        const gone = existing.filter((e) => !keptIds.has(e.id)).map((e) => e.id);
        for (const batch of batches(gone))
          await tx.run(sql`DELETE FROM knowledge_chunks WHERE id IN ${inList(batch)}`);
        await search.dropVectors(tx, { target: "knowledge_chunks", ids: gone });
        // Park the kept chunks on negative positions first, so a moved chunk never collides on (source, position).
        await tx.run(sql`UPDATE knowledge_chunks SET position = -1 - position WHERE source = ${source}`);
        for (const { id, position } of kept)
          await tx.run(sql`UPDATE knowledge_chunks SET position = ${position} WHERE id = ${id}`);
        for (const chunk of fresh)
          await tx.run(
            sql`INSERT INTO knowledge_chunks (id, source, title, body, position, content_hash, embedding_model,
                  created_at, updated_at)
                VALUES (${newId()}, ${source}, ${chunk.title}, ${chunk.body}, ${chunk.position},
                  ${knowledgeHash(chunk)}, NULL, ${now}, ${now})`,
          );
      });
    },

    getKnowledgeByIds: (ids) => byIds({ table: "knowledge_chunks", ids, map: toKnowledgeChunk }),

    async knowledgeNeedingEmbedding({ model, limit }) {
      const rows = await db.all<Row>(
        sql`SELECT id, title, body, content_hash FROM knowledge_chunks
            WHERE embedding_model IS NULL OR embedding_model <> ${model}
            ORDER BY source, position LIMIT ${limit}`,
      );
      return rows.map(
        (r): EmbeddingSource => ({ id: r.id, text: `${r.title}\n${r.body}`, contentHash: r.content_hash }),
      );
    },

    saveKnowledgeEmbeddings: (options) => saveEmbeddings("knowledge_chunks", options),

    searchKnowledgeText: ({ terms, limit }) => searchText("knowledge_chunks", { terms, where: [], limit }),

    searchKnowledgeVector: ({ model, vector, limit }) =>
      searchVectors("knowledge_chunks", { model, vector, where: [], limit }),

    ...syncRunQueries(db),
  };
}
