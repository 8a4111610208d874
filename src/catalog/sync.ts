/**
 * Catalogue sync: Zoho Inventory items → the store, page by page, recorded as a run.
 *
 * - full: every item (active and inactive); then products Zoho no longer has become inactive. Zoho
 *   answering with no items at all is refused (never empties the catalogue on a hiccup).
 * - incremental: items modified since the last good full/incremental run started, minus an overlap
 *   for clock skew; inactive ones come back marked so and stop being searchable. Without a previous
 *   run it is a full sync.
 * - demo: the bundled demo catalogue, when Zoho is not configured.
 *
 * Each page is upserted as it arrives: a sync that fails midway keeps what it already wrote and
 * deactivates nothing, so the previous catalogue stays searchable. Then the knowledge documents are
 * re-read and changed products and chunks re-embedded (only those whose text changed) when the model
 * is loaded, else in the background once it is. One run at a time per process.
 */
import type { ZohoClient } from "../integrations/zoho/index.ts";
import type { Logger } from "../log.ts";
import type { CatalogStore } from "../store/catalog-store.ts";
import type { CatalogSyncRun, ProductInput } from "../store/records.ts";
import { CatalogSyncError } from "./catalog-sync-error.ts";
import demoCatalog from "./demo-catalog.json";
import type { EmbeddingBackfill } from "./embed-pending.ts";
import { indexKnowledge } from "./knowledge-index.ts";

export type SyncKind = CatalogSyncRun["kind"];

export interface SyncProgress {
  kind: SyncKind;
  /** Pages fetched from Zoho so far. */
  pages: number;
  /** Items seen so far. */
  items: number;
}

export interface SyncOptions {
  kind: SyncKind;
  signal?: AbortSignal;
}

export interface StartedSync {
  /** The run as recorded when it started (status `running`). */
  run: CatalogSyncRun;
  /** The same run once finished (`succeeded` or `failed`); never rejects. */
  finished: Promise<CatalogSyncRun>;
}

export interface CatalogSync {
  /**
   * Starts a run and returns at once; throws CatalogSyncError `busy` while another runs. `signal`
   * stops it after the page in flight (recorded as failed).
   */
  start(options: SyncOptions): Promise<StartedSync>;
  /** Starts a run and waits for it to finish. */
  run(options: SyncOptions): Promise<CatalogSyncRun>;
  /** The run in progress, if any. */
  current(): CatalogSyncRun | null;
  /** Stops after the page in flight (the run is recorded as failed) and waits for it. */
  stop(): Promise<void>;
}

export interface CreateCatalogSyncOptions {
  store: { catalog: CatalogStore };
  /** Null: only the demo catalogue can be loaded; other kinds run as `demo`. */
  zoho: ZohoClient | null;
  /** Re-embeds changed products and chunks after the upserts; null when embeddings are off. */
  embeddings?: EmbeddingBackfill | null;
  logger: Logger;
  /** The knowledge documents re-indexed on each run; null to leave knowledge alone. */
  knowledgeDir?: string | null;
  /** How far before the last run's start an incremental sync looks (Zoho's clock may differ from ours). */
  overlapMs?: number;
  perPage?: number;
  demoProducts?: ProductInput[];
  onProgress?: (progress: SyncProgress) => void;
  /** After every run, succeeded or failed (e.g. refresh the search vocabulary). */
  onFinished?: (run: CatalogSyncRun) => Promise<void> | void;
  now?: () => number;
}

interface Counts {
  itemsSeen: number;
  itemsUpserted: number;
  itemsDeactivated: number;
  itemsEmbedded: number;
  errors: string[];
}

