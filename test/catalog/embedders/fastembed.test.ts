import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Embedder, EmbedderProgress } from "../../../src/catalog/embedder.ts";
import { loadFastembedEmbedder } from "../../../src/catalog/embedders/fastembed.ts";
import { silentLogger } from "../../../src/log.ts";
import { buildTinyModel, type TinyModel } from "../../support/tiny-model.ts";

const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

const products = [
  "Ergo mesh task chair, black",
  "Executive leather chair with high back",
  "Walnut wooden desk for the office",
  "Steel filing cabinet with 3 drawers and lock",
  "Round glass meeting table for 6 people",
  "Grey fabric three seater sofa for reception",
];

let tiny: TinyModel;
let embedder: Embedder;
const progress: EmbedderProgress[] = [];

beforeAll(async () => {
  tiny = await buildTinyModel();
  embedder = await loadFastembedEmbedder({
    model: `fastembed:${tiny.dir}`,
    source: { dir: tiny.dir },
    batchSize: 2,
    logger: silentLogger,
    onProgress: (p) => progress.push(p),
  });
});

afterAll(() => tiny.remove());

async function bestMatch(query: string): Promise<string> {
  const [docs, q] = await Promise.all([embedder.embedDocuments(products), embedder.embedQuery(query)]);
  const scored = docs.map((doc, i) => ({ text: products[i]!, score: cosine(doc, q) }));
  return scored.sort((a, b) => b.score - a.score)[0]!.text;
}

describe("fastembed adapter on the tiny model (CUSTOM dir)", () => {
  test("reports the model's size from config.json and returns plain unit-length arrays", async () => {
    expect(embedder.dimensions).toBe(tiny.dimensions);
    const [vector] = await embedder.embedDocuments(["mesh chair"]);
    expect(Array.isArray(vector)).toBe(true);
    expect(vector).not.toBeInstanceOf(Float32Array);
    expect(vector).toHaveLength(tiny.dimensions);
    expect(Math.hypot(...vector!)).toBeCloseTo(1, 5);
    const query = await embedder.embedQuery("mesh chair");
    expect(Array.isArray(query)).toBe(true);
    expect(query).toHaveLength(tiny.dimensions);
  });

  test("finds products from English queries", async () => {
    expect(await bestMatch("black mesh chair")).toBe(products[0]!);
    expect(await bestMatch("filing cabinet")).toBe(products[3]!);
    expect(await bestMatch("sofa for the lounge")).toBe(products[5]!);
  });

  test("an Arabic query lands on the English product (shared rows, prefixes, hamza forms)", async () => {
    expect(await bestMatch("كرسي شبكي أسود")).toBe(products[0]!);
    expect(await bestMatch("مكتب خشبي")).toBe(products[2]!);
    expect(await bestMatch("خزانة ملفات بقفل")).toBe(products[3]!);
    expect(await bestMatch("طاولة اجتماعات زجاجية")).toBe(products[4]!);
    expect(await bestMatch("الكنبة الرمادية")).toBe(products[5]!);
    const [arabic, english] = await embedder.embedDocuments(["كرسي جلد تنفيذي", "executive leather chair"]);
    expect(cosine(arabic!, english!)).toBeGreaterThan(0.99);
  });

  test("batching changes nothing: vectors match one-by-one embedding, in input order", async () => {
    progress.length = 0;
    const together = await embedder.embedDocuments(products);
    expect(together).toHaveLength(products.length);
    for (const [i, text] of products.entries()) {
      const [alone] = await embedder.embedDocuments([text]);
      for (const [j, x] of alone!.entries()) expect(together[i]![j]!).toBeCloseTo(x, 6);
    }
    expect(progress.slice(0, 3)).toEqual([
      { phase: "embed", done: 2, total: 6 },
      { phase: "embed", done: 4, total: 6 },
      { phase: "embed", done: 6, total: 6 },
    ]);
  });

  test("gives the event loop a turn between batches", async () => {
    let done = 0;
    const seenBetweenBatches = new Set<number>();
    const loop = await loadFastembedEmbedder({
      model: "tiny",
      source: { dir: tiny.dir },
      batchSize: 1,
      logger: silentLogger,
      onProgress: (p) => {
        if (p.phase === "embed") done = p.done;
      },
    });
    let running = true;
    const tick = () => {
      if (!running) return;
      seenBetweenBatches.add(done);
      setImmediate(tick);
    };
    setImmediate(tick);
    await loop.embedDocuments(products.slice(0, 4));
    running = false;
    for (const batch of [1, 2, 3]) expect(seenBetweenBatches.has(batch)).toBe(true);
  });

  test("an empty list embeds to an empty list", async () => {
    expect(await embedder.embedDocuments([])).toEqual([]);
  });
});
