import { describe, expect, test } from "bun:test";
import searchQueries from "../../bench/search-queries.json";
import demoCatalog from "../../src/catalog/demo-catalog.json";
import { createCategoryIndex, normalizeSku, parseSearchQuery } from "../../src/catalog/query.ts";
import { createSpellingCorrector } from "../../src/catalog/spelling.ts";
import type { ProductInput } from "../../src/store/records.ts";

const corrector = createSpellingCorrector([
  "Ergonomic Mesh Task Chair black",
  "Conference Table walnut",
  "Steel Filing Cabinet drawers",
  "Executive Desk",
  "Lounge Sofa grey",
]);

describe("normalizeSku", () => {
  test("keeps letters and digits only, upper-cased", () => {
    expect(normalizeSku("tj-chr-1001")).toBe("TJCHR1001");
    expect(normalizeSku(" TJ CHR 1001 ")).toBe("TJCHR1001");
    expect(normalizeSku("tjchr1001")).toBe("TJCHR1001");
    expect(normalizeSku("tj_chr/10.01")).toBe("TJCHR1001");
  });
});

describe("parseSearchQuery", () => {
  test("English: stop words out, terms normalised, the original kept", () => {
    const q = parseSearchQuery("I need a Mesh chair for the office, with arms!");
    expect(q).toEqual({
      original: "I need a Mesh chair for the office, with arms!",
      language: "en",
      terms: ["mesh", "chair", "office", "arms"],
      sku: null,
      filters: {},
      hints: {},
      corrected: false,
    });
  });

  test("spelling is corrected against the catalogue and flagged", () => {
    const q = parseSearchQuery("looking for an ergonomik chiar", { corrector });
    expect(q.terms).toEqual(["ergonomic", "chair"]);
    expect(q.corrected).toBe(true);
    expect(parseSearchQuery("filling cabinet", { corrector }).terms).toEqual(["filing", "cabinet"]);
    expect(parseSearchQuery("confrence table", { corrector }).terms).toEqual(["conference", "table"]);
    expect(parseSearchQuery("ergonomic chair", { corrector }).corrected).toBe(false);
    expect(parseSearchQuery("chiar").terms).toEqual(["chiar"]);
  });

  test.each([
    ["chairs under 500 AED", { maxPrice: 500 }],
    ["desk less than 1,000 dirhams", { maxPrice: 1000 }],
    ["sofa between 500 and 900", { minPrice: 500, maxPrice: 900 }],
    ["sofa between 900 and 500 aed", { minPrice: 500, maxPrice: 900 }],
    ["table 500-900 aed", { minPrice: 500, maxPrice: 900 }],
    ["desk from 1200 to 2500 dhs", { minPrice: 1200, maxPrice: 2500 }],
    ["chair over 300 aed", { minPrice: 300 }],
    ["chair at least 300", { minPrice: 300 }],
    ["chair 800 aed or less", { maxPrice: 800 }],
    ["chair 800 aed or more", { minPrice: 800 }],
    ["budget 2.5k", { maxPrice: 2500 }],
    ["a chair 450 AED", { maxPrice: 450 }],
    ["أقل من ٥٠٠ درهم", { maxPrice: 500 }],
    ["كرسي اكثر من ٣٠٠ درهم", { minPrice: 300 }],
    ["طاولة بين ٥٠٠ و ٩٠٠ درهم", { minPrice: 500, maxPrice: 900 }],
    ["مكتب من ١٠٠٠ الى ٢٠٠٠", { minPrice: 1000, maxPrice: 2000 }],
    ["كرسي بميزانية ٧٠٠", { maxPrice: 700 }],
  ])("price phrase %p", (text, prices) => {
    const q = parseSearchQuery(text);
    expect(q.filters).toMatchObject(prices);
    expect(q.filters.minPrice).toBe((prices as { minPrice?: number }).minPrice);
    expect(q.filters.maxPrice).toBe((prices as { maxPrice?: number }).maxPrice);
    expect(q.terms.some((t) => /\d|aed|dirham|درهم|under|between/.test(t))).toBe(false);
  });

  test("sizes and counts are not prices", () => {
    const q = parseSearchQuery("table for under 6 people, 180 cm");
    expect(q.filters.maxPrice).toBeUndefined();
    expect(q.filters.minPrice).toBeUndefined();
    expect(q.terms).toContain("people");
    expect(parseSearchQuery("desk 120x60cm").filters).toEqual({});
  });

  test("stock phrases become a filter in both languages", () => {
    const en = parseSearchQuery("grey sofa in stock");
    expect(en.filters).toEqual({ inStock: true });
    expect(en.hints).toEqual({ color: "grey" });
    expect(en.terms).toEqual(["grey", "sofa"]);
    expect(parseSearchQuery("which desks are available now").filters.inStock).toBe(true);
    const ar = parseSearchQuery("كرسي متوفر");
    expect(ar.filters.inStock).toBe(true);
    expect(ar.terms).toEqual(["chair"]);
    expect(parseSearchQuery("mesh chair").filters.inStock).toBeUndefined();
  });

  test("a SKU-shaped token is taken out as a compact SKU", () => {
    expect(parseSearchQuery("tjchr1001")).toMatchObject({ sku: "TJCHR1001", terms: [] });
    expect(parseSearchQuery("price of TJ-CHR-1001 please")).toMatchObject({ sku: "TJCHR1001", terms: [] });
    expect(parseSearchQuery("sku: 55012")).toMatchObject({ sku: "55012" });
    expect(parseSearchQuery("كم سعر TJ-DSK-2040؟")).toMatchObject({ sku: "TJDSK2040", language: "ar" });
  });

  test("a spaced SKU is a candidate whose words stay in the terms", () => {
    expect(parseSearchQuery("TJ ACC 9504")).toMatchObject({ sku: "TJACC9504", terms: ["tj", "acc", "9504"] });
    expect(parseSearchQuery("do you have tj chr 1001?").sku).toBe("TJCHR1001");
    expect(parseSearchQuery("table for 10 people").sku).toBeNull();
    expect(parseSearchQuery("chair 1200 aed").sku).toBeNull();
  });

  test("sizes, amounts and words are not SKUs", () => {
    for (const text of [
      "desk 160x80",
      "h120cm table",
      "chair 500aed",
      "e5 chair",
      "3-seater sofa",
      "mesh chair",
    ]) {
      expect(parseSearchQuery(text).sku).toBeNull();
    }
  });

  test("spelling correction leaves SKUs and numbers alone", () => {
    const q = parseSearchQuery("chiar tjchr1001 for 6 people", { corrector });
    expect(q.sku).toBe("TJCHR1001");
    expect(q.terms).toEqual(["chair", "6", "people"]);
  });

  test("Arabic: translated to English terms, Arabic stop words out, filters parsed", () => {
    const q = parseSearchQuery("أبغى كرسي شبكي أسود أقل من ٥٠٠ درهم لو سمحت");
    expect(q).toEqual({
      original: "أبغى كرسي شبكي أسود أقل من ٥٠٠ درهم لو سمحت",
      language: "ar",
      terms: ["chair", "mesh", "black"],
      sku: null,
      filters: { maxPrice: 500 },
      hints: { color: "black" },
      corrected: false,
    });
    expect(parseSearchQuery("عندكم طاولة اجتماعات خشب؟").terms).toEqual(["meeting", "table", "wood"]);
    expect(parseSearchQuery("مكتب مدير قابل لتعديل الارتفاع").terms).toEqual([
      "executive",
      "desk",
      "height",
      "adjustable",
    ]);
  });

  test("mixed-language queries follow the script with more letters (Arabic on a tie)", () => {
    expect(parseSearchQuery("كرسي mesh").language).toBe("ar");
    expect(parseSearchQuery("desk كرسي")).toMatchObject({ language: "ar", terms: ["desk", "chair"] });
    expect(parseSearchQuery("mesh chair كرسي")).toMatchObject({ language: "en", terms: ["mesh", "chair"] });
  });

  test("a category hint is the catalogue category whose whole name the query says, the longest winning", () => {
    const categories = createCategoryIndex([
      "Task Chairs",
      "Executive Chairs",
      "Visitor Chairs",
      "Desks",
      "Reception Desks",
      "Meeting Tables",
      "Storage",
      "Lounge Seating",
      "Desks",
    ]);
    const category = (text: string) => parseSearchQuery(text, { categories }).hints.category;
    expect(category("reception desk")).toBe("Reception Desks");
    expect(category("height adjustable desks")).toBe("Desks");
    expect(category("visitor chairs")).toBe("Visitor Chairs");
    expect(category("كرسي مدير جلد")).toBe("Executive Chairs");
    expect(category("طاولة اجتماعات")).toBe("Meeting Tables");
    expect(category("storage for files")).toBe("Storage");
    expect(category("mesh chair")).toBeUndefined();
    expect(category("sofa for the reception area")).toBeUndefined();
    expect(category("bench seating")).toBeUndefined();
    expect(category("task chair and visitor chair")).toBeUndefined();
    expect(parseSearchQuery("reception desk").hints.category).toBeUndefined();
  });

  test("a colour hint is set only when the query names exactly one", () => {
    expect(parseSearchQuery("gray chair").hints.color).toBe("grey");
    expect(parseSearchQuery("كرسي أسود").hints.color).toBe("black");
    expect(parseSearchQuery("black or white chair").hints.color).toBeUndefined();
  });

  test("repeated words count once; an empty query parses to nothing", () => {
    expect(parseSearchQuery("chair chair CHAIR").terms).toEqual(["chair"]);
    expect(parseSearchQuery("   ")).toEqual({
      original: "   ",
      language: "en",
      terms: [],
      sku: null,
      filters: {},
      hints: {},
      corrected: false,
    });
  });
});

