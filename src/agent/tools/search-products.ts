import { tool } from "ai";
import { z } from "zod";
import type { ProductHit, ProductSearch } from "../ports.ts";
import type { TurnState } from "../turn-state.ts";

const descriptionChars = 200;

/** What the model reads of a hit: enough to recommend, short enough for many hits. */
function productView(hit: ProductHit) {
  return {
    sku: hit.sku,
    name: hit.name,
    price: hit.price,
    currency: hit.currency,
    stock: hit.stock,
    category: hit.category,
    brand: hit.brand,
    description:
      hit.description.length > descriptionChars
        ? `${hit.description.slice(0, descriptionChars - 1)}…`
        : hit.description,
    attributes: hit.attributes,
  };
}

export function searchProductsTool({
  productSearch,
  state,
}: {
  productSearch: ProductSearch;
  state: TurnState;
}) {
  return tool({
    description:
      "Search Treejar's catalogue of office furniture. Use English search words (e.g. 'ergonomic mesh chair', 'meeting table 8 seats'). Returns products with SKU, name, unit price, currency, stock (as of the last catalogue sync) and a short description. Only these products may be offered.",
    inputSchema: z.object({
      query: z.string().trim().min(1).max(200).describe("What the customer is looking for, in English"),
      category: z.string().trim().min(1).max(80).optional().describe("A category, e.g. 'Task Chairs'"),
      minPrice: z.number().nonnegative().optional().describe("Lowest unit price in AED"),
      maxPrice: z.number().positive().optional().describe("Highest unit price in AED"),
      inStock: z.boolean().optional().describe("Only products in stock"),
      limit: z.number().int().min(1).max(10).optional().describe("How many products (default 5)"),
    }),
    execute: async ({ limit = 5, ...options }) => {
      const hits = await productSearch.searchProducts({ ...options, limit });
      state.productsDiscussed(hits.map((h) => h.sku));
      return hits.length > 0
        ? {
            ok: true as const,
            products: hits.map(productView),
            note: "Stock is as of the last catalogue sync; use get_stock before promising a quantity.",
          }
        : {
            ok: true as const,
            products: [],
            note: "Nothing in the catalogue matches. Ask the customer to describe it differently; do not invent products.",
          };
    },
  });
}
