import { describe, expect, test } from "bun:test";
import { wazzupErrorFromResponse } from "../../../src/integrations/wazzup/errors.ts";
import {
  normalizeWazzupCode,
  sameWazzupCode,
  WazzupError,
  wazzupCodes,
} from "../../../src/integrations/wazzup/index.ts";
import { retryDelay } from "../../../src/util/retry.ts";

describe("codes", () => {
  test.each([
    ["REPEATED_CRM_MESSAGE_ID", "REPEATED_CRM_MESSAGE_ID"],
    ["repeatedCrmMessageId", "REPEATED_CRM_MESSAGE_ID"],
    ["REPEATEDCRMMESSAGEID", "REPEATED_CRM_MESSAGE_ID"],
    ["repeated-crm-message-id", "REPEATED_CRM_MESSAGE_ID"],
    ["24_HOURS_EXCEEDED", "24_HOURS_EXCEEDED"],
    ["24HoursExceeded", "24_HOURS_EXCEEDED"],
    ["testPostNotPassed", "TEST_POST_NOT_PASSED"],
    ["uriNotValid", "URI_NOT_VALID"],
    [" CHANNEL_NO_MONEY ", "CHANNEL_NO_MONEY"],
  ])("%s → %s", (raw, normalized) => {
    expect(normalizeWazzupCode(raw)).toBe(normalized);
  });

  test("sameWazzupCode ignores case and underscores, and never matches an empty code", () => {
    expect(sameWazzupCode("repeatedCrmMessageId", wazzupCodes.repeatedCrmMessageId)).toBe(true);
    expect(sameWazzupCode("bad_contact", "BAD_CONTACT")).toBe(true);
    expect(sameWazzupCode("BAD_CONTACT", "BAD_LINK")).toBe(false);
    expect(sameWazzupCode(undefined, "")).toBe(false);
    expect(sameWazzupCode(null, null)).toBe(false);
  });
});

describe("wazzupErrorFromResponse", () => {
  const body = (error: string) => ({ status: 400, requestId: "r1", error, description: "d", data: { x: 1 } });

  test.each([
    [401, null, "unauthorized", false],
    [403, "FORBIDDEN", "forbidden", false],
    [429, null, "rate_limited", true],
    [500, null, "unavailable", true],
    [502, "<html>bad gateway</html>", "unavailable", true],
    [400, "REPEATED_CRM_MESSAGE_ID", "duplicate", false],
    [400, "24_HOURS_EXCEEDED", "rejected", false],
    [400, "BAD_CONTACT", "rejected", false],
    [400, "MESSAGES_CAN_NOT_ADD", "unavailable", true],
    [400, "UNKNOWN_ERROR_WITH_TRACE_ID", "unavailable", true],
    [400, null, "rejected", false],
  ] as const)("%d %p → %s (retryable %p)", (status, code, kind, retryable) => {
    // A code becomes a Wazzup error body; anything with a `<` is a proxy's HTML page; null is no body.
    const json = code === null ? undefined : code.startsWith("<") ? code : body(code);
    const error = wazzupErrorFromResponse({ status, body: json });
    expect(WazzupError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind, retryable, status });
  });

  test("keeps Wazzup's code, description, data and requestId; no body gives HTTP_<status>", () => {
    expect(wazzupErrorFromResponse({ status: 400, body: body("24_HOURS_EXCEEDED") })).toMatchObject({
      code: wazzupCodes.windowExpired,
      description: "d",
      data: { x: 1 },
      requestId: "r1",
      message: "Wazzup 400 24_HOURS_EXCEEDED: d",
    });
    expect(wazzupErrorFromResponse({ status: 503, body: undefined }).code).toBe("HTTP_503");
  });

  test("429 waits Wazzup's 5 s window plus up to 0.5 s of jitter, which withRetry honours", () => {
    const low = wazzupErrorFromResponse({ status: 429, body: undefined, random: () => 0 });
    const high = wazzupErrorFromResponse({ status: 429, body: undefined, random: () => 1 });
    expect([low.retryAfterMs, high.retryAfterMs]).toEqual([5000, 5500]);
    const delay = retryDelay({
      attempt: 1,
      error: low,
      initialDelayMs: 500,
      maxDelayMs: 30_000,
      backoffFactor: 2,
      random: () => 0.5,
    });
    expect(delay).toBe(5000);
  });

  test("Retry-After as seconds or an HTTP date", () => {
    const now = Date.UTC(2025, 0, 1);
    expect(wazzupErrorFromResponse({ status: 429, body: undefined, retryAfter: "3" }).retryAfterMs).toBe(
      3000,
    );
    const date = new Date(now + 8000).toUTCString();
    expect(
      wazzupErrorFromResponse({ status: 429, body: undefined, retryAfter: date, now }).retryAfterMs,
    ).toBe(8000);
  });

  test("isInstance survives a plain-object look-alike check", () => {
    expect(WazzupError.isInstance({ kind: "network", retryable: true })).toBe(false);
    expect(WazzupError.isInstance(new Error("x"))).toBe(false);
  });
});
