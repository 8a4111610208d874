/**
 * What the agent needs from the rest of Noor, as structural ports: the
 * catalogue search implements the first three without importing the agent;
 * `src/quotes` implements `Quotations`. Expected outcomes are values.
 */
import type { Conversation, ProductInput, QuotationLine } from "../store/records.ts";

/** A catalogue product as search returns it: our own data (prices and stock never come from the model). */
export type ProductHit = Pick<
  ProductInput,
  "sku" | "name" | "description" | "category" | "brand" | "price" | "currency" | "stock" | "attributes"
> & {
  /** Relevance, best first; comparable only within one answer (an exact SKU match scores 1). */
  score: number;
};

export interface ProductSearchOptions {
  query: string;
  /** A catalogue category, exactly as named there (case aside): a hard filter. */
  category?: string;
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
  limit?: number;
}

export interface ProductSearch {
  searchProducts(options: ProductSearchOptions): Promise<ProductHit[]>;
}

export interface KnowledgeHit {
  source: string;
  title: string;
  body: string;
  score: number;
}

export interface KnowledgeSearch {
  searchKnowledge(options: { query: string; limit?: number }): Promise<KnowledgeHit[]>;
}

export interface StockFigure {
  sku: string;
  stock: number | null;
  /** `live`: asked Zoho just now (or a brief cache of that); `last_sync`: the catalogue's figure. */
  source: "live" | "last_sync";
  /** Epoch ms of the figure. */
  checkedAt: number;
}

export interface StockLookup {
  /** Null for a SKU that is not in the catalogue. */
  stockBySku(sku: string): Promise<StockFigure | null>;
}

export interface QuotationRequest {
  /** The conversation with the contact details known so far (this turn's included). */
  conversation: Conversation;
  lines: { sku: string; quantity: number }[];
}

export type QuotationOutcome =
  | {
      ok: true;
      number: string;
      /** Sum of the lines at our catalogue prices. */
      total: number;
      currency: string;
      lines: QuotationLine[];
      /** The same cart was quoted before in this conversation: that quotation, not a new one. */
      reused: boolean;
    }
  | {
      ok: false;
      reason: string;
      /**
       * `invalid`: the request can be corrected (unknown SKU, bad quantity, missing name);
       * `unavailable`: our side failed or is unsure (Zoho error, an earlier attempt pending): a human takes over.
       */
      kind: "invalid" | "unavailable";
    };

export interface Quotations {
  create(request: QuotationRequest): Promise<QuotationOutcome>;
}
