// The shapes the catalogue serves are the sales agent's ports.
export type {
  KnowledgeHit,
  ProductHit,
  ProductSearchOptions,
  StockFigure,
  StockLookup,
} from "../agent/ports.ts";
export type { CatalogSyncRun } from "../store/records.ts";
export { CatalogSyncError, type CatalogSyncErrorKind } from "./catalog-sync-error.ts";
export {
  type Catalog,
  type CatalogStatus,
  type CreateCatalogOptions,
  createCatalog,
} from "./create-catalog.ts";
export {
  type CreateEmbeddingBackfillOptions,
  createEmbeddingBackfill,
  type EmbeddingBackfill,
  type EmbedProgress,
  type EmbedTotals,
} from "./embed-pending.ts";
export {
  type CreateEmbedderOptions,
  createEmbedder,
  defaultEmbeddingsSetting,
  type Embedder,
  type EmbedderProgress,
  type EmbedderStatus,
  type EmbeddingCost,
  type EmbeddingsSpec,
  embeddingsSettingOf,
  type ManagedEmbedder,
  parseEmbeddingsSetting,
} from "./embedder.ts";
export {
  chunkKnowledge,
  defaultKnowledgeDir,
  type IndexKnowledgeOptions,
  indexKnowledge,
} from "./knowledge-index.ts";
export { normalizeSku, type ParsedSearchQuery, parseSearchQuery } from "./query.ts";
export { catalogSyncJobName, type RunScheduledSyncOptions, runScheduledSync } from "./scheduled-sync.ts";
export {
  type CatalogSearch,
  type CreateCatalogSearchOptions,
  createCatalogSearch,
} from "./search.ts";
export {
  type CreateStockLookupOptions,
  createStockLookup,
} from "./stock.ts";
export {
  type CatalogSync,
  type CreateCatalogSyncOptions,
  createCatalogSync,
  type StartedSync,
  type SyncKind,
  type SyncOptions,
  type SyncProgress,
} from "./sync.ts";
