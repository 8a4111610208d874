export type {
  CatalogStore,
  EmbeddingInput,
  EmbeddingSource,
  ProductFilters,
  RankedId,
} from "./catalog-store.ts";
export { type CreateStoreOptions, createStore, openDatabase, storeOver } from "./create-store.ts";
export { StoreError, type StoreErrorKind } from "./errors.ts";
export type { Database, Dialect, Executor } from "./executor.ts";
export { migrate } from "./migrate.ts";
export * from "./records.ts";
export type * from "./store.ts";
