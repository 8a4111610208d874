// Catalogue part of the store contract: being written with the catalogue store.
import type { StoreHarness } from "../store-contract.ts";

export function catalogContract(_harness: StoreHarness): void {}
