/** Bearer auth for /api/v1/*: the admin key, compared in constant time. */
import { timingSafeEqual } from "node:crypto";
import { HttpError } from "./errors.ts";

/** Constant-time string equality (length is not secret). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function requireBearer(authorization: string | null | undefined, key: string): void {
  const token = authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (!token || !safeEqual(token, key)) {
    throw new HttpError(
      "unauthorized",
      "missing or wrong admin API key (Authorization: Bearer <ADMIN_API_KEY>)",
    );
  }
}
