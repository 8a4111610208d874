import { describe, expect, test } from "bun:test";
import { ZohoError, zohoApiError } from "../../../src/integrations/zoho/index.ts";

describe("zohoApiError", () => {
  test.each([
    [{ status: 429, code: 44 }, "rate_limited", true, 60_000],
    [{ status: 429, code: 1070 }, "rate_limited", true, 1_500],
    [{ status: 429, code: 45 }, "rate_limited", false, undefined],
    [{ status: 400, code: 44 }, "rate_limited", true, 60_000],
    [{ status: 401, code: 57 }, "unauthorized", false, undefined],
    [{ status: 400, code: 57 }, "unauthorized", false, undefined],
    [{ status: 401, code: 14 }, "unauthorized", false, undefined],
    [{ status: 404, code: 1002 }, "not_found", false, undefined],
    [{ status: 404 }, "not_found", false, undefined],
    [{ status: 500, code: 1000 }, "unavailable", true, undefined],
    [{ status: 503 }, "unavailable", true, undefined],
    [{ status: 400, code: 2 }, "rejected", false, undefined],
    [{ status: 400, code: 1038 }, "rejected", false, undefined],
    [{ status: 200, code: 6041 }, "rejected", false, undefined],
  ] as const)("%o → %s", (input, kind, retryable, retryAfterMs) => {
    const error = zohoApiError({ ...input, message: "from Zoho" });
    expect(ZohoError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind, retryable, status: input.status, message: "from Zoho" });
    expect(error.retryAfterMs).toBe(retryAfterMs);
  });

  test("a server-given wait wins over the default", () => {
    expect(zohoApiError({ status: 429, code: 44, retryAfterMs: 3_000 }).retryAfterMs).toBe(3_000);
  });
});
