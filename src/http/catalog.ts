/**
 * Catalogue routes, mounted under /api/v1 behind the admin key (adminRoutes' `extra`): product search
 * in the contract's shape, starting a sync, and the record of past syncs. Paths are relative.
 */
import { Elysia } from "elysia";
import { CatalogSyncError } from "../catalog/catalog-sync-error.ts";
import type { CatalogSearch } from "../catalog/search.ts";
import type { CatalogSync } from "../catalog/sync.ts";
import type { CatalogStore } from "../store/catalog-store.ts";
import type { CatalogSyncRun } from "../store/records.ts";
import { adminErrors, ErrorResponse, iso, isoOrNull } from "./admin/common.model.ts";
import {
  ProductsQuery,
  ProductsResponse,
  SyncBody,
  SyncRunResponse,
  SyncRunsQuery,
  SyncRunsResponse,
} from "./catalog.model.ts";
import { HttpError } from "./errors.ts";

export interface CatalogRoutesOptions {
  search: Pick<CatalogSearch, "searchProducts">;
  sync: Pick<CatalogSync, "start">;
  store: { catalog: Pick<CatalogStore, "listSyncRuns"> };
}

const syncRunJson = (run: CatalogSyncRun): SyncRunResponse => ({
  id: run.id,
  kind: run.kind,
  status: run.status,
  startedAt: iso(run.startedAt),
  finishedAt: isoOrNull(run.finishedAt),
  itemsSeen: run.itemsSeen,
  itemsUpserted: run.itemsUpserted,
  itemsDeactivated: run.itemsDeactivated,
  itemsEmbedded: run.itemsEmbedded,
  errors: run.errors,
});

export function catalogRoutes({ search, sync, store }: CatalogRoutesOptions) {
  return new Elysia({ name: "catalog" })
    .get(
      "/products",
      async ({ query: { q, ...options } }) => ({
        items: await search.searchProducts({ query: q, ...options }),
      }),
      {
        query: ProductsQuery,
        response: { 200: ProductsResponse, ...adminErrors },
        detail: {
          tags: ["catalogue"],
          summary: "Search the catalogue",
          description:
            'Hybrid search (full text + vectors when a model is loaded, fused by reciprocal rank). An exact SKU (any case, with or without dashes) comes first; English, Arabic and misspelled words work; prices ("under 500 AED") and "in stock" in q are read as filters, as are the explicit parameters.',
        },
      },
    )
    .post(
      "/catalog/sync",
      async ({ body }) => {
        try {
          const { run } = await sync.start({ kind: body?.kind ?? "full" });
          return syncRunJson(run);
        } catch (error) {
          if (CatalogSyncError.isInstance(error) && error.kind === "busy")
            throw new HttpError(
              "conflict",
              error.message,
              error.run ? { run: syncRunJson(error.run) } : undefined,
            );
          throw error;
        }
      },
      {
        body: SyncBody,
        response: { 200: SyncRunResponse, ...adminErrors, 409: ErrorResponse },
        detail: {
          tags: ["catalogue"],
          summary: "Start a catalogue sync",
          description:
            "Starts a sync from Zoho Inventory (kind full by default, or incremental) and answers with the run as it starts (status running); without Zoho the bundled demo catalogue is loaded. 409 while another sync runs.",
        },
      },
    )
    .get(
      "/catalog/sync-runs",
      async ({ query }) => ({ items: (await store.catalog.listSyncRuns(query.limit)).map(syncRunJson) }),
      {
        query: SyncRunsQuery,
        response: { 200: SyncRunsResponse, ...adminErrors },
        detail: {
          tags: ["catalogue"],
          summary: "Past catalogue syncs, newest first (counts, duration, errors)",
        },
      },
    );
}
