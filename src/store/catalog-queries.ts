// Placeholder until the catalogue store lands (being written now); replaced wholesale.
import type { CatalogStore } from "./catalog-store.ts";
import type { Executor } from "./executor.ts";

export function catalogQueries(_db: Executor): CatalogStore {
  return new Proxy({} as CatalogStore, {
    get: (_t, name) => () => Promise.reject(new Error(`catalog store: ${String(name)} not implemented yet`)),
  });
}
