import { describe, expect, test } from "bun:test";
import { createSpellingCorrector, damerauLevenshtein } from "../../src/catalog/spelling.ts";

const catalogue = [
  "Ergonomic Mesh Task Chair",
  "Executive Leather Chair, high back",
  "Conference Table 240 cm, walnut",
  "Steel Filing Cabinet, 4 drawers",
  "Mobile Pedestal, 3 drawers, lock",
  "Height Adjustable Desk, electric",
  "Reception Desk with storage",
  "Lounge Sofa, three seater, grey fabric",
  "Storage",
  "Chairs",
];

describe("damerauLevenshtein (optimal string alignment)", () => {
  test("counts an adjacent transposition as one edit", () => {
    expect(damerauLevenshtein("chair", "chiar")).toBe(1);
    expect(damerauLevenshtein("desk", "dsek")).toBe(1);
    expect(damerauLevenshtein("kitten", "sitting")).toBe(3);
    expect(damerauLevenshtein("", "abc")).toBe(3);
    expect(damerauLevenshtein("same", "same")).toBe(0);
  });

  test("is OSA, not unrestricted: a transposed pair is not edited again", () => {
    expect(damerauLevenshtein("ca", "abc")).toBe(3);
  });

  test("gives up past the bound with max + 1", () => {
    expect(damerauLevenshtein("conference", "chair", 2)).toBe(3);
    expect(damerauLevenshtein("abcdefgh", "hgfedcba", 1)).toBe(2);
    expect(damerauLevenshtein("filling", "filing", 1)).toBe(1);
  });
});

describe("createSpellingCorrector", () => {
  const corrector = createSpellingCorrector(catalogue);

  test.each([
    ["chiar", "chair"],
    ["ergonomik", "ergonomic"],
    ["filling", "filing"],
    ["confrence", "conference"],
    ["cabinit", "cabinet"],
    ["recepton", "reception"],
    ["Chiar", "chair"],
  ])("%s → %s", (typo, fixed) => {
    expect(corrector.correct(typo)).toBe(fixed);
  });

  test("leaves known words, their plurals, numbers and SKUs alone", () => {
    for (const word of [
      "chair",
      "Chair",
      "drawers",
      "desks",
      "tables",
      "240",
      "TJCHR1001",
      "tj-chr-1001",
      "120x60",
    ]) {
      expect(corrector.correct(word)).toBe(word);
    }
    expect(corrector.has("Walnut")).toBe(true);
    expect(corrector.has("filling")).toBe(false);
  });

  test("a singular of a known plural is known too; a misspelt plural finds the singular", () => {
    const c = createSpellingCorrector(["waiting areas", "steel locker"]);
    expect(c.correct("area")).toBe("area");
    expect(c.correct("lokers")).toBe("locker");
  });

  test("takes the store's word counts as well as texts", () => {
    const c = createSpellingCorrector(
      new Map([
        ["card", 5],
        ["cart", 1],
        ["chair", 2],
      ]),
    );
    expect(c.correct("carx")).toBe("card");
    expect(c.correct("chiar")).toBe("chair");
    expect(c.has("cart")).toBe(true);
  });

  test("does not touch short words or words too far from any catalogue word", () => {
    expect(corrector.correct("dsk")).toBe("dsk");
    expect(corrector.correct("cheap")).toBe("cheap");
    expect(corrector.correct("refrigerator")).toBe("refrigerator");
    expect(corrector.correct("كرسي")).toBe("كرسي");
  });

  test("prefers the more frequent word among equally close ones", () => {
    const byUse = createSpellingCorrector(["card", "card card", "cart"]);
    expect(byUse.correct("carx")).toBe("card");
    const other = createSpellingCorrector(["cart", "cart cart", "card"]);
    expect(other.correct("carx")).toBe("cart");
  });

  test("prefers a closer word over a more frequent one", () => {
    const c = createSpellingCorrector(["tables tables tables", "table"]);
    expect(c.correct("tabel")).toBe("table");
  });

  test("works on a catalogue-sized vocabulary of 20k words", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const letters = "bdfghjkmnpqvwxz";
    const words = Array.from({ length: 20_000 }, () =>
      Array.from(
        { length: 5 + Math.floor(random() * 8) },
        () => letters[Math.floor(random() * letters.length)],
      ).join(""),
    );
    const big = createSpellingCorrector([...words, ...catalogue]);
    expect(big.correct("confrence")).toBe("conference");
    expect(big.correct("chiar")).toBe("chair");
    expect(big.correct(words[123]!)).toBe(words[123]!);
  });
});
