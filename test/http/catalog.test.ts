import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { createCatalogSearch, createCatalogSync } from "../../src/catalog/index.ts";
import { catalogRoutes } from "../../src/http/catalog.ts";
import { createApp } from "../../src/http/index.ts";
import { createZohoClient } from "../../src/integrations/zoho/index.ts";
import { silentLogger } from "../../src/log.ts";
import { createMetrics } from "../../src/metrics.ts";
import { createStore, type Store } from "../../src/store/index.ts";
import { createSimulatedClock } from "../integrations/zoho/simulated-clock.ts";
import { createFakeZoho, type FakeZoho } from "../support/fake-zoho.ts";
import { json, post, req } from "../support/http.ts";
import { eventually, type Harness, startNoor } from "../support/noor-harness.ts";

describe("catalogue routes in a running Noor (no Zoho: the demo catalogue)", () => {
  let noor: Harness;
  beforeAll(async () => {
    noor = await startNoor();
  });
  afterAll(() => noor.stop());

  test("need the admin key", async () => {
    for (const [method, path] of [
      ["GET", "/api/v1/products?q=chair"],
      ["POST", "/api/v1/catalog/sync"],
      ["GET", "/api/v1/catalog/sync-runs"],
    ] as const) {
      const res = await fetch(`${noor.url}${path}`, { method, headers: { authorization: "Bearer wrong" } });
      expect(res.status).toBe(401);
    }
  });

  test("GET /api/v1/products answers the contract's shape, best first, an exact SKU on top", async () => {
    const res = await noor.admin("/api/v1/products?q=ergonomic%20chair&limit=5");
    expect(res.status).toBe(200);
    const { items } = await json(res);
    expect(items).toHaveLength(5);
    // Read before toMatchObject: Bun's asymmetric matchers write themselves into the received object.
    const scores = items.map((item: { score: number }) => item.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const item of items) {
      expect(typeof item.score).toBe("number");
      expect(item).toMatchObject({
        sku: expect.any(String),
        name: expect.any(String),
        price: expect.any(Number),
        currency: "AED",
        category: expect.any(String),
      });
      expect("stock" in item).toBe(true);
    }
    const sku = await json(await noor.admin("/api/v1/products?q=tjsto6013"));
    expect(sku.items[0]).toMatchObject({ sku: "TJ-STO-6013", score: 1 });
  });

  test("filters from the query string hold; invalid ones are 422", async () => {
    const { items } = await json(
      await noor.admin("/api/v1/products?q=chair&maxPrice=600&inStock=true&category=Task%20Chairs&limit=50"),
    );
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(item.price).toBeLessThanOrEqual(600);
      expect(item.stock).toBeGreaterThan(0);
      expect(item.category).toBe("Task Chairs");
    }
    expect((await noor.admin("/api/v1/products?q=chair&limit=0")).status).toBe(422);
    expect((await noor.admin("/api/v1/products?limit=5")).status).toBe(422);
    expect((await noor.admin("/api/v1/products?q=chair&inStock=maybe")).status).toBe(422);
  });

  test("POST /api/v1/catalog/sync starts a (demo) run; GET sync-runs lists it finished", async () => {
    const res = await noor.admin("/api/v1/catalog/sync", { method: "POST" });
    expect(res.status).toBe(200);
    const run = await json(res);
    expect(run).toMatchObject({ kind: "demo", status: "running", finishedAt: null });
    const finished = await eventually(async () => {
      const { items } = await json(await noor.admin("/api/v1/catalog/sync-runs"));
      return items.find((r: { id: string; status: string }) => r.id === run.id && r.status !== "running");
    });
    expect(finished).toMatchObject({ status: "succeeded", itemsSeen: 107, errors: [] });
    expect(Date.parse(finished.finishedAt)).toBeGreaterThanOrEqual(Date.parse(finished.startedAt));
    const { items } = await json(await noor.admin("/api/v1/catalog/sync-runs?limit=1"));
    expect(items).toHaveLength(1);
  });

  test("/ready says embeddings are off and search is lexical", async () => {
    const body = await json(await fetch(`${noor.url}/ready`));
    expect(body.components.embeddings).toEqual({
      status: "off",
      detail: "EMBEDDINGS=none: lexical search only",
    });
  });
});

describe("POST /catalog/sync while a sync runs", () => {
  let store: Store;
  let fake: FakeZoho;
  afterEach(async () => {
    await store?.close();
    await fake?.stop();
  });

  test("is a 409 with the running run; once it finishes a new one starts", async () => {
    // The first sync waits on Zoho's 429 (the client sleeps on a clock the test advances).
    const clock = createSimulatedClock({ autoAdvance: false });
    fake = createFakeZoho({ now: clock.now });
    fake.loadDemoCatalog();
    fake.failAt(1, { kind: "rate_limited", code: 44, retryAfterSeconds: 10 });
    const zoho = createZohoClient({ ...fake.clientOptions, now: clock.now, sleep: clock.sleep });
    store = await createStore({ databaseUrl: "sqlite::memory:" });
    const sync = createCatalogSync({ store, zoho, logger: silentLogger, knowledgeDir: null, now: clock.now });
    const search = createCatalogSearch({ store, embedder: null, logger: silentLogger });
    const app = createApp({
      logger: silentLogger,
      metrics: createMetrics(),
      readiness: {},
      routes: [new Elysia({ prefix: "/api/v1" }).use(catalogRoutes({ search, sync, store }))],
    });

    const first = await json(await app.handle(post("/api/v1/catalog/sync", { kind: "full" })));
    expect(first).toMatchObject({ kind: "full", status: "running" });
    const busy = await app.handle(post("/api/v1/catalog/sync", {}));
    expect(busy.status).toBe(409);
    expect(await json(busy)).toMatchObject({ error: { code: "conflict", run: { id: first.id } } });

    for (let i = 0; i < 200 && clock.pendingTimers === 0; i++) await Bun.sleep(5);
    clock.advance(10_000);
    await eventually(() => sync.current() === null);
    const runs = await json(await app.handle(req("/api/v1/catalog/sync-runs")));
    expect(runs.items[0]).toMatchObject({ id: first.id, status: "succeeded", itemsSeen: 107 });
    expect((await app.handle(post("/api/v1/catalog/sync", { kind: "incremental" }))).status).toBe(200);
    expect((await app.handle(post("/api/v1/catalog/sync", { kind: "everything" }))).status).toBe(422);
  });
});
