import { describe, expect, test } from "bun:test";
import { reciprocalRankFusion } from "../../src/catalog/fusion.ts";

const ids = (...names: string[]) => names.map((id) => ({ id }));

describe("reciprocalRankFusion", () => {
  test("scores each item by the sum of 1 / (k + rank) over the lists", () => {
    const fused = reciprocalRankFusion([ids("a", "b", "c"), ids("b", "d")]);
    expect(fused.map((f) => f.id)).toEqual(["b", "a", "d", "c"]);
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 1 / 61, 12);
    expect(fused[1]!.score).toBeCloseTo(1 / 61, 12);
    expect(fused[2]!.score).toBeCloseTo(1 / 62, 12);
    expect(fused[3]!.score).toBeCloseTo(1 / 63, 12);
  });

  test("agreement between lists beats one list's top hit", () => {
    const lexical = ids("x", "y", "z", "shared");
    const vector = ids("p", "q", "r", "shared");
    expect(reciprocalRankFusion([lexical, vector])[0]!.id).toBe("shared");
  });

  test("k sets how much the head dominates", () => {
    const lists = [ids("a", "b", "c", "d", "e"), ids("z", "y", "e")];
    expect(reciprocalRankFusion(lists, { k: 60 })[0]!.id).toBe("e");
    expect(reciprocalRankFusion(lists, { k: 1 })[0]!.id).toBe("a");
  });

  test("weights scale an item's contribution", () => {
    const fused = reciprocalRankFusion([[{ id: "a", weight: 0.5 }], [{ id: "b", weight: 2 }]], { k: 10 });
    expect(fused).toEqual([
      { id: "b", score: 2 / 11 },
      { id: "a", score: 0.5 / 11 },
    ]);
  });

  test("ties keep first-seen order, list by list", () => {
    const fused = reciprocalRankFusion([ids("m", "n"), ids("o", "p")]);
    expect(fused.map((f) => f.id)).toEqual(["m", "o", "n", "p"]);
    const again = reciprocalRankFusion([ids("o", "p"), ids("m", "n")]);
    expect(again.map((f) => f.id)).toEqual(["o", "m", "p", "n"]);
  });

  test("an id repeated inside one list counts once, at its best rank", () => {
    const fused = reciprocalRankFusion([ids("a", "a", "b")]);
    expect(fused).toEqual([
      { id: "a", score: 1 / 61 },
      { id: "b", score: 1 / 63 },
    ]);
  });

  test("no lists or empty lists fuse to nothing; k must be positive", () => {
    expect(reciprocalRankFusion([])).toEqual([]);
    expect(reciprocalRankFusion([[], []])).toEqual([]);
    expect(() => reciprocalRankFusion([ids("a")], { k: 0 })).toThrow(RangeError);
    expect(() => reciprocalRankFusion([ids("a")], { k: Number.NaN })).toThrow(RangeError);
  });
});
