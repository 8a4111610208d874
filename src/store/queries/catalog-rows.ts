/**
 * Catalogue rows ↔ records, and what the store derives from a product: its
 * searchable text (name twice for weight, category, brand, attribute values,
 * description), that text's hash (a product is re-embedded only when it
 * changes; price and stock never count) and the compact SKU.
 */
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type {
  CatalogSyncRun,
  KnowledgeChunk,
  KnowledgeChunkInput,
  Product,
  ProductInput,
} from "../records.ts";

export type Row = Record<string, any>;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** The columns records are read from (never the embeddings or tsvectors, which are large). */
export const productColumnList = sql.raw(
  "id, zoho_item_id, sku, sku_compact, name, description, category, brand, price, currency, stock, status, " +
    "image_url, attributes, search_text, source_updated_at, content_hash, embedding_model, stock_checked_at, " +
    "created_at, updated_at",
);
export const knowledgeColumnList = sql.raw(
  "id, source, title, body, position, content_hash, embedding_model, created_at, updated_at",
);

/** Upper-case letters and digits only: "tj chr 1001" and "TJ-CHR-1001" meet here. */
export const compactSku = (sku: string): string => sku.toUpperCase().replace(/[^\p{L}\p{N}]/gu, "");

/** The searchable text of a product (attribute values in key order, so the hash ignores their order). */
export function productSearchText(p: ProductInput): string {
  const attributes = Object.keys(p.attributes)
    .sort()
    .map((key) => p.attributes[key]);
  return [p.name, p.name, p.category, p.brand, ...attributes, p.description]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join("\n");
}

export const knowledgeHash = ({ title, body }: Pick<KnowledgeChunkInput, "title" | "body">): string =>
  sha256(JSON.stringify([title, body]));

/** A product's stored columns, derived ones included (what "unchanged" is judged on). */
export function productColumns(p: ProductInput) {
  const searchText = productSearchText(p);
  const attributes = Object.fromEntries(Object.entries(p.attributes).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    zoho_item_id: p.zohoItemId,
    sku: p.sku,
    sku_compact: compactSku(p.sku),
    name: p.name,
    description: p.description,
    category: p.category,
    brand: p.brand,
    price: p.price,
    currency: p.currency,
    stock: p.stock,
    status: p.status,
    image_url: p.imageUrl,
    attributes: JSON.stringify(attributes),
    search_text: searchText,
    source_updated_at: p.sourceUpdatedAt,
    content_hash: sha256(searchText),
  };
}

/** True when a stored row already holds every one of these column values. */
export const holdsColumns = (stored: Row, columns: Record<string, unknown>): boolean =>
  Object.entries(columns).every(([column, value]) =>
    typeof value === "number" ? num(stored[column]) === value : (stored[column] ?? null) === value,
  );

export const toProduct = (r: Row): Product => ({
  id: r.id,
  zohoItemId: r.zoho_item_id,
  sku: r.sku,
  name: r.name,
  description: r.description,
  category: r.category,
  brand: r.brand ?? null,
  price: Number(r.price),
  currency: r.currency,
  stock: num(r.stock),
  status: r.status,
  imageUrl: r.image_url ?? null,
  attributes: JSON.parse(r.attributes),
  sourceUpdatedAt: r.source_updated_at ?? null,
  contentHash: r.content_hash,
  embeddingModel: r.embedding_model ?? null,
  stockCheckedAt: num(r.stock_checked_at),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

export const toKnowledgeChunk = (r: Row): KnowledgeChunk => ({
  id: r.id,
  source: r.source,
  title: r.title,
  body: r.body,
  position: Number(r.position),
  contentHash: r.content_hash,
  embeddingModel: r.embedding_model ?? null,
});

export const toSyncRun = (r: Row): CatalogSyncRun => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  startedAt: Number(r.started_at),
  finishedAt: num(r.finished_at),
  itemsSeen: Number(r.items_seen),
  itemsUpserted: Number(r.items_upserted),
  itemsDeactivated: Number(r.items_deactivated),
  itemsEmbedded: Number(r.items_embedded),
  errors: JSON.parse(r.errors),
});
