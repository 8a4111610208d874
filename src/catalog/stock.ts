/**
 * Stock by SKU for the agent: live from Zoho (sync does not see every stock move: sales orders and
 * adjustments may not touch an item's last_modified_time), cached briefly, one Zoho call per SKU at a
 * time, and written back to the catalogue. When Zoho is not configured, fails or is slow, the figure
 * of the last sync is given instead, and `source` says so.
 */
import type { StockFigure, StockLookup } from "../agent/ports.ts";
import type { ZohoClient } from "../integrations/zoho/index.ts";
import { type Logger, silentLogger } from "../log.ts";
import type { CatalogStore } from "../store/catalog-store.ts";
import type { Product } from "../store/records.ts";
import { normalizeSku } from "./query.ts";

export interface CreateStockLookupOptions {
  store: { catalog: CatalogStore };
  zoho: Pick<ZohoClient, "getStockBySku"> | null;
  ttlMs?: number;
  /** Longest a caller waits for Zoho before taking the synced figure (the call still completes and is cached). */
  timeoutMs?: number;
  logger?: Logger;
  now?: () => number;
}

/** Past this many cached SKUs, expired entries are dropped. */
const pruneAbove = 1000;

export function createStockLookup({
  store,
  zoho,
  ttlMs = 60_000,
  timeoutMs = 5_000,
  logger = silentLogger,
  now = Date.now,
}: CreateStockLookupOptions): StockLookup {
  const log = logger.child({ component: "stock" });
  const cache = new Map<string, StockFigure>();
  const inFlight = new Map<string, Promise<StockFigure | null>>();

  const remember = (key: string, figure: StockFigure) => {
    if (cache.size >= pruneAbove)
      for (const [k, f] of cache) if (now() - f.checkedAt >= ttlMs) cache.delete(k);
    cache.set(key, figure);
  };

  async function fetchLive(client: NonNullable<CreateStockLookupOptions["zoho"]>, product: Product) {
    try {
      const found = await client.getStockBySku(product.sku);
      if (!found) {
        log.warn("SKU not found in Zoho; using the synced stock", { sku: product.sku });
        return null;
      }
      const figure: StockFigure = { sku: product.sku, stock: found.stock, source: "live", checkedAt: now() };
      remember(normalizeSku(product.sku), figure);
      await store.catalog.updateStock(product.sku, found.stock, figure.checkedAt);
      return figure;
    } catch (error) {
      log.warn("live stock lookup failed; using the synced stock", { sku: product.sku, err: error });
      return null;
    }
  }

  async function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
    let timer: Timer | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), ms);
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async stockBySku(sku) {
      const [product] = await store.catalog.getProductsBySkus([sku]);
      if (product?.status !== "active") return null;
      const synced: StockFigure = {
        sku: product.sku,
        stock: product.stock,
        source: "last_sync",
        checkedAt: Math.max(product.stockCheckedAt ?? 0, product.updatedAt),
      };
      if (!zoho) return synced;
      const key = normalizeSku(product.sku);
      const cached = cache.get(key);
      if (cached && now() - cached.checkedAt < ttlMs) return cached;
      let flight = inFlight.get(key);
      if (!flight) {
        flight = fetchLive(zoho, product).finally(() => inFlight.delete(key));
        inFlight.set(key, flight);
      }
      return (await within(flight, timeoutMs)) ?? synced;
    },
  };
}
