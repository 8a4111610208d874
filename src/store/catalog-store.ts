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
  inStock?: boolean;
  /** Inactive products are never searchable; this is for admin listings. */
  includeInactive?: boolean;
}

export interface RankedId {
  id: string;
  /** Higher is better; comparable only within one list. */
  score: number;
}

export interface EmbeddingInput {
  id: string;
  vector: number[];
}

export interface CatalogStore {
  /** Upserts by Zoho item id; `changedIds` are the products whose searchable text changed (to re-embed). */
  upsertProducts(
    items: ProductInput[],
    now?: number,
  ): Promise<{ inserted: number; updated: number; unchanged: number; changedIds: string[] }>;
  /** Full sync: products not in `keepZohoItemIds` become inactive (no longer searchable). */
  deactivateMissing(keepZohoItemIds: string[], now?: number): Promise<number>;
  getProductsByIds(ids: string[]): Promise<Product[]>;
  /** Matches on the compact SKU (case, dashes and spaces ignored). */
  getProductsBySkus(skus: string[]): Promise<Product[]>;
  countProducts(options?: { status?: "active" | "inactive" }): Promise<number>;
  updateStock(sku: string, stock: number | null, now?: number): Promise<void>;
  /** Distinct words of active products' searchable text, with counts (spelling correction). */
  vocabulary(): Promise<Map<string, number>>;

  /** Active products without an embedding from `model` (or whose text changed since). */
  productsNeedingEmbedding(options: {
    model: string;
    limit: number;
  }): Promise<{ id: string; text: string }[]>;
  saveProductEmbeddings(options: {
    model: string;
    dimensions: number;
    items: EmbeddingInput[];
  }): Promise<void>;
  searchProductsText(options: {
    terms: string[];
    filters?: ProductFilters;
    limit: number;
  }): Promise<RankedId[]>;
  searchProductsVector(options: {
    model: string;
    vector: number[];
    filters?: ProductFilters;
    limit: number;
  }): Promise<RankedId[]>;

  /** Replaces all chunks of one source document; unchanged chunks keep their embeddings. */
  replaceKnowledge(source: string, chunks: KnowledgeChunkInput[], now?: number): Promise<void>;
  getKnowledgeByIds(ids: string[]): Promise<KnowledgeChunk[]>;
  knowledgeNeedingEmbedding(options: {
    model: string;
    limit: number;
  }): Promise<{ id: string; text: string }[]>;
  saveKnowledgeEmbeddings(options: {
    model: string;
    dimensions: number;
    items: EmbeddingInput[];
  }): Promise<void>;
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
  listSyncRuns(limit?: number): Promise<CatalogSyncRun[]>;
  lastSucceededSync(kind?: CatalogSyncRun["kind"]): Promise<CatalogSyncRun | null>;
}
