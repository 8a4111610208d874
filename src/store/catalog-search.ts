/**
 * The seam between the dialect-neutral catalogue queries and each dialect's
 * retrieval (sqlite/catalog-search.ts, postgres/catalog-search.ts): full
 * text, and vectors kept per embedding dimension.
 */
import type { SQL } from "drizzle-orm";
import type { EmbeddingInput, RankedId } from "./catalog-store.ts";
import type { Executor } from "./executor.ts";

export type SearchTarget = "products" | "knowledge_chunks";

/** A sanitized query word: letters, marks and digits only, so it can never be query syntax. */
export interface SearchToken {
  text: string;
  /** Matches words starting with `text` (for words of 3+ characters). */
  prefix: boolean;
}

/**
 * Retrieval as each dialect does it. `where` is a condition on the target
 * table aliased `t` (status, filters, embedding model).
 */
export interface CatalogSearch {
  searchText(
    db: Executor,
    options: { target: SearchTarget; tokens: SearchToken[]; where: SQL; limit: number },
  ): Promise<RankedId[]>;
  /** Makes the per-dimension vector table or index (idempotent); runs outside any transaction. */
  prepareVectors(db: Executor, options: { target: SearchTarget; dimensions: number }): Promise<void>;
  storeVectors(
    db: Executor,
    options: { target: SearchTarget; dimensions: number; items: EmbeddingInput[] },
  ): Promise<void>;
  searchVectors(
    db: Executor,
    options: { target: SearchTarget; dimensions: number; vector: number[]; where: SQL; limit: number },
  ): Promise<RankedId[]>;
  /** Forgets the vectors of deleted rows. */
  dropVectors(db: Executor, options: { target: SearchTarget; ids: string[] }): Promise<void>;
}

/** A query of hundreds of words is noise (or abuse); the first ones are kept. */
const maxTokens = 32;

/** Query words from free text: split on anything but letters, marks and digits, deduplicated. */
export function searchTokens(terms: string[]): SearchToken[] {
  const words = terms.flatMap(
    (term) =>
      term
        .normalize("NFKC")
        .toLowerCase()
        .match(/[\p{L}\p{M}\p{N}]+/gu) ?? [],
  );
  return [...new Set(words)].slice(0, maxTokens).map((text) => ({ text, prefix: [...text].length >= 3 }));
}
