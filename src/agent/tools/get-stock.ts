import { tool } from "ai";
import { z } from "zod";
import type { StockLookup } from "../ports.ts";

export function getStockTool({ stock }: { stock: StockLookup }) {
  return tool({
    description:
      "Check how many units of a product (by SKU) are available to sell right now. Use it before promising a quantity.",
    inputSchema: z.object({
      sku: z.string().trim().min(2).max(40).describe("The product's SKU from search_products"),
    }),
    execute: async ({ sku }) => {
      const figure = await stock.stockBySku(sku);
      if (!figure) return { ok: false as const, reason: `${sku} is not in our catalogue` };
      const checkedAt = new Date(figure.checkedAt).toISOString();
      return {
        ok: true as const,
        sku: figure.sku,
        stock: figure.stock,
        source: figure.source,
        checkedAt,
        note:
          figure.stock === null
            ? "Stock is not tracked for this product: say a sales manager will confirm availability."
            : figure.source === "live"
              ? "Live figure from our inventory."
              : `Live stock could not be checked just now; this figure is from the last catalogue sync (${checkedAt}). Tell the customer it may have changed.`,
      };
    },
  });
}
