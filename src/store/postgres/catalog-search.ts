/**
 * PostgreSQL retrieval. Text: the generated `search_vector` (English and
 * Arabic configurations) matched by OR-ed prefix words in both
 * configurations, ranked by ts_rank_cd. Vectors: the unsized `embedding`
 * column plus `embedding_dim`, and per dimension an HNSW expression index
 * made on first use (`products_embedding_hnsw_<dim>`), so a new embedding
 * model needs no migration. Queries repeat the index's expression and
 * predicate with the dimension inlined, so the planner can use it. Filters
 * sit in the WHERE clause (pre-filter); pgvector's iterative index scan keeps
 * reading the index until enough rows pass them.
 */
import { sql } from "drizzle-orm";
import type { CatalogSearch, SearchToken } from "../catalog-search.ts";

/** pgvector's HNSW indexes `vector` up to this many dimensions; larger ones are searched exactly. */
const maxIndexedDimensions = 2000;
/** Serializes index creation across nodes (CREATE INDEX IF NOT EXISTS races otherwise). */
const indexLockId = 727_271_002;

/** `'word':* | 'word'`: quoted, so words are never tsquery syntax (tokens hold letters and digits only). */
const tsqueryText = (tokens: SearchToken[]): string =>
  tokens.map(({ text, prefix }) => `'${text}'${prefix ? ":*" : ""}`).join(" | ");

const toVectorText = (vector: number[]): string => `[${vector.join(",")}]`;

/** `embedding::vector(<dim>)`: the indexed expression (the dimension is a checked integer). */
const sizedEmbedding = (dimensions: number) => sql.raw(`t.embedding::vector(${dimensions})`);

export function postgresCatalogSearch(): CatalogSearch {
  const indexed = new Set<string>();

  return {
    async searchText(db, { target, tokens, where, limit }) {
      const text = tsqueryText(tokens);
      const rows = await db.all<{ id: string; score: number }>(
        sql`SELECT t.id AS id, ts_rank_cd(t.search_vector, q.query) AS score
            FROM ${sql.identifier(target)} t,
              (SELECT to_tsquery('english', ${text}) || to_tsquery('arabic', ${text}) AS query) q
            WHERE t.search_vector @@ q.query AND ${where}
            ORDER BY score DESC, t.id LIMIT ${limit}`,
      );
      return rows.map((r) => ({ id: r.id, score: Number(r.score) }));
    },

    async prepareVectors(db, { target, dimensions }) {
      const index = `${target}_embedding_hnsw_${dimensions}`;
      if (indexed.has(index) || dimensions > maxIndexedDimensions) return;
      await db.transaction(async (tx) => {
        await tx.all(sql`SELECT pg_advisory_xact_lock(${indexLockId})`);
        await tx.run(
          sql.raw(
            `CREATE INDEX IF NOT EXISTS "${index}" ON "${target}" USING hnsw ` +
              `((embedding::vector(${dimensions})) vector_cosine_ops) WHERE embedding_dim = ${dimensions}`,
          ),
        );
      });
      indexed.add(index);
    },

    async storeVectors(db, { target, dimensions, items }) {
      for (const { id, vector } of items)
        await db.run(
          sql`UPDATE ${sql.identifier(target)} SET embedding = ${toVectorText(vector)}::vector,
                embedding_dim = ${dimensions}
              WHERE id = ${id}`,
        );
    },

    searchVectors(db, { target, dimensions, vector, where, limit }) {
      const query = sql`${toVectorText(vector)}::vector(${sql.raw(String(dimensions))})`;
      const distance = sql`${sizedEmbedding(dimensions)} <=> ${query}`;
      return db.transaction(async (tx) => {
        await tx.run(sql`SET LOCAL hnsw.iterative_scan = strict_order`);
        const rows = await tx.all<{ id: string; distance: number }>(
          sql`SELECT t.id AS id, ${distance} AS distance FROM ${sql.identifier(target)} t
              WHERE t.embedding_dim = ${sql.raw(String(dimensions))} AND ${where}
              ORDER BY ${distance} LIMIT ${limit}`,
        );
        return rows.map((r) => ({ id: r.id, score: 1 - Number(r.distance) }));
      });
    },

    // Vectors live on their rows and go with them.
    dropVectors: async () => {},
  };
}
