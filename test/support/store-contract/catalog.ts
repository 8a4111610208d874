/**
 * Catalogue part of the store contract: products, search (text and vectors),
 * embeddings across models and dimensions, knowledge chunks, sync runs.
 * Vectors are tiny hand-made ones, so expected neighbours are known exactly.
 */
import { afterEach, describe, expect, test } from "bun:test";
import type { ProductInput, Store } from "../../../src/store/index.ts";
import type { StoreHarness } from "../store-contract.ts";

const t0 = Date.UTC(2025, 0, 1);

export function product(overrides: Partial<ProductInput> & { zohoItemId: string }): ProductInput {
  return {
    sku: `SKU-${overrides.zohoItemId}`,
    name: `Item ${overrides.zohoItemId}`,
    description: "",
    category: "Misc",
    brand: null,
    price: 100,
    currency: "AED",
    stock: 10,
    status: "active",
    imageUrl: null,
    attributes: {},
    sourceUpdatedAt: null,
    ...overrides,
  };
}

/** A small catalogue with known words, prices and stock. */
const catalogue: ProductInput[] = [
  product({
    zohoItemId: "z1",
    sku: "TJ-CHR-1001",
    name: "Aero Mesh Task Chair",
    description: "Breathable mesh back, nylon base.",
    category: "Task Chairs",
    brand: "Treejar Basics",
    price: 399,
    stock: 120,
    attributes: { color: "black", material: "mesh" },
  }),
  product({
    zohoItemId: "z2",
    sku: "TJ-DSK-2001",
    name: "Oak Writing Desk",
    description: "Solid oak top; pairs well with a mesh chair.",
    category: "Desks",
    price: 1200,
    stock: 0,
  }),
  product({
    zohoItemId: "z3",
    sku: "tj-chr-1002",
    name: "Executive Leather Chair",
    description: "High back executive seating.",
    category: "Executive Chairs",
    price: 2500,
    stock: null,
  }),
  product({
    zohoItemId: "z4",
    sku: "TJ-CHR-1003",
    name: "كرسي مكتب شبكي",
    description: "كرسي مريح للمكتب",
    category: "Task Chairs",
    price: 450,
    stock: 5,
  }),
];

