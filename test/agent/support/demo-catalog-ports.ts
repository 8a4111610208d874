/**
 * A small implementation of the agent's catalogue ports over the bundled demo
 * catalogue, for unit tests of the agent (the real hybrid search lives in
 * src/catalog and has its own tests). Word-overlap ranking, the port's filters,
 * stock "as of the last sync". It records every call.
 */

import type {
  KnowledgeHit,
  KnowledgeSearch,
  ProductHit,
  ProductSearch,
  ProductSearchOptions,
  StockLookup,
} from "../../../src/agent/ports.ts";
import demoCatalog from "../../../src/catalog/demo-catalog.json";
import type { ProductInput } from "../../../src/store/records.ts";

export const demoProducts = demoCatalog as unknown as ProductInput[];

const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [];

const knowledge: Omit<KnowledgeHit, "score">[] = [
  {
    source: "delivery-and-installation.md",
    title: "Delivery",
    body: "Delivery within Dubai takes 3-5 working days; installation is included for orders above 5,000 AED.",
  },
  {
    source: "warranty.md",
    title: "Warranty",
    body: "Chairs carry a 5-year warranty on the frame and mechanism.",
  },
];

export interface DemoCatalogPorts extends ProductSearch, KnowledgeSearch, StockLookup {
  calls: { port: string; options: unknown }[];
}

export function demoCatalogPorts({ syncedAt = Date.parse("2025-06-01T06:00:00Z") } = {}): DemoCatalogPorts {
  const calls: { port: string; options: unknown }[] = [];
  return {
    calls,
    async searchProducts(options: ProductSearchOptions): Promise<ProductHit[]> {
      calls.push({ port: "searchProducts", options });
      const { query, category, minPrice, maxPrice, inStock, limit = 5 } = options;
      const wanted = new Set(words(query));
      return demoProducts
        .filter((p) => p.status === "active")
        .filter((p) => !category || p.category.toLowerCase() === category.toLowerCase())
        .filter(
          (p) =>
            (minPrice === undefined || p.price >= minPrice) &&
            (maxPrice === undefined || p.price <= maxPrice),
        )
        .filter((p) => !inStock || (p.stock ?? 0) > 0)
        .map((p) => ({
          p,
          score: words(`${p.name} ${p.category} ${p.description}`).filter((w) => wanted.has(w)).length,
        }))
        .filter(({ score }) => score > 0)
        .sort((a, b) => b.score - a.score)
        .slice(0, limit)
        .map(({ p, score }) => ({
          sku: p.sku,
          name: p.name,
          description: p.description,
          category: p.category,
          brand: p.brand,
          price: p.price,
          currency: p.currency,
          stock: p.stock,
          score,
          attributes: p.attributes,
        }));
    },
    async searchKnowledge(options) {
      calls.push({ port: "searchKnowledge", options });
      const wanted = new Set(words(options.query));
      return knowledge
        .map((k) => ({ ...k, score: words(`${k.title} ${k.body}`).filter((w) => wanted.has(w)).length }))
        .filter((k) => k.score > 0);
    },
    async stockBySku(sku) {
      calls.push({ port: "stockBySku", options: { sku } });
      const product = demoProducts.find((p) => p.sku.toLowerCase() === sku.trim().toLowerCase());
      return product
        ? { sku: product.sku, stock: product.stock, source: "last_sync", checkedAt: syncedAt }
        : null;
    },
  };
}
