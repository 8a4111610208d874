/**
 * Prices a cart from our catalogue, never from the model: SKUs are looked up,
 * repeated SKUs merged, quantities checked. What cannot be quoted comes back
 * as a reason the model can act on.
 */
import type { Product, QuotationLine } from "../store/records.ts";
import { compactSku } from "./cart-hash.ts";

export interface CatalogPrices {
  /** In input order; unknown SKUs left out (the store's catalogue matches compact SKUs). */
  getProductsBySkus(skus: string[]): Promise<Product[]>;
}

/** A line priced from a catalogue product, which always has its Zoho item id. */
export type PricedLine = QuotationLine & { zohoItemId: string };

export type PricedCart =
  | { ok: true; lines: PricedLine[]; total: number; currency: string }
  | { ok: false; kind: "invalid"; reason: string };

/** More than this per line is a typo or abuse, not an office. */
const maxQuantity = 100_000;

const invalid = (reason: string): PricedCart => ({ ok: false, kind: "invalid", reason });
const round2 = (n: number) => Math.round(n * 100) / 100;

export async function priceCart({
  catalog,
  lines,
}: {
  catalog: CatalogPrices;
  lines: readonly { sku: string; quantity: number }[];
}): Promise<PricedCart> {
  if (lines.length === 0) return invalid("the quotation has no lines");
  const quantities = new Map<string, number>();
  for (const { sku, quantity } of lines) {
    if (!Number.isInteger(quantity) || quantity <= 0 || quantity > maxQuantity) {
      return invalid(`quantity for ${sku} must be a whole number from 1 to ${maxQuantity}`);
    }
    const key = compactSku(sku);
    if (!key) return invalid(`"${sku}" is not a SKU`);
    quantities.set(key, (quantities.get(key) ?? 0) + quantity);
  }
  const products = new Map(
    (await catalog.getProductsBySkus([...quantities.keys()])).map((p) => [compactSku(p.sku), p]),
  );
  const unknown = [...quantities.keys()].filter((key) => products.get(key)?.status !== "active");
  if (unknown.length > 0) {
    const given = lines.filter((l) => unknown.includes(compactSku(l.sku))).map((l) => l.sku);
    return invalid(`not in our catalogue (or no longer sold): ${[...new Set(given)].join(", ")}`);
  }
  const priced = [...quantities].map(([key, quantity]) => {
    const product = products.get(key)!;
    const line: PricedLine = {
      sku: product.sku,
      name: product.name,
      quantity,
      unitPrice: product.price,
      zohoItemId: product.zohoItemId,
    };
    return { line, currency: product.currency };
  });
  const currencies = new Set(priced.map((p) => p.currency));
  if (currencies.size > 1)
    return invalid(`the products are priced in different currencies (${[...currencies].join(", ")})`);
  return {
    ok: true,
    lines: priced.map((p) => p.line),
    total: round2(priced.reduce((sum, p) => sum + p.line.quantity * p.line.unitPrice, 0)),
    currency: priced[0]!.currency,
  };
}
