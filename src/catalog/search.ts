/**
 * Hybrid catalogue search: the customer's words → `parseSearchQuery` (Arabic glossary, stop words,
 * SKU, price and stock constraints, spelling corrected against the catalogue's own vocabulary) → an
 * exact SKU match first, then full text and (when a model is ready) vectors from the store, fused by
 * reciprocal rank fusion with the query's hints (category, colour) as extra ranked lists. Without
 * embeddings it is the same pipeline minus the vector list.
 */

import type { KnowledgeHit, ProductHit, ProductSearchOptions } from "../agent/ports.ts";
import type { Logger } from "../log.ts";
import type { CatalogStore, ProductFilters } from "../store/catalog-store.ts";
import type { Product } from "../store/records.ts";
import type { Embedder, ManagedEmbedder } from "./embedder.ts";
import { type RankedItem, reciprocalRankFusion } from "./fusion.ts";
import { createCategoryIndex, type ParsedSearchQuery, parseSearchQuery } from "./query.ts";
import { createSpellingCorrector, type SpellingCorrector } from "./spelling.ts";

export interface CatalogSearch {
  searchProducts(options: ProductSearchOptions): Promise<ProductHit[]>;
  searchKnowledge(options: { query: string; limit?: number }): Promise<KnowledgeHit[]>;
  /** Rebuilds the spelling vocabulary from the catalogue (after a sync). */
  refreshVocabulary(): Promise<void>;
}

export interface CreateCatalogSearchOptions {
  store: { catalog: CatalogStore };
  /** Null or not ready: lexical only. */
  embedder: Embedder | ManagedEmbedder | null;
  logger: Logger;
  /** Candidates taken from each retriever before fusion (at least the limit asked for). */
  candidates?: number;
  /** Weight of a hint list (category, colour) against the text and vector lists (1 each). */
  hintWeight?: number;
  maxLimit?: number;
}

const exactSkuScore = 1;

const isManaged = (embedder: Embedder | ManagedEmbedder): embedder is ManagedEmbedder =>
  "status" in embedder && typeof embedder.status === "function";

/** The colour attribute names the hinted colour ("black / chrome" says black; "grey" is also "gray"). */
function hasColor(product: Product, color: string): boolean {
  const value = product.attributes.color?.toLowerCase().replace(/gray/g, "grey") ?? "";
  return new RegExp(`(^|[^a-z])${color}([^a-z]|$)`).test(value);
}

const toHit = (product: Product, score: number): ProductHit => ({
  sku: product.sku,
  name: product.name,
  description: product.description,
  category: product.category,
  brand: product.brand,
  price: product.price,
  currency: product.currency,
  stock: product.stock,
  score,
  attributes: product.attributes,
});

/** Stated filters from the text, overridden by the caller's explicit ones. */
function mergeFilters(parsed: ParsedSearchQuery, options: ProductSearchOptions): ProductFilters {
  const filters: ProductFilters = { ...parsed.filters };
  if (options.category?.trim()) filters.category = options.category.trim();
  if (options.minPrice !== undefined) filters.minPrice = options.minPrice;
  if (options.maxPrice !== undefined) filters.maxPrice = options.maxPrice;
  if (options.inStock !== undefined) filters.inStock = options.inStock;
  return filters;
}

