import { describe, expect, test } from "bun:test";
import { createPiiVault, findEmails, findPhones, toAsciiDigits } from "../../src/agent/pii.ts";

const phones = [
  "+971 50 123 4567",
  "+971-50-1234567",
  "+971501234567",
  "+971 (0)50 123 4567",
  "00971501234567",
  "00971 50 123 4567",
  "971501234567",
  "971-50-123-4567",
  "050 1234567",
  "0501234567",
  "050-123-4567",
  "(050) 123-4567",
  "055 987 6543",
  "50 123 4567",
  "04 123 4567",
  "04-1234567",
  "02 612 3456",
  "+971 4 123 4567",
  "+44 20 7946 0958",
  "+44 (0)20 7946 0958",
  "+1 (415) 555-2671",
  "+1 415 555 2671",
  "+966 55 123 4567",
  "+91 98765 43210",
  "4155552671",
  "٠٥٠١٢٣٤٥٦٧",
  "٠٥٠ ١٢٣ ٤٥٦٧",
  "+٩٧١٥٠١٢٣٤٥٦٧",
  "+٩٧١ ٥٠ ١٢٣ ٤٥٦٧",
  "۰۵۰۱۲۳۴۵۶۷",
  "+۹۷۱۵۰۱۲۳۴۵۶۷",
];

const notPhones = [
  "TJ-CHR-1001",
  "TJ-DSK-2040",
  "ABC-12345678",
  "ABC-1234567890",
  "SKU TJ-CHR-1001 x 25",
  "1,250 AED",
  "AED 12,500.00",
  "AED 1,250,000",
  "3500",
  "12345678",
  "price 12500.50",
  "25 chairs",
  "x120",
  "qty x 120",
  "160x80x75 cm",
  "1600 x 800 mm",
  "1600x800x750",
  "2026-11-24",
  "24/11/2026",
  "24.11.2026",
  "04-11-2026",
  "04-11-2026 9:30",
  "24/11/2026 10:30",
  "10:30",
  "14:05:59",
  "SO-00012",
  "order SO-0001234567",
  "2026",
  "between 2025 and 2026",
  "ref 20261124",
  "+5%",
  "SKU TJ-CHR-1001 x 25 @ 1,250 AED = 31,250 AED",
  "٢٠٢٦-١١-٢٤",
  "١٬٢٥٠ درهم",
];

const emails = [
  "john@example.com",
  "John.Doe@Example.COM",
  "JOHN.DOE@ACME.AE",
  "sales+quotes@acme.co.ae",
  "a.b-c_d@mail.sales.acme-group.com",
  "971501234567@gmail.com",
  "procurement@treejar.ae",
];

const notEmails = [
  "@treejar",
  "john@",
  "john@localhost",
  "name at example dot com",
  "TJ-CHR-1001",
  "100@ 5%",
];

describe("phone detection", () => {
  test.each(phones)("masks %s", (phone) => {
    const vault = createPiiVault();
    expect(vault.mask(`call me on ${phone} please`)).toBe("call me on [PHONE_1] please");
    expect(vault.mask(`${phone}`)).toBe("[PHONE_1]");
  });

  test.each(notPhones)("leaves %s alone", (text) => {
    expect(findPhones(text)).toEqual([]);
    expect(createPiiVault().mask(`We need ${text} please`)).toBe(`We need ${text} please`);
  });

  test("finds the phone among SKUs, prices, quantities and dates", () => {
    const text = "Order 25 x TJ-CHR-1001 at 1,250 AED by 24/11/2026, call 050 123 4567 or +44 20 7946 0958.";
    expect(findPhones(text).map((p) => p.value)).toEqual(["050 123 4567", "+44 20 7946 0958"]);
  });

  test("separate numbers separated by a comma are two phones", () => {
    expect(findPhones("0501234567,0521234567").map((p) => p.value)).toEqual(["0501234567", "0521234567"]);
  });

  test("a closing parenthesis around the number stays in the text", () => {
    expect(createPiiVault().mask("(mobile: +44 20 7946 0958)")).toBe("(mobile: [PHONE_1])");
  });

  test("Arabic-Indic digits inside Arabic text", () => {
    const vault = createPiiVault();
    const masked = vault.mask("رقمي ٠٥٠١٢٣٤٥٦٧ وشكراً");
    expect(masked).toBe("رقمي [PHONE_1] وشكراً");
    expect(vault.unmask(masked)).toBe("رقمي ٠٥٠١٢٣٤٥٦٧ وشكراً");
  });

  test("toAsciiDigits maps both Arabic digit sets and keeps length", () => {
    expect(toAsciiDigits("٠١٢٣٤٥٦٧٨٩")).toBe("0123456789");
    expect(toAsciiDigits("۰۱۲۳۴۵۶۷۸۹")).toBe("0123456789");
    expect(toAsciiDigits("abc ١٢")).toBe("abc 12");
  });
});

