import { ZohoError } from "./errors.ts";
import { zohoTokenResponse } from "./wire.ts";

export interface ZohoAccessToken {
  token: string;
  /** `api_domain` from the token answer (e.g. https://www.zohoapis.eu), null if Zoho left it out. */
  apiDomain: string | null;
  /** When we stop using it (a margin before Zoho's own expiry). */
  refreshAt: number;
}

export interface ZohoTokenSource {
  accessToken(): Promise<ZohoAccessToken>;
  /** Drops `token` after Zoho refused it; a token that was already replaced is left alone. */
  invalidate(token: string): void;
}

export interface CreateZohoOAuthOptions {
  accountsUrl?: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  fetch?: typeof globalThis.fetch;
  now?: () => number;
  /** Refresh this long before expiry (capped at half the lifetime for short-lived tokens). */
  refreshMarginMs?: number;
}

/** Token-endpoint errors that a retry cannot fix: the refresh token or client is wrong or revoked. */
const credentialErrors = new Set([
  "invalid_code",
  "invalid_client",
  "invalid_client_secret",
  "unauthorized_client",
]);

/**
 * Refresh-token flow against the accounts server. Zoho mints at most 10 access tokens per refresh
 * token per 10 minutes and then blocks minting, so the token is cached until shortly before
 * `expires_in` and only one refresh is ever in flight: concurrent callers share it.
 */
export function createZohoOAuth({
  accountsUrl = "https://accounts.zoho.com",
  clientId,
  clientSecret,
  refreshToken,
  fetch = globalThis.fetch,
  now = Date.now,
  refreshMarginMs = 5 * 60_000,
}: CreateZohoOAuthOptions): ZohoTokenSource {
  let current: ZohoAccessToken | null = null;
  let inFlight: Promise<ZohoAccessToken> | null = null;

  async function refresh(): Promise<ZohoAccessToken> {
    const body = new URLSearchParams({
      refresh_token: refreshToken,
      client_id: clientId,
      client_secret: clientSecret,
      grant_type: "refresh_token",
    });
    let response: Response;
    try {
      response = await fetch(new URL("/oauth/v2/token", accountsUrl), { method: "POST", body });
    } catch (cause) {
      throw new ZohoError({
        kind: "network",
        message: "Zoho accounts server unreachable",
        retryable: true,
        cause,
      });
    }
    const raw: unknown = await response.json().catch(() => null);
    const parsed = zohoTokenResponse.safeParse(raw);
    if (response.status >= 500 || !parsed.success) {
      throw new ZohoError({
        kind: "unavailable",
        message: `Zoho token refresh failed (HTTP ${response.status}, unexpected answer)`,
        status: response.status,
        retryable: true,
        cause: parsed.error,
      });
    }
    const answer = parsed.data;
    if ("error" in answer) {
      const message = `Zoho token refresh refused: ${answer.error_description ?? answer.error}`;
      if (credentialErrors.has(answer.error)) {
        throw new ZohoError({ kind: "unauthorized", message, code: answer.error, status: response.status });
      }
      // "Access Denied / too many requests continuously": minting is blocked for 10–30 minutes.
      throw new ZohoError({ kind: "rate_limited", message, code: answer.error, status: response.status });
    }
    const lifetimeMs = answer.expires_in * 1000;
    return {
      token: answer.access_token,
      apiDomain: answer.api_domain ?? null,
      refreshAt: now() + lifetimeMs - Math.min(refreshMarginMs, lifetimeMs / 2),
    };
  }

  return {
    accessToken() {
      if (current && now() < current.refreshAt) return Promise.resolve(current);
      inFlight ??= refresh()
        .then((token) => {
          current = token;
          return token;
        })
        .finally(() => {
          inFlight = null;
        });
      return inFlight;
    },
    invalidate(token) {
      if (current?.token === token) current = null;
    },
  };
}
