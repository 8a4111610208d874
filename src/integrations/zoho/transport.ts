import type { z } from "zod";
import { isRetryableError, parseRetryAfter, withRetry } from "../../util/retry.ts";
import { ZohoError, zohoApiError } from "./errors.ts";
import type { ZohoAccessToken, ZohoTokenSource } from "./oauth.ts";
import type { RateLimiter } from "./rate-limiter.ts";
import { zohoErrorBody } from "./wire.ts";

export interface ZohoRequest<S extends z.ZodType> {
  method: "GET" | "POST";
  /** Below the …/inventory/v1 base, e.g. `/items`. */
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** The shape of a successful answer. */
  schema: S;
}

export type ZohoTransport = <S extends z.ZodType>(request: ZohoRequest<S>) => Promise<z.output<S>>;

export interface CreateZohoTransportOptions {
  tokens: ZohoTokenSource;
  limiter: RateLimiter;
  /** The …/inventory/v1 base; unset: `${api_domain}/inventory/v1` from the token answer. */
  apiUrl?: string;
  organizationId: string;
  fetch: typeof globalThis.fetch;
  maxAttempts: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
}

/**
 * One Inventory API call as Zoho wants it: `organization_id` on the URL, `Zoho-oauthtoken` header,
 * JSON bodies, our own request limit, one token re-refresh on 401, and retries of retryable failures.
 */
export function createZohoTransport({
  tokens,
  limiter,
  apiUrl,
  organizationId,
  fetch,
  maxAttempts,
  sleep,
  now,
}: CreateZohoTransportOptions): ZohoTransport {
  function urlFor(path: string, apiDomain: string | null, query: Record<string, string | undefined>): URL {
    const base = apiUrl ?? (apiDomain ? `${apiDomain}/inventory/v1` : null);
    if (!base) {
      throw new ZohoError({
        kind: "rejected",
        message: "Zoho's token answer carried no api_domain; configure the Inventory API URL",
      });
    }
    const url = new URL(`${base.replace(/\/+$/, "")}${path}`);
    url.searchParams.set("organization_id", organizationId);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, value);
    }
    return url;
  }

  /** One HTTP exchange: Zoho's `code` decides success, whatever the status says. */
  async function send<S extends z.ZodType>(
    { method, path, query = {}, body, schema }: ZohoRequest<S>,
    token: ZohoAccessToken,
  ): Promise<z.output<S>> {
    const url = urlFor(path, token.apiDomain, query);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Zoho-oauthtoken ${token.token}`,
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (cause) {
      throw new ZohoError({
        kind: "network",
        message: `Zoho ${method} ${path} failed`,
        retryable: true,
        cause,
      });
    }
    const raw: unknown = await response.json().catch(() => null);
    const envelope = zohoErrorBody.safeParse(raw);
    if (!response.ok || (envelope.success && envelope.data.code !== 0)) {
      throw zohoApiError({
        status: response.status,
        code: envelope.data?.code,
        message: envelope.data?.message,
        retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), now()),
      });
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      throw new ZohoError({
        kind: "unavailable",
        message: `unexpected answer from Zoho ${method} ${path}`,
        status: response.status,
        cause: parsed.error,
      });
    }
    return parsed.data;
  }

  /** A refused token is refreshed once (single-flight) and the call repeated; a second refusal propagates. */
  async function attempt<S extends z.ZodType>(request: ZohoRequest<S>): Promise<z.output<S>> {
    await limiter.acquire();
    const token = await tokens.accessToken();
    try {
      return await send(request, token);
    } catch (error) {
      if (!(ZohoError.isInstance(error) && error.kind === "unauthorized")) throw error;
      tokens.invalidate(token.token);
      const fresh = await tokens.accessToken();
      await limiter.acquire();
      return await send(request, fresh);
    }
  }

  return (request) =>
    withRetry(() => attempt(request), {
      maxAttempts,
      // Zoho blocks the organisation for the rest of the minute after code 44.
      maxDelayMs: 65_000,
      sleep,
      // A POST that failed with 5xx or on the network may have been carried out; only a 429 surely was not.
      isRetryable:
        request.method === "GET"
          ? isRetryableError
          : (error) =>
              isRetryableError(error) && ZohoError.isInstance(error) && error.kind === "rate_limited",
    });
}
