/**
 * A cart's identity: the same SKUs in the same quantities hash the same
 * whatever their order or spelling, so one cart never makes a second order.
 */
import { createHash } from "node:crypto";

/** "tj-chr 1001" and "TJ-CHR-1001" are one SKU. */
export const compactSku = (sku: string) => sku.replace(/[^\p{L}\p{N}]/gu, "").toUpperCase();

export function cartHash(lines: readonly { sku: string; quantity: number }[]): string {
  const canonical = lines
    .map((line) => `${compactSku(line.sku)}:${line.quantity}`)
    .sort()
    .join(",");
  return createHash("sha256").update(canonical).digest("hex").slice(0, 32);
}
