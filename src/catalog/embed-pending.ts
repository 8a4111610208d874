/**
 * Embeds what the store says is pending (products and knowledge chunks without a vector from this
 * model, or whose text changed since) in batches, off the hot path. One pass at a time: a caller
 * asking while a pass runs gets the pass that follows it, so nothing changed meanwhile is missed.
 */
import type { Logger } from "../log.ts";
import type { CatalogStore, EmbeddingSource } from "../store/catalog-store.ts";
import type { Embedder, ManagedEmbedder } from "./embedder.ts";

export interface EmbedTotals {
  products: number;
  knowledge: number;
  /** Set when no model could run (EMBEDDINGS off, model missing or failed to load): nothing was tried. */
  off?: string;
  /** Why the pass stopped early (an embeddings API or store error), if it did. */
  error?: string;
}

export interface EmbedProgress {
  target: "products" | "knowledge";
  /** Embedded so far in this pass, for this target. */
  done: number;
}

export interface EmbeddingBackfill {
  /** Embeds everything pending; resolves (never rejects) when done or stopped. */
  run(): Promise<EmbedTotals>;
  /** `run()` in the background. */
  schedule(): void;
  /** True when the model is loaded (a plain Embedder always is): a pass will not wait for a load. */
  modelReady(): boolean;
  /** True while a pass runs. */
  busy(): boolean;
  /** Stops after the batch in flight and waits for it. */
  stop(): Promise<void>;
}

export interface CreateEmbeddingBackfillOptions {
  store: { catalog: CatalogStore };
  embedder: Embedder | ManagedEmbedder;
  logger: Logger;
  batchSize?: number;
  /** Progress is logged at most this often. */
  logEveryMs?: number;
  onProgress?: (progress: EmbedProgress) => void;
}

type SaveOptions = Parameters<CatalogStore["saveProductEmbeddings"]>[0];

const isManaged = (embedder: Embedder | ManagedEmbedder): embedder is ManagedEmbedder =>
  "ready" in embedder && typeof embedder.ready === "function";

export function createEmbeddingBackfill({
  store,
  embedder,
  logger,
  batchSize = 32,
  logEveryMs = 5000,
  onProgress,
}: CreateEmbeddingBackfillOptions): EmbeddingBackfill {
  const log = logger.child({ component: "embeddings", model: embedder.model });
  const stopping = new AbortController();
  let current: Promise<EmbedTotals> | null = null;
  let next: Promise<EmbedTotals> | null = null;

  const targets = {
    products: {
      pending: (limit: number) => store.catalog.productsNeedingEmbedding({ model: embedder.model, limit }),
      save: (options: SaveOptions) => store.catalog.saveProductEmbeddings(options),
    },
    knowledge: {
      pending: (limit: number) => store.catalog.knowledgeNeedingEmbedding({ model: embedder.model, limit }),
      save: (options: SaveOptions) => store.catalog.saveKnowledgeEmbeddings(options),
    },
  };

  async function embedAll(target: EmbedProgress["target"]): Promise<number> {
    const { pending, save } = targets[target];
    // A row whose text changes while it is embedded comes back; it is taken again only in a later pass.
    const tried = new Set<string>();
    let done = 0;
    let loggedAt = Date.now();
    while (!stopping.signal.aborted) {
      const batch = (await pending(batchSize)).filter(
        (source: EmbeddingSource) => !tried.has(`${source.id}:${source.contentHash}`),
      );
      if (batch.length === 0) break;
      for (const source of batch) tried.add(`${source.id}:${source.contentHash}`);
      const vectors = await embedder.embedDocuments(batch.map((source) => source.text));
      done += await save({
        model: embedder.model,
        dimensions: embedder.dimensions,
        items: batch.map((source, i) => ({
          id: source.id,
          vector: vectors[i]!,
          contentHash: source.contentHash,
        })),
      });
      onProgress?.({ target, done });
      if (Date.now() - loggedAt >= logEveryMs) {
        log.info("embedding", { target, done });
        loggedAt = Date.now();
      }
    }
    return done;
  }

  async function pass(): Promise<EmbedTotals> {
    const totals: EmbedTotals = { products: 0, knowledge: 0 };
    if (isManaged(embedder) && !(await embedder.ready())) {
      return { ...totals, off: embedder.status() };
    }
    const started = Date.now();
    try {
      totals.products = await embedAll("products");
      totals.knowledge = await embedAll("knowledge");
    } catch (error) {
      totals.error = (error as Error).message;
      log.warn("embedding stopped; pending rows are retried on the next pass", { err: error, ...totals });
    }
    if (totals.products + totals.knowledge > 0)
      log.info("embedded", {
        products: totals.products,
        knowledge: totals.knowledge,
        ms: Date.now() - started,
      });
    return totals;
  }

  const run = (): Promise<EmbedTotals> => {
    if (!current) {
      current = pass().finally(() => {
        current = null;
      });
      return current;
    }
    next ??= current.then(() => {
      next = null;
      return run();
    });
    return next;
  };

  return {
    run,
    schedule: () => void run(),
    modelReady: () => !isManaged(embedder) || embedder.status() === "ready",
    busy: () => current !== null,
    async stop() {
      stopping.abort();
      await Promise.all([current, next]);
    },
  };
}
