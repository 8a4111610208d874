/**
 * One contract suite for every Store adapter (drizzle's integration-tests
 * habit): each adapter's test file builds its own fresh store per test and
 * calls `storeContract`. Adapters are proven equal by the same assertions.
 */
import type { Store } from "../../src/store/index.ts";
import { catalogContract } from "./store-contract/catalog.ts";
import { coreContract } from "./store-contract/core.ts";

export interface StoreHarness {
  /** A fresh, migrated, empty store. */
  makeStore(): Promise<Store>;
  /** A second store over the same database (another process's view), when the adapter can share one. */
  sameDatabase?(): Promise<Store>;
}

export function storeContract(harness: StoreHarness): void {
  coreContract(harness);
  catalogContract(harness);
}
