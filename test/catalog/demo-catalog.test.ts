import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import searchQueries from "../../bench/search-queries.json";
import demoCatalog from "../../src/catalog/demo-catalog.json";
import type { ProductInput } from "../../src/store/records.ts";

const products = demoCatalog as unknown as ProductInput[];
const categories = [
  "Task Chairs",
  "Executive Chairs",
  "Visitor Chairs",
  "Desks",
  "Meeting Tables",
  "Storage",
  "Workstations",
  "Lounge Seating",
  "Reception Desks",
  "Accessories",
];
const skus = new Set(products.map((p) => p.sku));
const compact = (s: string) => s.replace(/[^a-z0-9]/gi, "").toUpperCase();

describe("demo catalogue", () => {
  test("has at least 95 products with unique SKUs and Zoho ids", () => {
    expect(products.length).toBeGreaterThanOrEqual(95);
    expect(skus.size).toBe(products.length);
    expect(new Set(products.map((p) => p.zohoItemId)).size).toBe(products.length);
  });

  test("every product is a complete, plausible ProductInput", () => {
    for (const p of products) {
      expect(p.zohoItemId).toMatch(/^demo-\d{4}$/);
      expect(p.sku).toMatch(/^TJ-[A-Z]{3}-\d{4}$/);
      expect(p.name.length).toBeGreaterThan(5);
      expect(p.description.length).toBeGreaterThan(40);
      expect(categories).toContain(p.category);
      expect(p.brand).toBeTruthy();
      expect(p.price).toBeGreaterThan(0);
      expect(p.currency).toBe("AED");
      expect(Number.isInteger(p.stock)).toBe(true);
      expect(p.stock).toBeGreaterThanOrEqual(0);
      expect(p.status).toBe("active");
      expect(p.imageUrl).toBeNull();
      expect(Object.keys(p.attributes)).toEqual(expect.arrayContaining(["color", "material", "dimensions"]));
      expect(new Date(p.sourceUpdatedAt!).toISOString()).toBe(p.sourceUpdatedAt!);
    }
  });

  test("covers every category, includes out-of-stock items, and prices chairs realistically", () => {
    expect(new Set(products.map((p) => p.category))).toEqual(new Set(categories));
    expect(products.filter((p) => p.stock === 0).length).toBeGreaterThanOrEqual(5);
    for (const p of products.filter((p) => p.category.endsWith("Chairs"))) {
      expect(p.price).toBeGreaterThanOrEqual(150);
      expect(p.price).toBeLessThanOrEqual(3500);
    }
  });
});

describe("labelled search queries", () => {
  test("at least 70 queries across all groups", () => {
    expect(searchQueries.length).toBeGreaterThanOrEqual(70);
    const groups = new Set(searchQueries.map((q) => q.group));
    expect(groups).toEqual(new Set(["english", "arabic", "sku", "typo", "attribute"]));
    expect(new Set(searchQueries.map((q) => q.query)).size).toBe(searchQueries.length);
  });

  test("every relevant SKU exists in the catalogue", () => {
    for (const q of searchQueries) {
      expect(q.relevant.length).toBeGreaterThan(0);
      for (const sku of q.relevant)
        expect({ query: q.query, sku, exists: skus.has(sku) }).toMatchObject({ exists: true });
    }
  });

  test("SKU queries name exactly one product, whatever the case or dashes", () => {
    for (const q of searchQueries.filter((q) => q.group === "sku")) {
      expect(q.relevant).toHaveLength(1);
      expect(compact(q.query)).toBe(compact(q.relevant[0]!));
    }
  });

  test("Arabic queries are written in Arabic script", () => {
    for (const q of searchQueries.filter((q) => q.group === "arabic"))
      expect(q.query).toMatch(/[\u0600-\u06FF]/);
  });

  test("price-bounded queries only label products under the bound", () => {
    const price = new Map(products.map((p) => [p.sku, p.price]));
    for (const q of searchQueries) {
      const bound = /(?:under|أقل من) (\d+)/.exec(q.query);
      if (!bound) continue;
      for (const sku of q.relevant) expect(price.get(sku)).toBeLessThan(Number(bound[1]));
    }
  });
});

describe("knowledge base", () => {
  const dir = join(import.meta.dir, "../../src/catalog/knowledge");
  const docs = readdirSync(dir).filter((f) => f.endsWith(".md"));

  test("5 to 7 markdown documents, each with a title and ## sections", () => {
    expect(docs.length).toBeGreaterThanOrEqual(5);
    expect(docs.length).toBeLessThanOrEqual(7);
    for (const doc of docs) {
      const text = readFileSync(join(dir, doc), "utf8");
      expect(text).toMatch(/^# \S/);
      expect(text.match(/^## \S/gm)?.length ?? 0).toBeGreaterThanOrEqual(3);
    }
  });
});
