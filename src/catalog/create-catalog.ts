/**
 * The catalogue as the server runs it: search, stock, sync and background embedding, built from ports the composition root chose (Zoho or not, a model or not). `start()`
 * prepares what the first request needs (knowledge indexed, the demo catalogue when there is no Zoho
 * and nothing to sell, the spelling vocabulary) and leaves the slow parts (loading a model,
 * embedding, a first Zoho sync) to the background.
 */

import type { StockLookup } from "../agent/ports.ts";
import type { ZohoClient } from "../integrations/zoho/index.ts";
import type { Logger } from "../log.ts";
import type { CatalogStore } from "../store/catalog-store.ts";
import { createEmbeddingBackfill, type EmbeddingBackfill } from "./embed-pending.ts";
import type { Embedder, ManagedEmbedder } from "./embedder.ts";
import { defaultKnowledgeDir, indexKnowledge } from "./knowledge-index.ts";
import { runScheduledSync } from "./scheduled-sync.ts";
import { type CatalogSearch, createCatalogSearch } from "./search.ts";
import { createStockLookup } from "./stock.ts";
import { type CatalogSync, createCatalogSync } from "./sync.ts";

export interface CatalogStatus {
  status: "ok" | "off" | "degraded" | "down";
  detail: string;
}

export interface Catalog {
  search: CatalogSearch;
  stock: StockLookup;
  sync: CatalogSync;
  /** One scheduled round (incremental, full once a day); the server runs it under the cluster's job lock. */
  scheduledSync(signal?: AbortSignal): Promise<void>;
  /** For /ready: whether search uses vectors, and why not. */
  embeddingsStatus(): CatalogStatus;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface CreateCatalogOptions {
  store: { catalog: CatalogStore };
  zoho: ZohoClient | null;
  embedder: Embedder | ManagedEmbedder | null;
  logger: Logger;
  knowledgeDir?: string;
}

const isManaged = (embedder: Embedder | ManagedEmbedder): embedder is ManagedEmbedder =>
  "status" in embedder && typeof embedder.status === "function";

function describeEmbedder(embedder: Embedder | ManagedEmbedder | null, backfill: EmbeddingBackfill | null) {
  if (!embedder) return { status: "off", detail: "EMBEDDINGS=none: lexical search only" } as const;
  const status = isManaged(embedder) ? embedder.status() : "ready";
  if (status === "ready") {
    const busy = backfill?.busy() ? "; embedding the catalogue" : "";
    return { status: "ok", detail: `${embedder.model} (${embedder.dimensions} dimensions)${busy}` } as const;
  }
  if (status === "idle" || status === "loading")
    return { status: "degraded", detail: `loading ${embedder.model}; lexical search meanwhile` } as const;
  if (status.startsWith("failed"))
    return { status: "down", detail: `${embedder.model} ${status}; lexical search only` } as const;
  return { status: "off", detail: `${status.replace(/^off:\s*/, "")}; lexical search only` } as const;
}

export function createCatalog({
  store,
  zoho,
  embedder,
  logger,
  knowledgeDir = defaultKnowledgeDir,
}: CreateCatalogOptions): Catalog {
  const log = logger.child({ component: "catalog" });
  const search = createCatalogSearch({ store, embedder, logger });
  const embeddings = embedder ? createEmbeddingBackfill({ store, embedder, logger }) : null;
  const sync = createCatalogSync({
    store,
    zoho,
    embeddings,
    logger,
    knowledgeDir,
    onFinished: () => search.refreshVocabulary(),
  });

  return {
    search,
    stock: createStockLookup({ store, zoho, logger }),
    sync,
    embeddingsStatus: () => describeEmbedder(embedder, embeddings),
    scheduledSync: async (signal) => {
      await runScheduledSync({ store, sync, logger, signal });
    },

    async start() {
      const empty = (await store.catalog.countProducts()) === 0;
      if (empty && !zoho) {
        // The run indexes knowledge, refreshes the vocabulary and starts embedding too.
        const run = await sync.run({ kind: "demo" });
        log.info("Zoho not configured: demo catalogue loaded", { products: run.itemsUpserted });
      } else {
        await indexKnowledge({ store, dir: knowledgeDir, logger });
        await search.refreshVocabulary();
        embeddings?.schedule();
      }
      if (empty && zoho) {
        sync
          .start({ kind: "full" })
          .catch((error) => log.warn("first catalogue sync not started", { err: error }));
      }
    },

    async stop() {
      await Promise.all([sync.stop(), embeddings?.stop()]);
    },
  };
}