describe("email detection", () => {
  test.each(emails)("masks %s", (email) => {
    const vault = createPiiVault();
    expect(vault.mask(`write to ${email}.`)).toBe("write to [EMAIL_1].");
  });

  test.each(notEmails)("leaves %s alone", (text) => {
    expect(findEmails(text)).toEqual([]);
  });

  test("digits inside an email are not read as a phone", () => {
    const vault = createPiiVault();
    expect(vault.mask("971501234567@gmail.com")).toBe("[EMAIL_1]");
    expect(vault.entries()).toEqual([{ placeholder: "[EMAIL_1]", value: "971501234567@gmail.com" }]);
  });
});

describe("vault", () => {
  test("the same value keeps its placeholder; different values get new ones", () => {
    const vault = createPiiVault();
    const masked = vault.mask("a@x.com, 0501234567, b@x.com, a@x.com, 0509999999, 0501234567");
    expect(masked).toBe("[EMAIL_1], [PHONE_1], [EMAIL_2], [EMAIL_1], [PHONE_2], [PHONE_1]");
  });

  test("one number written differently gets one placeholder", () => {
    const vault = createPiiVault();
    const masked = vault.mask("+971 50 123 4567 / 0501234567 / 00971501234567 / ٠٥٠١٢٣٤٥٦٧");
    expect(masked).toBe("[PHONE_1] / [PHONE_1] / [PHONE_1] / [PHONE_1]");
  });

  test("an email's case does not make a new placeholder", () => {
    const vault = createPiiVault();
    expect(vault.mask("Ahmed@Acme.ae then ahmed@acme.ae")).toBe("[EMAIL_1] then [EMAIL_1]");
  });

  test("unmask restores the original text", () => {
    const vault = createPiiVault();
    const original =
      "I'm Sara, sara+orders@acme.ae, mobile +971-50-1234567, office 04 123 4567. 25 chairs TJ-CHR-1001.";
    const masked = vault.mask(original);
    expect(masked).not.toContain("sara+orders");
    expect(masked).not.toContain("1234567");
    expect(masked).toContain("TJ-CHR-1001");
    expect(vault.unmask(masked)).toBe(original);
  });

  test("unmask fills placeholders in the model's reply and leaves unknown ones", () => {
    const vault = createPiiVault();
    vault.mask("my email is ahmed@acme.ae");
    expect(vault.unmask("I will send the quote to [EMAIL_1]. [PHONE_7] is unknown.")).toBe(
      "I will send the quote to ahmed@acme.ae. [PHONE_7] is unknown.",
    );
  });

  test("a vault seeded from stored entries keeps placeholders stable and numbers new ones after them", () => {
    const first = createPiiVault();
    first.mask("0501234567 and a@x.com and 0559876543");
    const stored = JSON.parse(JSON.stringify(first.entries()));

    const next = createPiiVault({ entries: stored });
    expect(next.mask("+971 55 987 6543, A@X.com, new@x.com, 04 123 4567")).toBe(
      "[PHONE_2], [EMAIL_1], [EMAIL_2], [PHONE_3]",
    );
    expect(next.unmask("[PHONE_1]")).toBe("0501234567");
    expect(next.entries()).toHaveLength(5);
  });

  test("seed entries with a malformed placeholder are ignored", () => {
    const vault = createPiiVault({ entries: [{ placeholder: "PHONE_1", value: "0501234567" }] });
    expect(vault.mask("0501234567")).toBe("[PHONE_1]");
    expect(vault.entries()).toEqual([{ placeholder: "[PHONE_1]", value: "0501234567" }]);
  });

  test("maskDeep and unmaskDeep walk JSON-like values and keep non-strings", () => {
    const vault = createPiiVault();
    const args = {
      name: "Ahmed",
      email: "ahmed@acme.ae",
      phones: ["+971 50 123 4567", "04 123 4567"],
      lines: [{ sku: "TJ-CHR-1001", quantity: 25, note: "call 0501234567 before delivery" }],
      urgent: true,
      discount: null,
    };
    const masked = vault.maskDeep(args);
    expect(masked).toEqual({
      name: "Ahmed",
      email: "[EMAIL_1]",
      phones: ["[PHONE_1]", "[PHONE_2]"],
      lines: [{ sku: "TJ-CHR-1001", quantity: 25, note: "call [PHONE_1] before delivery" }],
      urgent: true,
      discount: null,
    });
    expect(args.email).toBe("ahmed@acme.ae"); // the input is not changed
    expect(vault.unmaskDeep(masked)).toEqual({
      ...args,
      lines: [{ sku: "TJ-CHR-1001", quantity: 25, note: "call +971 50 123 4567 before delivery" }],
    });
  });
});
