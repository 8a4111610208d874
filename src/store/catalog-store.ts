/**
 * The catalogue's part of the Store: products, knowledge chunks, sync runs,
 * and the two retrieval primitives hybrid search fuses (full text, vectors).
 * Text search is FTS5 in SQLite and tsvector (English + Arabic) in Postgres;
 * vectors are sqlite-vec and pgvector HNSW, kept per embedding dimension.
 */
import type {
  CatalogSyncRun,
  KnowledgeChunk,
  KnowledgeChunkInput,
  Product,
  ProductInput,
} from "./records.ts";

export interface ProductFilters {
  category?: string;
  minPrice?: number;
  maxPrice?: number;
  /** Only products with stock > 0 (untracked stock counts as not in stock). */
  inStock?: boolean;
}

export interface RankedId {
  id: string;
  /** Higher is better; comparable only within one list. */
  score: number;
}

export interface EmbeddingInput {
  id: string;
  vector: number[];
  /** The hash the text had when it was embedded: a vector of text that changed since is not stored. */
  contentHash?: string;
}

/** A text to embed, from `productsNeedingEmbedding` / `knowledgeNeedingEmbedding`. */
export interface EmbeddingSource {
  id: string;
  text: string;
  contentHash: string;
}

export interface CatalogStore {
  /** Upserts by Zoho item id; `changedIds` are the products whose searchable text changed (to re-embed). */
  upsertProducts(
    items: ProductInput[],
    now?: number,
  ): Promise<{ inserted: number; updated: number; unchanged: number; changedIds: string[] }>;
  /** Full sync: products not in `keepZohoItemIds` become inactive (no longer searchable). */
  deactivateMissing(keepZohoItemIds: string[], now?: number): Promise<number>;
  /** In input order (inactive included); unknown ids are left out. */
  getProductsByIds(ids: string[]): Promise<Product[]>;
  /** Matches on the compact SKU (case, dashes and spaces ignored); in input order, unknown SKUs left out. */
  getProductsBySkus(skus: string[]): Promise<Product[]>;
  countProducts(options?: { status?: "active" | "inactive" }): Promise<number>;
  updateStock(sku: string, stock: number | null, now?: number): Promise<void>;
  /** Distinct words of active products' searchable text, with counts (spelling correction). */
  vocabulary(): Promise<Map<string, number>>;

  /** Active products without an embedding from `model` (or whose text changed since). */
  productsNeedingEmbedding(options: { model: string; limit: number }): Promise<EmbeddingSource[]>;
  /**
   * Stores vectors of any dimension (the per-dimension table or index is made on first use) and
   * records `model` on the rows; resolves to how many were stored. Vector search only ever
   * compares vectors of the model it is asked for.
   */
  saveProductEmbeddings(options: {
    model: string;
    dimensions: number;
    items: EmbeddingInput[];
  }): Promise<number>;
  /** Ranked by lexical relevance; active products only. Terms are plain words, never query syntax. */
  searchProductsText(options: {
    terms: string[];
    filters?: ProductFilters;
    limit: number;
  }): Promise<RankedId[]>;
  /** Ranked by cosine similarity (score = 1 − cosine distance) among active products embedded by `model`. */
  searchProductsVector(options: {
    model: string;
    vector: number[];
    filters?: ProductFilters;
    limit: number;
  }): Promise<RankedId[]>;

  /** Replaces all chunks of one source document; unchanged chunks keep their embeddings. */
  replaceKnowledge(source: string, chunks: KnowledgeChunkInput[], now?: number): Promise<void>;
  getKnowledgeByIds(ids: string[]): Promise<KnowledgeChunk[]>;
  knowledgeNeedingEmbedding(options: { model: string; limit: number }): Promise<EmbeddingSource[]>;
  saveKnowledgeEmbeddings(options: {
    model: string;
    dimensions: number;
    items: EmbeddingInput[];
  }): Promise<number>;
  searchKnowledgeText(options: { terms: string[]; limit: number }): Promise<RankedId[]>;
  searchKnowledgeVector(options: { model: string; vector: number[]; limit: number }): Promise<RankedId[]>;

  startSyncRun(kind: CatalogSyncRun["kind"], now?: number): Promise<CatalogSyncRun>;
  finishSyncRun(
    id: string,
    result: Pick<
      CatalogSyncRun,
      "status" | "itemsSeen" | "itemsUpserted" | "itemsDeactivated" | "itemsEmbedded" | "errors"
    >,
    now?: number,
  ): Promise<CatalogSyncRun>;
  /** Newest first. */
  listSyncRuns(limit?: number): Promise<CatalogSyncRun[]>;
  lastSucceededSync(kind?: CatalogSyncRun["kind"]): Promise<CatalogSyncRun | null>;
}