export function createCatalogSync({
  store,
  zoho,
  embeddings = null,
  logger,
  knowledgeDir,
  overlapMs = 5 * 60_000,
  perPage = 200,
  demoProducts = demoCatalog as unknown as ProductInput[],
  onProgress,
  onFinished,
  now = Date.now,
}: CreateCatalogSyncOptions): CatalogSync {
  const log = logger.child({ component: "catalog-sync" });
  const stopping = new AbortController();
  let claimed = false;
  let active: StartedSync | null = null;

  /** What a requested kind runs as: demo without Zoho, full without a previous good run to count from. */
  async function resolve(kind: SyncKind): Promise<{ kind: SyncKind; since?: number }> {
    if (!zoho || kind === "demo") return { kind: "demo" };
    if (kind === "full") return { kind };
    const [full, incremental] = await Promise.all([
      store.catalog.lastSucceededSync("full"),
      store.catalog.lastSucceededSync("incremental"),
    ]);
    const last = Math.max(full?.startedAt ?? 0, incremental?.startedAt ?? 0);
    return last > 0 ? { kind, since: last - overlapMs } : { kind: "full" };
  }

  async function upsert(items: ProductInput[], counts: Counts): Promise<void> {
    const result = await store.catalog.upsertProducts(items, now());
    counts.itemsSeen += items.length;
    counts.itemsUpserted += result.inserted + result.updated;
  }

  async function fetchFromZoho(
    client: ZohoClient,
    { kind, since, signal }: { kind: SyncKind; since?: number; signal: AbortSignal },
    counts: Counts,
  ): Promise<void> {
    const seen: string[] = [];
    let skipped = 0;
    for (let page = 1, more = true; more; page++) {
      signal.throwIfAborted();
      const result = await client.listItems({
        page,
        perPage,
        modifiedSince: since === undefined ? undefined : new Date(since),
      });
      await upsert(result.items, counts);
      seen.push(...result.items.map((item) => item.zohoItemId));
      skipped += result.skipped.length;
      more = result.hasMorePage;
      onProgress?.({ kind, pages: page, items: counts.itemsSeen });
    }
    if (skipped > 0) counts.errors.push(`${skipped} Zoho item(s) without a SKU were skipped`);
    if (kind !== "full") return;
    if (seen.length === 0) {
      throw new CatalogSyncError({
        kind: "refused",
        message: "Zoho returned no items; the catalogue was left as it was",
      });
    }
    counts.itemsDeactivated = await store.catalog.deactivateMissing(seen, now());
  }

  /** Knowledge and embeddings: failures here are noted on a run whose products are already in. */
  async function refreshDerived(counts: Counts, signal: AbortSignal): Promise<void> {
    if (knowledgeDir !== null) {
      try {
        await indexKnowledge({ store, dir: knowledgeDir, logger: log });
      } catch (error) {
        counts.errors.push(`knowledge: ${(error as Error).message}`);
      }
    }
    if (!embeddings || signal.aborted) return;
    // A model still to load (seconds to minutes) is not waited for: it embeds in the background.
    if (!embeddings.modelReady()) return embeddings.schedule();
    const embedded = await embeddings.run();
    counts.itemsEmbedded = embedded.products;
    if (embedded.error) counts.errors.push(`embeddings: ${embedded.error}`);
  }

  async function execute(
    record: CatalogSyncRun,
    { since, signal }: { since?: number; signal: AbortSignal },
  ): Promise<CatalogSyncRun> {
    const started = now();
    const counts: Counts = {
      itemsSeen: 0,
      itemsUpserted: 0,
      itemsDeactivated: 0,
      itemsEmbedded: 0,
      errors: [],
    };
    let status: "succeeded" | "failed" = "succeeded";
    try {
      if (record.kind === "demo" || !zoho) {
        await upsert(demoProducts, counts);
        onProgress?.({ kind: record.kind, pages: 1, items: counts.itemsSeen });
      } else {
        await fetchFromZoho(zoho, { kind: record.kind, since, signal }, counts);
      }
      await refreshDerived(counts, signal);
    } catch (error) {
      status = "failed";
      const reason = signal.aborted ? "stopped before it finished" : (error as Error).message;
      counts.errors.unshift(reason);
      log.error("catalogue sync failed; the previous catalogue stays searchable", {
        err: error,
        kind: record.kind,
      });
    }
    const finished = await store.catalog
      .finishSyncRun(record.id, { status, ...counts }, now())
      .catch((error: unknown): CatalogSyncRun => {
        log.error("cannot record the end of a catalogue sync", { err: error, id: record.id });
        return { ...record, status, ...counts, finishedAt: now() };
      });
    log.info("catalogue sync finished", { ...finished, ms: now() - started });
    try {
      await onFinished?.(finished);
    } catch (error) {
      log.warn("after-sync step failed", { err: error });
    }
    return finished;
  }

  async function start({ kind: asked, signal }: SyncOptions): Promise<StartedSync> {
    if (claimed) {
      throw new CatalogSyncError({
        kind: "busy",
        message: "a catalogue sync is already running",
        run: active?.run,
      });
    }
    // Claimed before the first await, so two callers cannot both start.
    claimed = true;
    try {
      const { kind, since } = await resolve(asked);
      const run = await store.catalog.startSyncRun(kind, now());
      log.info("catalogue sync started", { id: run.id, kind, since: since && new Date(since).toISOString() });
      const stop = signal ? AbortSignal.any([signal, stopping.signal]) : stopping.signal;
      const finished = execute(run, { since, signal: stop }).finally(() => {
        claimed = false;
        active = null;
      });
      active = { run, finished };
      return active;
    } catch (error) {
      claimed = false;
      throw error;
    }
  }

  return {
    start,
    async run(options) {
      return (await start(options)).finished;
    },
    current: () => active?.run ?? null,
    async stop() {
      stopping.abort();
      await active?.finished;
    },
  };
}
