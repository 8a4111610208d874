/**
 * SQLite retrieval. Text: FTS5 external-content tables (products_fts,
 * knowledge_fts) queried with OR-ed quoted words, ranked by bm25. Vectors:
 * sqlite-vec `vec0` tables, one per dimension (`product_vectors_<dim>`,
 * `knowledge_vectors_<dim>`), made on first use so a new embedding model
 * needs no migration. Vector search pre-filters: the KNN query is limited to
 * the ids of eligible rows (`id IN (…)`, which sqlite-vec applies inside the
 * scan), so filters never starve the result. A row keeps one vector: saving
 * it in one dimension removes it from the others.
 */
import { sql } from "drizzle-orm";
import type { CatalogSearch, SearchTarget, SearchToken } from "../catalog-search.ts";
import type { Executor } from "../executor.ts";

const targets = {
  products: { fts: "products_fts", rank: "bm25(products_fts)", vectors: "product_vectors" },
  // Title words weigh twice as much as body words.
  knowledge_chunks: {
    fts: "knowledge_fts",
    rank: "bm25(knowledge_fts, 2.0, 1.0)",
    vectors: "knowledge_vectors",
  },
} as const;

/** sqlite-vec refuses a KNN `k` above this. */
const maxK = 4096;

/** `"word"* OR "word"`: quoted, so words are never FTS5 syntax (tokens hold letters and digits only). */
const matchExpression = (tokens: SearchToken[]): string =>
  tokens.map(({ text, prefix }) => `"${text}"${prefix ? "*" : ""}`).join(" OR ");

const vectorTable = (target: SearchTarget, dimensions: number): string =>
  `${targets[target].vectors}_${dimensions}`;

export function sqliteCatalogSearch(): CatalogSearch {
  /** vec0 tables known to exist (never forgotten: they are never dropped). */
  const known = new Set<string>();

  async function exists(db: Executor, table: string): Promise<boolean> {
    if (known.has(table)) return true;
    const [row] = await db.all(
      sql`SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = ${table}`,
    );
    if (row) known.add(table);
    return Boolean(row);
  }

  /** Every dimension's vector table of a target (vec0's shadow tables have suffixes and are left out). */
  async function vectorTables(db: Executor, target: SearchTarget): Promise<string[]> {
    const prefix = targets[target].vectors;
    const oneDimension = new RegExp(`^${prefix}_\\d+$`);
    const rows = await db.all<{ name: string }>(
      sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE ${`${prefix}_%`}`,
    );
    return rows.map((r) => r.name).filter((name) => oneDimension.test(name));
  }

  async function deleteVectors(db: Executor, tables: string[], ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    for (const table of tables)
      for (const id of ids) await db.run(sql`DELETE FROM ${sql.identifier(table)} WHERE id = ${id}`);
  }

  return {
    async searchText(db, { target, tokens, where, limit }) {
      const { fts, rank } = targets[target];
      const rows = await db.all<{ id: string; rank: number }>(
        sql`SELECT t.id AS id, ${sql.raw(rank)} AS rank
            FROM ${sql.identifier(fts)} JOIN ${sql.identifier(target)} t ON t.rowid = ${sql.identifier(fts)}.rowid
            WHERE ${sql.identifier(fts)} MATCH ${matchExpression(tokens)} AND ${where}
            ORDER BY rank, t.id LIMIT ${limit}`,
      );
      // bm25 is lower-is-better (negative); flip it.
      return rows.map((r) => ({ id: r.id, score: -Number(r.rank) }));
    },

    async prepareVectors(db, { target, dimensions }) {
      const table = vectorTable(target, dimensions);
      if (known.has(table)) return;
      await db.run(
        sql.raw(
          `CREATE VIRTUAL TABLE IF NOT EXISTS "${table}" USING vec0(` +
            `id text primary key, embedding float[${dimensions}] distance_metric=cosine)`,
        ),
      );
      known.add(table);
    },

    async storeVectors(db, { target, dimensions, items }) {
      const table = vectorTable(target, dimensions);
      const ids = items.map((item) => item.id);
      // vec0 has no upsert: delete, then insert. Other dimensions' copies go too.
      await deleteVectors(db, await vectorTables(db, target), ids);
      for (const { id, vector } of items)
        await db.run(
          sql`INSERT INTO ${sql.identifier(table)} (id, embedding) VALUES (${id}, ${JSON.stringify(vector)})`,
        );
    },

    async searchVectors(db, { target, dimensions, vector, where, limit }) {
      const table = vectorTable(target, dimensions);
      if (!(await exists(db, table))) return [];
      const query = JSON.stringify(vector);
      // Fast path: the nearest neighbours of the whole table, over-fetched, then filtered by a join.
      // It is exact whenever enough neighbours survive the filter; a selective filter that leaves
      // fewer falls back to filtering inside the KNN scan (exact, but it walks the filter's rows).
      const k = Math.min(limit * 4, maxK);
      const nearest = await db.all<{ id: string; distance: number }>(
        sql`SELECT v.id AS id, v.distance AS distance
            FROM (SELECT id, distance FROM ${sql.identifier(table)} WHERE embedding MATCH ${query} AND k = ${k}) v
            JOIN ${sql.identifier(target)} t ON t.id = v.id
            WHERE ${where}
            ORDER BY v.distance LIMIT ${limit}`,
      );
      const rows =
        nearest.length >= limit
          ? nearest
          : await db.all<{ id: string; distance: number }>(
              sql`SELECT v.id AS id, v.distance AS distance FROM ${sql.identifier(table)} v
                  WHERE v.embedding MATCH ${query} AND v.k = ${Math.min(limit, maxK)}
                    AND v.id IN (SELECT t.id FROM ${sql.identifier(target)} t WHERE ${where})
                  ORDER BY v.distance`,
            );
      return rows.map((r) => ({ id: r.id, score: 1 - Number(r.distance) }));
    },

    async dropVectors(db, { target, ids }) {
      await deleteVectors(db, await vectorTables(db, target), ids);
    },
  };
}
