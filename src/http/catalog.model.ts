/** Request and response schemas of the catalogue routes (validation, types and OpenAPI in one place). */
import { t } from "elysia";
import { ErrorResponse, IsoTime, oneOf } from "./admin/common.model.ts";

export const ProductsQuery = t.Object({
  q: t.String({ minLength: 1, maxLength: 500, error: "q: 1 to 500 characters" }),
  limit: t.Integer({
    minimum: 1,
    maximum: 50,
    default: 10,
    error: "limit must be a whole number from 1 to 50",
  }),
  category: t.Optional(
    t.String({ minLength: 1, maxLength: 100, description: "A catalogue category (exact name)" }),
  ),
  minPrice: t.Optional(t.Number({ minimum: 0, error: "minPrice must be a number >= 0" })),
  maxPrice: t.Optional(t.Number({ minimum: 0, error: "maxPrice must be a number >= 0" })),
  inStock: t.Optional(t.Boolean({ error: "inStock must be true or false" })),
});

export const ProductItem = t.Object({
  sku: t.String(),
  name: t.String(),
  description: t.String(),
  category: t.String(),
  brand: t.Nullable(t.String()),
  price: t.Number({ description: "Unit price in currency" }),
  currency: t.String(),
  stock: t.Nullable(
    t.Number({ description: "Units available as of the last sync or live check; null when not tracked" }),
  ),
  score: t.Number({
    description: "Relevance, best first; comparable within one answer (an exact SKU match is 1)",
  }),
  attributes: t.Record(t.String(), t.String()),
});

export const ProductsResponse = t.Object({ items: t.Array(ProductItem, { description: "Best first" }) });

export const SyncBody = t.Optional(
  t.Object({
    kind: t.Optional(oneOf(["full", "incremental"], "kind")),
  }),
);

export const SyncRunResponse = t.Object({
  id: t.String(),
  kind: oneOf(["full", "incremental", "demo"], "kind"),
  status: oneOf(["running", "succeeded", "failed"], "status"),
  startedAt: IsoTime,
  finishedAt: t.Nullable(IsoTime),
  itemsSeen: t.Integer(),
  itemsUpserted: t.Integer(),
  itemsDeactivated: t.Integer(),
  itemsEmbedded: t.Integer(),
  errors: t.Array(t.String()),
});
export type SyncRunResponse = typeof SyncRunResponse.static;

export const SyncRunsQuery = t.Object({
  limit: t.Integer({
    minimum: 1,
    maximum: 100,
    default: 20,
    error: "limit must be a whole number from 1 to 100",
  }),
});

export const SyncRunsResponse = t.Object({
  items: t.Array(SyncRunResponse, { description: "Newest first" }),
});

export const SyncConflictResponse = ErrorResponse;
