/** Schemas every admin route module shares: the error body, ISO times, ids, closed string sets. */
import type { TUnsafe } from "@sinclair/typebox";
import { t } from "elysia";

/**
 * A string from a closed set, as a union of literals. (`t.UnionEnum` would fill the first value in as a
 * default when the field is missing.) `error` is the message a client sees for a wrong value.
 */
export function oneOf<const T extends string>(values: readonly T[], field: string): TUnsafe<T> {
  const schema = t.Union(
    values.map((v) => t.Literal(v)),
    { error: `${field} must be one of ${values.join(", ")}` },
  );
  // TypeBox types a union built from an array (not a tuple) loosely; its values are exactly T.
  return schema as unknown as TUnsafe<T>;
}

/** Times are ISO 8601 strings in UTC, e.g. `2025-03-01T09:30:00.000Z`. */
export const IsoTime = t.String({ format: "date-time", description: "ISO 8601 time in UTC" });

export const iso = (ms: number) => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export const IdParams = t.Object({ id: t.String({ minLength: 1, maxLength: 100 }) });

/** The body `src/http/errors.ts` answers with; some errors add fields (`issues`, `templates`, …). */
export const ErrorResponse = t.Object({
  error: t.Object(
    { code: t.String(), message: t.String(), requestId: t.Optional(t.String()) },
    { additionalProperties: true },
  ),
});

/** The errors every admin route can answer (the bearer check, validation). */
export const adminErrors = { 401: ErrorResponse, 422: ErrorResponse } as const;