describe("parseSearchQuery on the labelled queries (bench/search-queries.json)", () => {
  const products = demoCatalog as unknown as ProductInput[];
  const bySku = new Map(products.map((p) => [p.sku, p]));
  const catalogueCorrector = createSpellingCorrector(
    products.flatMap((p) => [p.name, p.category, p.description, ...Object.values(p.attributes)]),
  );
  const categories = createCategoryIndex(products.map((p) => p.category));
  const parsed = searchQueries.map((q) => ({
    ...q,
    parsed: parseSearchQuery(q.query, { corrector: catalogueCorrector, categories }),
  }));

  test("every SKU query yields its product's SKU in compact form", () => {
    for (const q of parsed.filter((q) => q.group === "sku")) {
      expect({ query: q.query, sku: q.parsed.sku }).toEqual({
        query: q.query,
        sku: normalizeSku(q.relevant[0]!),
      });
    }
    expect(parsed.filter((q) => q.group !== "sku" && q.parsed.sku !== null).map((q) => q.query)).toEqual([]);
  });

  test("no price filter excludes a product labelled relevant", () => {
    for (const q of parsed) {
      const { minPrice = 0, maxPrice = Number.POSITIVE_INFINITY } = q.parsed.filters;
      for (const sku of q.relevant) {
        const price = bySku.get(sku)!.price;
        expect({ query: q.query, sku, inRange: price >= minPrice && price <= maxPrice }).toMatchObject({
          inRange: true,
        });
      }
    }
    expect(parsed.filter((q) => q.parsed.filters.maxPrice !== undefined).length).toBeGreaterThanOrEqual(3);
  });

  test("Arabic queries come out as English catalogue words", () => {
    for (const q of parsed.filter((q) => q.group === "arabic")) {
      expect({ query: q.query, language: q.parsed.language }).toEqual({ query: q.query, language: "ar" });
      for (const term of q.parsed.terms) {
        expect({ query: q.query, term, english: /^[a-z0-9-]+$/.test(term) }).toMatchObject({ english: true });
      }
    }
  });

  test("typo queries come out as catalogue words (words of three letters or less are left alone)", () => {
    for (const q of parsed.filter((q) => q.group === "typo")) {
      expect({ query: q.query, corrected: q.parsed.corrected }).toEqual({
        query: q.query,
        corrected: q.parsed.terms.some((t) => !q.query.toLowerCase().split(/\W+/).includes(t)),
      });
      for (const term of q.parsed.terms) {
        const known = catalogueCorrector.has(term) || /^\d+$/.test(term) || term.length <= 3;
        expect({ query: q.query, term, known }).toMatchObject({ known: true });
      }
    }
  });
});