export function createCatalogSearch({
  store,
  embedder,
  logger,
  candidates = 40,
  hintWeight = 0.15,
  maxLimit = 50,
}: CreateCatalogSearchOptions): CatalogSearch {
  const log = logger.child({ component: "catalog-search" });
  let corrector: SpellingCorrector | null = null;
  let refreshing: Promise<void> | null = null;

  const refreshVocabulary = (): Promise<void> => {
    refreshing ??= store.catalog
      .vocabulary()
      .then((words) => {
        corrector = createSpellingCorrector(words);
      })
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  };

  const spelling = async (): Promise<SpellingCorrector> => {
    if (!corrector) await refreshVocabulary();
    return corrector!;
  };

  /** The query's vector, or null when no model is ready (never waits for one to load). */
  async function queryVector(text: string): Promise<{ model: string; vector: number[] } | null> {
    if (!embedder || (isManaged(embedder) && embedder.status() !== "ready")) return null;
    try {
      return { model: embedder.model, vector: await embedder.embedQuery(text) };
    } catch (error) {
      log.warn("query embedding failed; lexical results only", { err: error });
      return null;
    }
  }

  return {
    refreshVocabulary,

    async searchProducts(options) {
      const limit = Math.max(1, Math.min(options.limit ?? 10, maxLimit));
      const parsed = parseSearchQuery(options.query, { corrector: await spelling() });
      const filters = mergeFilters(parsed, options);
      const take = Math.max(candidates, limit);

      const [skuMatches, text, vector] = await Promise.all([
        parsed.sku ? store.catalog.getProductsBySkus([parsed.sku]) : Promise.resolve([]),
        store.catalog.searchProductsText({ terms: parsed.terms, filters, limit: take }),
        // The cleaned words (corrected, translated, constraints taken out) embed better than the raw text.
        parsed.terms.length > 0 ? queryVector(parsed.terms.join(" ")) : Promise.resolve(null),
      ]);
      const vectorHits = vector
        ? await store.catalog.searchProductsVector({ ...vector, filters, limit: take })
        : [];
      const exact = skuMatches.filter((p) => p.status === "active");

      const fused = reciprocalRankFusion([text, vectorHits]);
      const products = new Map(
        (await store.catalog.getProductsByIds(fused.map((f) => f.id))).map((p) => [p.id, p]),
      );
      // A category the query names is among the candidates' (category names are in the searchable text).
      const { hints } = parseSearchQuery(options.query, {
        corrector: await spelling(),
        categories: createCategoryIndex([...products.values()].map((p) => p.category)),
      });
      // A product gone between the two reads (a sync deactivating it) is left out.
      const found = fused.filter((f) => products.has(f.id));
      const hinted = (matches: (p: Product) => boolean): RankedItem[] =>
        found.filter((f) => matches(products.get(f.id)!)).map((f) => ({ id: f.id, weight: hintWeight }));
      const lists: RankedItem[][] = [found];
      if (hints.category) lists.push(hinted((p) => p.category === hints.category));
      if (hints.color) lists.push(hinted((p) => hasColor(p, hints.color!)));
      const ranked = lists.length > 1 ? reciprocalRankFusion(lists) : found;

      const exactIds = new Set(exact.map((p) => p.id));
      return [
        ...exact.map((p) => toHit(p, exactSkuScore)),
        ...ranked.filter((r) => !exactIds.has(r.id)).map((r) => toHit(products.get(r.id)!, r.score)),
      ].slice(0, limit);
    },

    async searchKnowledge({ query, limit: asked = 5 }) {
      const limit = Math.max(1, Math.min(asked, maxLimit));
      // No catalogue spelling here: its vocabulary is furniture, not policies.
      const { terms } = parseSearchQuery(query);
      const take = Math.max(candidates, limit);
      const [text, vector] = await Promise.all([
        store.catalog.searchKnowledgeText({ terms, limit: take }),
        // Questions embed whole: their small words ("how long", "can I") carry the meaning here.
        terms.length > 0 ? queryVector(query) : Promise.resolve(null),
      ]);
      const vectorHits = vector ? await store.catalog.searchKnowledgeVector({ ...vector, limit: take }) : [];
      const fused = reciprocalRankFusion([text, vectorHits]).slice(0, limit);
      const chunks = new Map(
        (await store.catalog.getKnowledgeByIds(fused.map((f) => f.id))).map((c) => [c.id, c]),
      );
      return fused.flatMap(({ id, score }) => {
        const chunk = chunks.get(id);
        return chunk ? [{ source: chunk.source, title: chunk.title, body: chunk.body, score }] : [];
      });
    },
  };
}