export function catalogContract(harness: StoreHarness): void {
  describe("catalogue", () => {
    const open: Store[] = [];
    const makeStore = async () => {
      const store = await harness.makeStore();
      open.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
    });

    /** Stores the catalogue; returns product ids by Zoho item id. */
    async function seeded(store: Store, items = catalogue): Promise<Record<string, string>> {
      await store.catalog.upsertProducts(items, t0);
      const skus = await store.catalog.getProductsBySkus(items.map((p) => p.sku));
      return Object.fromEntries(skus.map((p) => [p.zohoItemId, p.id]));
    }

    const ids = (ranked: { id: string }[]) => ranked.map((r) => r.id);

    describe("products", () => {
      test("upsert reports inserted, updated and unchanged; only text changes count as changed", async () => {
        const store = await makeStore();
        const first = await store.catalog.upsertProducts(catalogue, t0);
        expect(first).toMatchObject({ inserted: 4, updated: 0, unchanged: 0 });
        expect(first.changedIds).toHaveLength(4);

        const again = await store.catalog.upsertProducts(catalogue, t0 + 1);
        expect(again).toEqual({ inserted: 0, updated: 0, unchanged: 4, changedIds: [] });

        const [chair, desk, ...rest] = catalogue as [ProductInput, ProductInput, ...ProductInput[]];
        const next = await store.catalog.upsertProducts(
          [
            { ...chair, price: 379, stock: 3 },
            { ...desk, name: "Oak Writing Desk 140" },
            ...rest,
            product({ zohoItemId: "z5", name: "Steel Locker" }),
          ],
          t0 + 2,
        );
        const [deskAfter, locker] = await store.catalog.getProductsBySkus([desk.sku, "SKU-z5"]);
        expect(next).toMatchObject({ inserted: 1, updated: 2, unchanged: 2 });
        expect(next.changedIds.sort()).toEqual([deskAfter!.id, locker!.id].sort());

        const [chairAfter] = await store.catalog.getProductsBySkus([chair.sku]);
        expect(chairAfter).toMatchObject({
          zohoItemId: "z1",
          sku: "TJ-CHR-1001",
          name: "Aero Mesh Task Chair",
          category: "Task Chairs",
          brand: "Treejar Basics",
          price: 379,
          currency: "AED",
          stock: 3,
          status: "active",
          attributes: { color: "black", material: "mesh" },
          createdAt: t0,
          updatedAt: t0 + 2,
        });
        expect(deskAfter!.name).toBe("Oak Writing Desk 140");
        expect(await store.catalog.countProducts()).toBe(5);
      });

      test("the content hash follows the searchable text only", async () => {
        const store = await makeStore();
        const { z1 } = await seeded(store);
        const [before] = await store.catalog.getProductsByIds([z1!]);
        await store.catalog.upsertProducts([{ ...catalogue[0]!, price: 1, stock: 0 }], t0 + 1);
        const [priced] = await store.catalog.getProductsByIds([z1!]);
        expect(priced!.contentHash).toBe(before!.contentHash);
        // Attribute order is not a change.
        await store.catalog.upsertProducts(
          [{ ...catalogue[0]!, price: 1, stock: 0, attributes: { material: "mesh", color: "black" } }],
          t0 + 2,
        );
        expect((await store.catalog.getProductsByIds([z1!]))[0]!.contentHash).toBe(before!.contentHash);
        await store.catalog.upsertProducts([{ ...catalogue[0]!, attributes: { color: "grey" } }], t0 + 3);
        expect((await store.catalog.getProductsByIds([z1!]))[0]!.contentHash).not.toBe(before!.contentHash);
      });

      test("deactivateMissing hides products from search and counts", async () => {
        const store = await makeStore();
        const { z1, z3 } = await seeded(store);
        expect(await store.catalog.deactivateMissing(["z2", "z3", "z4"], t0 + 5)).toBe(1);
        expect(await store.catalog.deactivateMissing(["z2", "z3", "z4"], t0 + 6)).toBe(0);
        expect(await store.catalog.countProducts({ status: "active" })).toBe(3);
        expect(await store.catalog.countProducts({ status: "inactive" })).toBe(1);

        const chairs = await store.catalog.searchProductsText({ terms: ["chair"], limit: 10 });
        expect(ids(chairs)).not.toContain(z1!);
        expect(ids(chairs)).toContain(z3!);
        const [hidden] = await store.catalog.getProductsByIds([z1!]);
        expect(hidden).toMatchObject({ status: "inactive", updatedAt: t0 + 5 });

        // Zoho lists it again: searchable again.
        await store.catalog.upsertProducts([catalogue[0]!], t0 + 7);
        expect(ids(await store.catalog.searchProductsText({ terms: ["aero"], limit: 10 }))).toEqual([z1!]);
      });

      test("SKU lookup ignores case, dashes and spaces, keeps input order, skips unknowns", async () => {
        const store = await makeStore();
        const { z1, z3 } = await seeded(store);
        const found = await store.catalog.getProductsBySkus([
          "TJCHR1002",
          "nope",
          "tj chr 1001",
          "tj-chr-1001",
        ]);
        expect(ids(found)).toEqual([z3!, z1!]);
        expect(await store.catalog.getProductsBySkus([])).toEqual([]);
        const byId = await store.catalog.getProductsByIds([z3!, "missing", z1!]);
        expect(ids(byId)).toEqual([z3!, z1!]);
      });

      test("updateStock sets stock and when it was checked, by any SKU spelling", async () => {
        const store = await makeStore();
        const { z2 } = await seeded(store);
        await store.catalog.updateStock("tj dsk 2001", 7, t0 + 9);
        const [desk] = await store.catalog.getProductsByIds([z2!]);
        expect(desk).toMatchObject({ stock: 7, stockCheckedAt: t0 + 9 });
        await store.catalog.updateStock("TJ-DSK-2001", null, t0 + 10);
        expect((await store.catalog.getProductsByIds([z2!]))[0]).toMatchObject({
          stock: null,
          stockCheckedAt: t0 + 10,
        });
      });

      test("vocabulary counts lower-cased words of active products in any script", async () => {
        const store = await makeStore();
        await seeded(store);
        await store.catalog.deactivateMissing(["z1", "z3", "z4"]);
        const words = await store.catalog.vocabulary();
        expect(words.get("executive")).toBeGreaterThanOrEqual(2);
        expect(words.get("كرسي")).toBeGreaterThanOrEqual(2);
        expect(words.has("Executive")).toBe(false);
        expect(words.has("oak")).toBe(false);
        expect([...words.keys()].every((w) => /^[\p{L}\p{M}]+$/u.test(w))).toBe(true);
      });
    });

    describe("text search", () => {
      test("a name match ranks above a description match", async () => {
        const store = await makeStore();
        const { z1, z2 } = await seeded(store);
        const found = await store.catalog.searchProductsText({ terms: ["mesh"], limit: 10 });
        expect(ids(found).slice(0, 2)).toEqual([z1!, z2!]);
        expect(found[0]!.score).toBeGreaterThan(found[1]!.score);
      });

      test("finds plurals, prefixes and Arabic words; terms are OR-ed", async () => {
        const store = await makeStore();
        const { z1, z2, z3, z4 } = await seeded(store);
        expect(ids(await store.catalog.searchProductsText({ terms: ["chairs"], limit: 10 }))).toEqual(
          expect.arrayContaining([z1!, z3!]),
        );
        expect(ids(await store.catalog.searchProductsText({ terms: ["execut"], limit: 10 }))).toEqual([z3!]);
        expect(ids(await store.catalog.searchProductsText({ terms: ["كرسي"], limit: 10 }))).toEqual([z4!]);
        const either = await store.catalog.searchProductsText({ terms: ["oak leather"], limit: 10 });
        expect(ids(either).sort()).toEqual([z2!, z3!].sort());
        expect(await store.catalog.searchProductsText({ terms: ["wardrobe"], limit: 10 })).toEqual([]);
        expect(await store.catalog.searchProductsText({ terms: ["chair"], limit: 1 })).toHaveLength(1);
      });

      test("filters: category (any case), price range, in stock", async () => {
        const store = await makeStore();
        const { z1, z2, z3, z4 } = await seeded(store);
        const search = (filters: object) =>
          store.catalog.searchProductsText({ terms: ["chair", "كرسي"], filters, limit: 10 }).then(ids);
        expect((await search({ category: "task chairs" })).sort()).toEqual([z1!, z4!].sort());
        expect((await search({ minPrice: 1000 })).sort()).toEqual([z2!, z3!].sort());
        expect(await search({ maxPrice: 400 })).toEqual([z1!]);
        expect((await search({ minPrice: 399, maxPrice: 450 })).sort()).toEqual([z1!, z4!].sort());
        // Out of stock (0) and untracked (null) stock are both left out.
        const inStock = await store.catalog.searchProductsText({
          terms: ["desk", "chair"],
          filters: { inStock: true },
          limit: 10,
        });
        expect(ids(inStock).sort()).toEqual([z1!, z4!].sort());
      });

      test("query syntax in terms is treated as plain words", async () => {
        const store = await makeStore();
        const { z1 } = await seeded(store);
        const hostile = [
          'aero"',
          "aero' OR 1=1 --",
          "(aero",
          "aero)",
          "aero:*",
          "aero & !leather",
          "aero | NOT",
          "*aero*",
          "NEAR(aero chair)",
          "aero OR",
          "AND aero",
          "^aero -chair",
          "aero\\",
          "{aero}",
        ];
        for (const term of hostile) {
          const found = await store.catalog.searchProductsText({ terms: [term], limit: 10 });
          expect(ids(found)).toContain(z1!);
        }
        for (const junk of ['"', "()", ":*", "&|!", "*", "", "   ", "'"])
          expect(await store.catalog.searchProductsText({ terms: [junk], limit: 10 })).toEqual([]);
      });
    });

    describe("embeddings", () => {
      // 4-d vectors: z1 and z4 point one way, z2 nearly another, z3 a third.
      const vectors4: Record<string, number[]> = {
        z1: [1, 0, 0, 0],
        z2: [0.1, 1, 0, 0],
        z3: [0, 0, 1, 0],
        z4: [0.8, 0.2, 0, 0],
      };

      async function embedded(store: Store) {
        const byZoho = await seeded(store);
        const saved = await store.catalog.saveProductEmbeddings({
          model: "test:m4",
          dimensions: 4,
          items: Object.entries(vectors4).map(([zoho, vector]) => ({ id: byZoho[zoho]!, vector })),
        });
        expect(saved).toBe(4);
        return byZoho;
      }

      test("saves vectors and ranks by cosine similarity", async () => {
        const store = await makeStore();
        const { z1, z2, z3, z4 } = await embedded(store);
        const found = await store.catalog.searchProductsVector({
          model: "test:m4",
          vector: [1, 0, 0, 0],
          limit: 10,
        });
        expect(ids(found)).toEqual([z1!, z4!, z2!, z3!]);
        expect(found[0]!.score).toBeCloseTo(1, 5);
        expect(found[1]!.score).toBeCloseTo(0.8 / Math.hypot(0.8, 0.2), 5);
        expect(found[2]!.score).toBeCloseTo(0.1 / Math.hypot(0.1, 1), 5);
        expect(found[3]!.score).toBeCloseTo(0, 5);
        expect(
          await store.catalog.searchProductsVector({ model: "test:m4", vector: [0, 0, 1, 0], limit: 1 }),
        ).toEqual([{ id: z3!, score: expect.closeTo(1, 5) }]);
        expect((await store.catalog.getProductsByIds([z1!]))[0]!.embeddingModel).toBe("test:m4");
      });

      test("filters and deactivation apply to vector search", async () => {
        const store = await makeStore();
        const { z1, z2, z4 } = await embedded(store);
        const search = (filters: object) =>
          store.catalog
            .searchProductsVector({ model: "test:m4", vector: [1, 0, 0, 0], filters, limit: 2 })
            .then(ids);
        expect(await search({ category: "Desks" })).toEqual([z2!]);
        expect(await search({ minPrice: 400 })).toEqual([z4!, z2!]);
        expect(await search({ inStock: true, maxPrice: 1000 })).toEqual([z1!, z4!]);
        await store.catalog.deactivateMissing(["z2", "z3", "z4"]);
        expect(await search({})).toEqual([z4!, z2!]);
      });

      test("another model and dimension need no migration; the old vectors stop being used", async () => {
        const store = await makeStore();
        const { z1, z2, z3, z4 } = await embedded(store);
        const saved = await store.catalog.saveProductEmbeddings({
          model: "test:m6",
          dimensions: 6,
          items: [
            { id: z1!, vector: [0, 0, 0, 0, 1, 0] },
            { id: z2!, vector: [0, 0, 0, 0, 0, 1] },
          ],
        });
        expect(saved).toBe(2);
        const six = await store.catalog.searchProductsVector({
          model: "test:m6",
          vector: [0, 0, 0, 0, 1, 0],
          limit: 10,
        });
        expect(ids(six)).toEqual([z1!, z2!]);
        // Products now embedded by m6 are no longer answered for m4.
        const four = await store.catalog.searchProductsVector({
          model: "test:m4",
          vector: [1, 0, 0, 0],
          limit: 10,
        });
        expect(ids(four)).toEqual([z4!, z3!]);
        const pending = await store.catalog.productsNeedingEmbedding({ model: "test:m6", limit: 10 });
        expect(ids(pending).sort()).toEqual([z3!, z4!].sort());
        // Same dimension, new model: vectors are told apart by model.
        await store.catalog.saveProductEmbeddings({
          model: "test:m4b",
          dimensions: 4,
          items: [{ id: z3!, vector: [1, 0, 0, 0] }],
        });
        expect(
          ids(
            await store.catalog.searchProductsVector({ model: "test:m4b", vector: [1, 0, 0, 0], limit: 10 }),
          ),
        ).toEqual([z3!]);
        expect(
          ids(
            await store.catalog.searchProductsVector({ model: "test:m4", vector: [1, 0, 0, 0], limit: 10 }),
          ),
        ).toEqual([z4!]);
        // A model nobody used, in a dimension never seen.
        expect(
          await store.catalog.searchProductsVector({ model: "test:m3", vector: [1, 0, 0], limit: 10 }),
        ).toEqual([]);
      });

      test("productsNeedingEmbedding follows text changes, not price or stock", async () => {
        const store = await makeStore();
        const { z1, z2, z3, z4 } = await seeded(store);
        const all = await store.catalog.productsNeedingEmbedding({ model: "test:m4", limit: 10 });
        expect(ids(all).sort()).toEqual([z1!, z2!, z3!, z4!].sort());
        const chairText = all.find((p) => p.id === z1)!;
        expect(chairText.text).toContain("Aero Mesh Task Chair");
        expect(chairText.text).toContain("Breathable mesh back");
        expect(chairText.text).toContain("Treejar Basics");
        expect(chairText.text).toContain("black");
        expect(await store.catalog.productsNeedingEmbedding({ model: "test:m4", limit: 2 })).toHaveLength(2);

        await store.catalog.saveProductEmbeddings({
          model: "test:m4",
          dimensions: 4,
          items: all.map((p, i) => ({ id: p.id, vector: [0, 1, i, 0], contentHash: p.contentHash })),
        });
        expect(await store.catalog.productsNeedingEmbedding({ model: "test:m4", limit: 10 })).toEqual([]);

        await store.catalog.upsertProducts([{ ...catalogue[0]!, price: 10, stock: 1 }], t0 + 1);
        expect(await store.catalog.productsNeedingEmbedding({ model: "test:m4", limit: 10 })).toEqual([]);

        await store.catalog.upsertProducts([{ ...catalogue[0]!, name: "Aero Mesh Task Chair v2" }], t0 + 2);
        const stale = await store.catalog.productsNeedingEmbedding({ model: "test:m4", limit: 10 });
        expect(ids(stale)).toEqual([z1!]);
        expect((await store.catalog.getProductsByIds([z1!]))[0]!.embeddingModel).toBeNull();
        // Its old vector is no longer searched.
        const found = await store.catalog.searchProductsVector({
          model: "test:m4",
          vector: [1, 0, 0, 0],
          limit: 10,
        });
        expect(ids(found)).not.toContain(z1!);

        // A vector of the text before the change is refused; one of the current text is kept.
        const outdated = { id: z1!, vector: [1, 0, 0, 0], contentHash: chairText.contentHash };
        expect(
          await store.catalog.saveProductEmbeddings({ model: "test:m4", dimensions: 4, items: [outdated] }),
        ).toBe(0);
        const current = { ...outdated, contentHash: stale[0]!.contentHash };
        expect(
          await store.catalog.saveProductEmbeddings({ model: "test:m4", dimensions: 4, items: [current] }),
        ).toBe(1);
        expect(
          ids(await store.catalog.searchProductsVector({ model: "test:m4", vector: [1, 0, 0, 0], limit: 1 })),
        ).toEqual([z1!]);
      });

      test("a vector of the wrong length is refused", async () => {
        const store = await makeStore();
        const { z1 } = await seeded(store);
        await expect(
          store.catalog.saveProductEmbeddings({
            model: "m",
            dimensions: 4,
            items: [{ id: z1!, vector: [1, 0, 0] }],
          }),
        ).rejects.toThrow(RangeError);
        await expect(
          store.catalog.saveProductEmbeddings({
            model: "m",
            dimensions: 2,
            items: [{ id: z1!, vector: [1, Number.NaN] }],
          }),
        ).rejects.toThrow(RangeError);
        expect((await store.catalog.getProductsByIds([z1!]))[0]!.embeddingModel).toBeNull();
      });
    });

    describe("knowledge", () => {
      const chunk = (position: number, title: string, body: string) => ({
        source: "faq.md",
        position,
        title,
        body,
      });
      const faq = [
        chunk(0, "Delivery", "We deliver across the UAE within 3 to 5 working days."),
        chunk(1, "Warranty", "Chairs carry a five year warranty against defects."),
        chunk(2, "Payment", "Bank transfer or card; invoices in AED."),
      ];

      test("replace keeps unchanged chunks and their embeddings, drops vanished ones", async () => {
        const store = await makeStore();
        await store.catalog.replaceKnowledge("faq.md", faq, t0);
        await store.catalog.replaceKnowledge(
          "other.md",
          [{ ...chunk(0, "Showroom", "Visit us in Dubai."), source: "other.md" }],
          t0,
        );
        const pending = await store.catalog.knowledgeNeedingEmbedding({ model: "test:m4", limit: 10 });
        expect(pending.map((p) => p.text.split("\n")[0])).toEqual([
          "Delivery",
          "Warranty",
          "Payment",
          "Showroom",
        ]);
        const vectors = [
          [1, 0, 0, 0],
          [0, 1, 0, 0],
          [0, 0, 1, 0],
          [0, 0, 0, 1],
        ];
        await store.catalog.saveKnowledgeEmbeddings({
          model: "test:m4",
          dimensions: 4,
          items: pending.map((p, i) => ({ id: p.id, vector: vectors[i]!, contentHash: p.contentHash })),
        });
        const [delivery, warranty, payment] = pending;

        // Payment vanishes, Warranty moves to the front unchanged, Delivery's body changes, a new chunk joins.
        await store.catalog.replaceKnowledge(
          "faq.md",
          [
            chunk(0, "Warranty", faq[1]!.body),
            chunk(1, "Delivery", "We deliver across the UAE within 2 working days."),
            chunk(2, "Returns", "Unused items can be returned within 14 days."),
          ],
          t0 + 1,
        );
        const kept = await store.catalog.getKnowledgeByIds([warranty!.id, payment!.id]);
        expect(kept).toEqual([
          expect.objectContaining({
            id: warranty!.id,
            position: 0,
            title: "Warranty",
            embeddingModel: "test:m4",
          }),
        ]);
        const again = await store.catalog.knowledgeNeedingEmbedding({ model: "test:m4", limit: 10 });
        expect(again.map((p) => p.text.split("\n")[0])).toEqual(["Delivery", "Returns"]);
        expect(again.map((p) => p.id)).not.toContain(delivery!.id);

        const near = await store.catalog.searchKnowledgeVector({
          model: "test:m4",
          vector: [0, 0, 1, 0.1],
          limit: 10,
        });
        // Payment's vector went with it; Warranty and Showroom keep theirs; the changed Delivery is not embedded yet.
        expect(near.map((r) => r.id)).toEqual(expect.arrayContaining([warranty!.id]));
        expect(near.map((r) => r.id)).not.toContain(payment!.id);
        expect(near).toHaveLength(2);

        expect(await store.catalog.searchKnowledgeText({ terms: ["payment"], limit: 10 })).toEqual([]);
        await store.catalog.replaceKnowledge("faq.md", [], t0 + 2);
        expect(await store.catalog.knowledgeNeedingEmbedding({ model: "test:m4", limit: 10 })).toEqual([]);
      });

      test("text search ranks title matches first and ignores query syntax", async () => {
        const store = await makeStore();
        await store.catalog.replaceKnowledge("faq.md", faq, t0);
        const chunks = await store.catalog.knowledgeNeedingEmbedding({ model: "x", limit: 10 });
        const [delivery, warranty] = chunks;
        const found = await store.catalog.searchKnowledgeText({ terms: ["warranty"], limit: 10 });
        expect(found.map((r) => r.id)).toEqual([warranty!.id]);
        const deliver = await store.catalog.searchKnowledgeText({ terms: ['deliver" (x'], limit: 10 });
        expect(deliver.map((r) => r.id)).toEqual([delivery!.id]);
        const [full] = await store.catalog.getKnowledgeByIds([delivery!.id]);
        expect(full).toMatchObject({ source: "faq.md", position: 0, title: "Delivery", body: faq[0]!.body });
      });
    });

    describe("sync runs", () => {
      test("start, finish, list newest first, last succeeded by kind", async () => {
        const store = await makeStore();
        expect(await store.catalog.lastSucceededSync()).toBeNull();
        const full = await store.catalog.startSyncRun("full", t0);
        expect(full).toMatchObject({
          kind: "full",
          status: "running",
          startedAt: t0,
          finishedAt: null,
          errors: [],
        });
        const done = await store.catalog.finishSyncRun(
          full.id,
          {
            status: "succeeded",
            itemsSeen: 10,
            itemsUpserted: 4,
            itemsDeactivated: 1,
            itemsEmbedded: 4,
            errors: [],
          },
          t0 + 100,
        );
        expect(done).toMatchObject({
          id: full.id,
          status: "succeeded",
          finishedAt: t0 + 100,
          itemsSeen: 10,
          itemsEmbedded: 4,
        });

        const incremental = await store.catalog.startSyncRun("incremental", t0 + 200);
        await store.catalog.finishSyncRun(
          incremental.id,
          {
            status: "failed",
            itemsSeen: 0,
            itemsUpserted: 0,
            itemsDeactivated: 0,
            itemsEmbedded: 0,
            errors: ["zoho: rate limited", 'quote " and ünicode'],
          },
          t0 + 300,
        );
        const runs = await store.catalog.listSyncRuns();
        expect(runs.map((r) => r.id)).toEqual([incremental.id, full.id]);
        expect(runs[0]!.errors).toEqual(["zoho: rate limited", 'quote " and ünicode']);
        expect(await store.catalog.listSyncRuns(1)).toHaveLength(1);
        expect((await store.catalog.lastSucceededSync())!.id).toBe(full.id);
        expect(await store.catalog.lastSucceededSync("incremental")).toBeNull();
        expect((await store.catalog.lastSucceededSync("full"))!.id).toBe(full.id);
      });
    });
  });
}
