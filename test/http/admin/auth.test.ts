/** Every /api/v1 route needs the admin key; nothing else does. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Elysia } from "elysia";
import { adminRoutes } from "../../../src/http/admin/index.ts";
import { createApp } from "../../../src/http/index.ts";
import { silentLogger } from "../../../src/log.ts";
import { createMetrics } from "../../../src/metrics.ts";
import {
  createConsoleSender,
  createInProcessBus,
  createRuntime,
  createTurnRunner,
} from "../../../src/runtime/index.ts";
import { createStore } from "../../../src/store/index.ts";
import { req } from "../../support/http.ts";
import { type AdminWorld, startAdminWorld } from "./admin-world.ts";

// Three entries each: bun:test reads an extra callback parameter as a `done` callback.
const routes: [string, string, unknown][] = [
  ["GET", "/api/v1/conversations", undefined],
  ["GET", "/api/v1/conversations/some-id", undefined],
  ["PATCH", "/api/v1/conversations/some-id", { salesStage: "quoting" }],
  ["POST", "/api/v1/conversations/some-id/handoff", {}],
  ["POST", "/api/v1/conversations/some-id/resume", undefined],
  ["POST", "/api/v1/conversations/some-id/messages", { text: "hello" }],
  ["GET", "/api/v1/deliveries/failed", undefined],
  ["POST", "/api/v1/deliveries/some-id/resend", undefined],
  ["GET", "/api/v1/stats", undefined],
  ["GET", "/api/v1/statechart", undefined],
  ["GET", "/api/v1/statechart?format=mermaid", undefined],
];

let world: AdminWorld;
beforeAll(async () => {
  world = await startAdminWorld();
});
afterAll(() => world.stop());

const call = (method: string, path: string, body: unknown, authorization?: string) =>
  fetch(`${world.noor.url}${path}`, {
    method,
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("the admin key", () => {
  test.each(routes)("%s %s is 401 without a key and with a wrong one", async (method, path, body) => {
    for (const authorization of [undefined, "Bearer wrong-key", `Basic ${world.noor.adminKey}`, "Bearer "]) {
      const res = await call(method, path, body, authorization);
      expect(res.status).toBe(401);
      const { error } = (await res.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe("unauthorized");
      expect(error.message).toContain("ADMIN_API_KEY");
    }
  });

  test("a key that differs only in its last character or length is refused", async () => {
    const key = world.noor.adminKey;
    const lastFlipped = `${key.slice(0, -1)}${key.endsWith("a") ? "b" : "a"}`;
    for (const wrong of [lastFlipped, `${key}x`, key.slice(0, -1)]) {
      expect((await call("GET", "/api/v1/stats", undefined, `Bearer ${wrong}`)).status).toBe(401);
    }
    expect((await call("GET", "/api/v1/stats", undefined, `Bearer ${key}`)).status).toBe(200);
    expect((await call("GET", "/api/v1/stats", undefined, `bearer ${key}`)).status).toBe(200);
  });

  test("the key is checked before validation: no schema detail leaks to a caller without it", async () => {
    const res = await call("GET", "/api/v1/conversations?status=bogus&page=0", undefined);
    expect(res.status).toBe(401);
    const patch = await call("PATCH", "/api/v1/conversations/x", { salesStage: "nowhere" });
    expect(patch.status).toBe(401);
  });

  test("health, the webhook and the OpenAPI document need no admin key", async () => {
    expect((await fetch(`${world.noor.url}/health`)).status).toBe(200);
    expect((await fetch(`${world.noor.url}/openapi/json`)).status).toBe(200);
    expect((await world.noor.postWebhook({ test: true })).status).toBe(200);
  });
});

describe("extra route modules", () => {
  test("a module passed as `extra` is mounted under /api/v1 behind the same key and documented with it", async () => {
    const store = await createStore({ databaseUrl: "sqlite::memory:" });
    const metrics = createMetrics();
    const runtime = createRuntime({
      store,
      bus: createInProcessBus(),
      turnRunner: createTurnRunner({ llm: null }),
      sender: createConsoleSender(silentLogger),
      logger: silentLogger,
      metrics,
      debounceMs: 10,
      actorIdleMs: 60_000,
      maxLiveActors: 10,
      splitText: (text) => [text],
    });
    const catalog = new Elysia({ name: "catalog-test" }).get("/products", () => ({ items: [] }), {
      detail: { summary: "Search the catalogue", tags: ["catalogue"] },
    });
    const app = createApp({
      logger: silentLogger,
      metrics,
      readiness: {},
      routes: [
        adminRoutes({
          adminKey: "k-123",
          store,
          runtime,
          wazzup: null,
          logger: silentLogger,
          extra: [catalog],
        }),
      ],
    });
    expect((await app.handle(req("/api/v1/products"))).status).toBe(401);
    const ok = await app.handle(req("/api/v1/products", { headers: { authorization: "Bearer k-123" } }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ items: [] });
    const doc = (await (await app.handle(req("/openapi/json"))).json()) as any;
    expect(doc.paths["/api/v1/products"].get.security).toEqual([{ adminKey: [] }]);
    await store.close();
  });
});
