import { afterEach, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  chunkKnowledge,
  createCatalogSearch,
  createEmbeddingBackfill,
  indexKnowledge,
} from "../../src/catalog/index.ts";
import { silentLogger } from "../../src/log.ts";
import { createStore, type Store } from "../../src/store/index.ts";
import { buildTinyModel, tinyModelEmbedder } from "../support/tiny-model.ts";

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const done of cleanup.splice(0)) await done();
});

async function emptyStore(): Promise<Store> {
  const store = await createStore({ databaseUrl: "sqlite::memory:" });
  cleanup.push(() => store.close());
  return store;
}

async function docsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "noor-knowledge-"));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe("chunkKnowledge", () => {
  test("one chunk per ## section, titled by document and section, in order", () => {
    const chunks = chunkKnowledge({
      source: "warranty.md",
      markdown:
        "# Warranty\r\n\r\nAll products are covered.\r\n\r\n## Chairs\r\n\r\n5 years on mechanisms.\r\n\r\n### Gas lifts\r\nIncluded.\r\n\r\n## Desks ##\r\n\r\n3 years.\r\n\r\n## Empty\r\n\r\n",
    });
    expect(chunks).toEqual([
      { source: "warranty.md", title: "Warranty", body: "All products are covered.", position: 0 },
      {
        source: "warranty.md",
        title: "Warranty: Chairs",
        body: "5 years on mechanisms.\n\n### Gas lifts\nIncluded.",
        position: 1,
      },
      { source: "warranty.md", title: "Warranty: Desks", body: "3 years.", position: 2 },
    ]);
  });

  test("a document without a # title is titled by its file name", () => {
    expect(chunkKnowledge({ source: "faq.md", markdown: "## Parking\nFree." })).toEqual([
      { source: "faq.md", title: "faq: Parking", body: "Free.", position: 0 },
    ]);
  });
});

describe("knowledge index and search", () => {
  test("the shipped documents are indexed and answer policy questions", async () => {
    const store = await emptyStore();
    const { documents, chunks } = await indexKnowledge({ store, logger: silentLogger });
    expect(documents).toBe(7);
    expect(chunks).toBeGreaterThanOrEqual(30);
    const search = createCatalogSearch({ store, embedder: null, logger: silentLogger });

    const warranty = await search.searchKnowledge({ query: "how long is the warranty on an electric desk?" });
    expect(warranty[0]).toMatchObject({
      source: "warranty.md",
      title: "Warranty: Standard warranty periods",
    });
    expect(warranty[0]!.body).toContain("height-adjustable desks");

    const hours = await search.searchKnowledge({ query: "showroom opening hours", limit: 2 });
    expect(hours).toHaveLength(2);
    expect(hours[0]!.title).toBe("Showroom: Opening hours");
    expect(hours[0]!.score).toBeGreaterThanOrEqual(hours[1]!.score);

    expect((await search.searchKnowledge({ query: "do you deliver to Abu Dhabi" }))[0]!.source).toBe(
      "delivery-and-installation.md",
    );
    expect((await search.searchKnowledge({ query: "can I pay by LPO?" }))[0]!.source).toBe(
      "payment-terms.md",
    );
  });

  test("re-indexing re-embeds only the chunks whose text changed", async () => {
    const store = await emptyStore();
    const tiny = await buildTinyModel();
    cleanup.push(() => tiny.remove());
    const embedder = tinyModelEmbedder(tiny);
    const backfill = createEmbeddingBackfill({ store, embedder, logger: silentLogger });
    const doc = "# Care\n\n## Leather\n\nWipe with a damp cloth.\n\n## Mesh\n\nVacuum gently.\n";
    const dir = await docsDir({ "care.md": doc });

    await indexKnowledge({ store, dir, logger: silentLogger });
    expect((await backfill.run()).knowledge).toBe(2);
    await indexKnowledge({ store, dir, logger: silentLogger });
    expect((await backfill.run()).knowledge).toBe(0);

    await writeFile(join(dir, "care.md"), doc.replace("Vacuum gently.", "Vacuum gently; never soak."));
    await indexKnowledge({ store, dir, logger: silentLogger });
    expect(await store.catalog.knowledgeNeedingEmbedding({ model: embedder.model, limit: 10 })).toMatchObject(
      [{ text: "Care: Mesh\nVacuum gently; never soak." }],
    );
    expect((await backfill.run()).knowledge).toBe(1);

    const search = createCatalogSearch({ store, embedder, logger: silentLogger });
    expect((await search.searchKnowledge({ query: "leather" }))[0]!.title).toBe("Care: Leather");
  });
});
