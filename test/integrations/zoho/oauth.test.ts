import { afterEach, describe, expect, test } from "bun:test";
import { createZohoClient, createZohoOAuth, ZohoError } from "../../../src/integrations/zoho/index.ts";
import { createFakeZoho, type FakeZoho } from "../../support/fake-zoho.ts";
import { createSimulatedClock } from "./simulated-clock.ts";

let fake: FakeZoho;
afterEach(() => fake?.stop());

function setup({ tokenTtlSeconds = 3600 }: { tokenTtlSeconds?: number } = {}) {
  const clock = createSimulatedClock();
  fake = createFakeZoho({ tokenTtlSeconds, now: clock.now });
  fake.loadDemoCatalog();
  const client = createZohoClient({ ...fake.clientOptions, now: clock.now, sleep: clock.sleep });
  return { clock, client };
}

describe("Zoho OAuth refresh-token flow", () => {
  test("posts the refresh grant as a form and reads token and api_domain", async () => {
    fake = createFakeZoho();
    const oauth = createZohoOAuth(fake.clientOptions);
    const token = await oauth.accessToken();
    expect(token.token).toStartWith("1000.");
    expect(token.apiDomain).toBe(fake.url);
    const [grant] = fake.requests;
    expect(grant?.path).toBe("/oauth/v2/token");
    expect(grant?.method).toBe("POST");
    expect(grant?.contentType).toContain("application/x-www-form-urlencoded");
    expect(grant?.body).toEqual({
      refresh_token: fake.clientOptions.refreshToken,
      client_id: fake.clientOptions.clientId,
      client_secret: fake.clientOptions.clientSecret,
      grant_type: "refresh_token",
    });
    expect(grant?.query).toEqual({});
  });

  test("caches the token: many calls, one refresh", async () => {
    const { client } = setup();
    for (let i = 0; i < 5; i++) await client.getStockBySku("TJ-CHR-1001");
    await client.listItems({ perPage: 10 });
    expect(fake.refreshCount).toBe(1);
    const tokensSent = new Set(fake.apiRequests.map((r) => r.authorization));
    expect(tokensSent.size).toBe(1);
    expect([...tokensSent][0]).toMatch(/^Zoho-oauthtoken 1000\.[0-9a-f]+$/);
  });

  test("refreshes again once the token nears expiry", async () => {
    const { clock, client } = setup({ tokenTtlSeconds: 3600 });
    await client.getStockBySku("TJ-CHR-1001");
    clock.advance(50 * 60_000); // 50 minutes in: before the refresh point (5 minutes before expiry)
    await client.getStockBySku("TJ-CHR-1001");
    expect(fake.refreshCount).toBe(1);
    clock.advance(6 * 60_000); // 56 minutes in: past the refresh point, before Zoho's expiry
    await client.getStockBySku("TJ-CHR-1001");
    expect(fake.refreshCount).toBe(2);
    expect(fake.apiRequests.every((r) => r.status === 200)).toBe(true);
  });

  test("concurrent calls while a refresh is in flight share one refresh", async () => {
    const { client } = setup();
    const results = await Promise.all(
      ["TJ-CHR-1001", "TJ-DSK-4004", "TJ-STO-6001", "TJ-ACC-9501", "TJ-MTG-5003", "TJ-LNG-8005"].map((sku) =>
        client.getStockBySku(sku),
      ),
    );
    expect(results.every((r) => r !== null)).toBe(true);
    expect(fake.refreshCount).toBe(1);
  });

  test("a token Zoho revoked early is refreshed once and the call repeated", async () => {
    const { client } = setup();
    await client.getStockBySku("TJ-CHR-1001");
    fake.expireTokens();
    const stock = await client.getStockBySku("TJ-CHR-1001");
    expect(stock?.sku).toBe("TJ-CHR-1001");
    expect(fake.refreshCount).toBe(2);
    expect(fake.apiRequests.map((r) => r.status)).toEqual([200, 401, 200]);
  });

  test("concurrent calls that all meet a revoked token trigger one refresh", async () => {
    const { client } = setup();
    await client.getStockBySku("TJ-CHR-1001");
    fake.expireTokens();
    await Promise.all(
      ["TJ-CHR-1002", "TJ-CHR-1003", "TJ-CHR-1004", "TJ-CHR-1005"].map((s) => client.getStockBySku(s)),
    );
    expect(fake.refreshCount).toBe(2);
  });

  test("401 code 57 twice: one re-refresh, then a typed unauthorized error", async () => {
    const { client } = setup();
    fake.failAt(1, { kind: "expired_token" });
    fake.failAt(2, { kind: "expired_token" });
    const error = await client.getItem("4815000000050000").catch((e: unknown) => e);
    expect(ZohoError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: "unauthorized", code: 57, status: 401, retryable: false });
    expect(fake.refreshCount).toBe(2);
    expect(fake.apiRequests).toHaveLength(2);
  });

  test("a bad refresh token is a typed unauthorized error and no API call is made", async () => {
    fake = createFakeZoho();
    const client = createZohoClient({ ...fake.clientOptions, refreshToken: "1000.revoked" });
    const error = await client.listItems().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "unauthorized", code: "invalid_code", retryable: false });
    expect(fake.apiRequests).toHaveLength(0);
    expect(fake.requests).toHaveLength(1);
  });

  test("Zoho's minting block (too many tokens in 10 minutes) is reported as rate_limited", async () => {
    fake = createFakeZoho();
    const mint = () => createZohoOAuth(fake.clientOptions).accessToken();
    for (let i = 0; i < 10; i++) await mint();
    const error = await mint().catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: "rate_limited",
      code: "Access Denied",
      retryable: false,
      status: 400,
    });
  });
});
