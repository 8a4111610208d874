/**
 * One scheduled catalogue sync round (the server runs it every CATALOG_SYNC_INTERVAL_MS through the
 * cluster's periodic job, so one node does it): incremental, or full when the last good full sync is
 * older than `fullEveryMs` (items deleted in Zoho only disappear in a full sync). The kind is chosen
 * from the shared store when the round runs, so a node never repeats a full sync another just did.
 */
import type { Logger } from "../log.ts";
import type { CatalogStore } from "../store/catalog-store.ts";
import type { CatalogSyncRun } from "../store/records.ts";
import { CatalogSyncError } from "./catalog-sync-error.ts";
import type { CatalogSync } from "./sync.ts";

export const catalogSyncJobName = "catalog-sync";

export interface RunScheduledSyncOptions {
  store: { catalog: CatalogStore };
  sync: CatalogSync;
  logger: Logger;
  fullEveryMs?: number;
  /** Aborts the run after the page in flight (e.g. the cluster lock was lost). */
  signal?: AbortSignal;
  now?: () => number;
}

/** The finished run, or null when another sync was already running here. */
export async function runScheduledSync({
  store,
  sync,
  logger,
  fullEveryMs = 24 * 60 * 60_000,
  signal,
  now = Date.now,
}: RunScheduledSyncOptions): Promise<CatalogSyncRun | null> {
  const lastFull = await store.catalog.lastSucceededSync("full");
  const kind = !lastFull || now() - lastFull.startedAt >= fullEveryMs ? "full" : "incremental";
  try {
    return await sync.run({ kind, signal });
  } catch (error) {
    if (!CatalogSyncError.isInstance(error) || error.kind !== "busy") throw error;
    logger.info("scheduled catalogue sync skipped: one is already running", { component: "catalog-sync" });
    return null;
  }
}
