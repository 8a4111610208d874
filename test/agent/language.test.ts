import { describe, expect, test } from "bun:test";
import { detectLanguage } from "../../src/agent/language.ts";

describe("detectLanguage", () => {
  test.each([
    ["مرحبا، أريد كراسي مكتب", "ar"],
    ["السلام عليكم", "ar"],
    ["كم سعر TJ-CHR-1001؟", "ar"],
    ["أبغى ٢٥ كرسي", "ar"],
    ["لا", "ar"],
    ["Hello, I need office chairs", "en"],
    ["What is the price of TJ-CHR-1001?", "en"],
    ["yes", "en"],
    ["Can you deliver to Abu Dhabi by 24/11/2026?", "en"],
  ] as const)("%s → %s", (text, expected) => {
    expect(detectLanguage(text, "en")).toBe(expected);
    expect(detectLanguage(text, "ar")).toBe(expected);
  });

  test("mixed text with Arabic words leans Arabic", () => {
    expect(detectLanguage("أريد 25 office chairs")).toBe("ar");
    expect(detectLanguage("ابغى ergonomic chair لو سمحت")).toBe("ar");
    expect(detectLanguage("السعر كم for the L-shaped desk")).toBe("ar");
  });

  test("an English message with a single Arabic name stays English", () => {
    expect(detectLanguage("Hi, we are from شركة النور and need 20 desks for our new office in Dubai")).toBe(
      "en",
    );
  });

  test("digits, SKUs, prices, emails, placeholders and emoji keep the previous language", () => {
    for (const text of [
      "25",
      "TJ-CHR-1001",
      "1,250 AED",
      "👍",
      "🙏🙏",
      "[PHONE_1]",
      "ahmed@acme.ae",
      "٢٥",
      "https://treejar.com/p/1",
      "?",
    ]) {
      expect(detectLanguage(text, "ar")).toBe("ar");
      expect(detectLanguage(text, "en")).toBe("en");
    }
  });

  test("no letters and no previous language defaults to English", () => {
    expect(detectLanguage("👍")).toBe("en");
    expect(detectLanguage("")).toBe("en");
  });

  test("a bare 'ok' does not switch an Arabic conversation to English", () => {
    expect(detectLanguage("ok", "ar")).toBe("ar");
    expect(detectLanguage("ok 👍", "ar")).toBe("ar");
    expect(detectLanguage("ok, thanks", "ar")).toBe("en");
  });

  test("emoji next to words do not change the verdict", () => {
    expect(detectLanguage("شكراً 🙏")).toBe("ar");
    expect(detectLanguage("Thanks a lot 🙏", "ar")).toBe("en");
  });

  test("an SKU-heavy Arabic message is Arabic", () => {
    expect(detectLanguage("TJ-CHR-1001 و TJ-DSK-2040 متوفر؟")).toBe("ar");
  });
});
