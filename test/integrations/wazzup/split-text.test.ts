import { describe, expect, test } from "bun:test";
import { splitMessageText } from "../../../src/integrations/wazzup/index.ts";

/** Every chunk is found in order in the original, with only whitespace between them. */
function expectLossless(text: string, chunks: string[], max: number) {
  let pos = 0;
  for (const chunk of chunks) {
    expect(chunk.length).toBeGreaterThan(0);
    expect(chunk.length).toBeLessThanOrEqual(max);
    expect(chunk).toBe(chunk.trim());
    const at = text.indexOf(chunk, pos);
    expect(at).toBeGreaterThanOrEqual(pos);
    expect(text.slice(pos, at)).toMatch(/^\s*$/);
    pos = at + chunk.length;
  }
  expect(text.slice(pos)).toMatch(/^\s*$/);
}

const sentence = (n: number, words = 12) =>
  `${Array.from({ length: words }, (_, i) => `word${n}x${i}`).join(" ")}.`;

describe("splitMessageText", () => {
  test("short text is one message, trimmed; blank text is none", () => {
    expect(splitMessageText("  Hello!  \n")).toEqual(["Hello!"]);
    expect(splitMessageText(" \n\t ")).toEqual([]);
    expect(splitMessageText("")).toEqual([]);
    const exact = "x".repeat(1000);
    expect(splitMessageText(exact)).toEqual([exact]);
  });

  test("the default limit is 1,000 characters", () => {
    const text = Array.from({ length: 40 }, (_, i) => sentence(i)).join(" ");
    const chunks = splitMessageText(text);
    expect(chunks.length).toBeGreaterThan(1);
    expectLossless(text, chunks, 1000);
  });

  test("prefers a paragraph break over a later sentence end", () => {
    const p1 = [sentence(1), sentence(2), sentence(3)].join(" ");
    const p2 = [sentence(4), sentence(5)].join(" ");
    const text = `${p1}\n\n${p2}`;
    const max = p1.length + 60;
    expect(splitMessageText(text, { max })).toEqual([p1, p2]);
  });

  test("cuts at the last sentence end that fits when there are no line breaks", () => {
    const sentences = Array.from({ length: 8 }, (_, i) => sentence(i, 6));
    const text = sentences.join(" ");
    const max = sentences.slice(0, 3).join(" ").length + 5;
    const chunks = splitMessageText(text, { max });
    expect(chunks[0]).toBe(sentences.slice(0, 3).join(" "));
    expect(chunks.every((c) => c.endsWith("."))).toBe(true);
    expectLossless(text, chunks, max);
  });

  test("splits Arabic at ؟ and ۔ and ! as sentence ends", () => {
    const parts = [
      "مرحبا بك في تريجار لأثاث المكاتب في دبي",
      "هل تبحث عن كراسي مكتبية مريحة لفريقك؟",
      "لدينا تشكيلة واسعة من المكاتب والكراسي۔",
      "يسعدنا أن نرسل لك عرض سعر اليوم!",
    ];
    const text = `${parts[0]}. ${parts[1]} ${parts[2]} ${parts[3]}`;
    const max = parts[1]!.length + 5;
    const chunks = splitMessageText(text, { max });
    expect(chunks).toEqual([`${parts[0]}.`, parts[1]!, parts[2]!, parts[3]!]);
  });

  test("Arabic text without punctuation is cut between words, never inside one", () => {
    const words = "كرسي مكتب مريح مع مسند للظهر وذراعين قابلين للتعديل".split(" ");
    const text = Array.from({ length: 30 }, (_, i) => words[i % words.length]).join(" ");
    const chunks = splitMessageText(text, { max: 50 });
    expectLossless(text, chunks, 50);
    for (const chunk of chunks) for (const w of chunk.split(" ")) expect(words).toContain(w);
  });

  test("keeps list items whole, cutting between items rather than inside one", () => {
    const items = Array.from(
      { length: 8 },
      (_, i) => `${i + 1}. Ergo chair ${i}: mesh back. Adjustable arms! AED ${i + 1},250. In stock.`,
    );
    const text = `Here are the chairs we have:\n${items.join("\n")}\nShall I prepare a quotation?`;
    const max = 200;
    const chunks = splitMessageText(text, { max });
    expectLossless(text, chunks, max);
    const lines = chunks.flatMap((c) => c.split("\n"));
    for (const item of items) expect(lines).toContain(item);
  });

  test("bulleted items with indented continuation lines stay together", () => {
    const item = (i: number) => `- Desk ${i}: 160x80 cm, oak veneer\n  with cable tray, AED ${i}99`;
    const text = Array.from({ length: 6 }, (_, i) => item(i)).join("\n");
    const chunks = splitMessageText(text, { max: 130 });
    expectLossless(text, chunks, 130);
    for (const chunk of chunks) expect(chunk.startsWith("- Desk")).toBe(true);
    expect(chunks.join("\n")).toBe(text);
  });

  test("does not make a tiny first message when a fuller cut exists", () => {
    const text = `Hi!\n\n${Array.from({ length: 10 }, (_, i) => sentence(i, 5)).join(" ")}`;
    const max = 300;
    const [first] = splitMessageText(text, { max });
    expect(first!.length).toBeGreaterThan(max / 2);
  });

  test("falls back to a space, then to a hard cut inside an endless word", () => {
    expect(splitMessageText("aaaa bbbb cccc", { max: 9 })).toEqual(["aaaa bbbb", "cccc"]);
    const word = "x".repeat(25);
    expect(splitMessageText(word, { max: 10 })).toEqual(["x".repeat(10), "x".repeat(10), "x".repeat(5)]);
  });

  test("a hard cut never splits an emoji or a grapheme cluster", () => {
    const family = "👨‍👩‍👧‍👦";
    const text = family.repeat(5);
    const chunks = splitMessageText(text, { max: 25 });
    expect(chunks).toEqual([family.repeat(2), family.repeat(2), family]);
    const thumbs = "👍".repeat(7);
    const split = splitMessageText(thumbs, { max: 5 });
    expect(split.join("")).toBe(thumbs);
    expect(split.every((c) => c.length % 2 === 0)).toBe(true);
  });

  test("property: random texts are split losslessly within the limit", () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pieces = [
      "word",
      "كرسي",
      "مكتب",
      "AED",
      "1,250",
      ".",
      "!",
      "?",
      "؟",
      "۔",
      " ",
      " ",
      " ",
      "\n",
      "\n\n",
      "- ",
      "👍",
      "e.g.",
    ];
    for (let run = 0; run < 200; run++) {
      const length = Math.floor(random() * 400);
      const text = Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join("");
      const max = 5 + Math.floor(random() * 120);
      expectLossless(text, splitMessageText(text, { max }), max);
    }
  });

  test("rejects a limit too small to hold a character", () => {
    expect(() => splitMessageText("hello", { max: 1 })).toThrow(RangeError);
  });
});
