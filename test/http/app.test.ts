import { describe, expect, test } from "bun:test";
import { Elysia, t } from "elysia";
import { createApp, requireBearer } from "../../src/http/index.ts";
import { createLogger } from "../../src/log.ts";
import { createMetrics } from "../../src/metrics.ts";
import { json, post, req } from "../support/http.ts";

/** An app with a few feature routes of the kinds real ones have, and its log lines and metrics. */
function makeApp({ maxBodyBytes = 1024 }: { maxBodyBytes?: number } = {}) {
  const lines: string[] = [];
  const metrics = createMetrics();
  const routes = new Elysia({ name: "test-routes" })
    .get("/things/:id", ({ params }) => ({ id: params.id }))
    .post("/orders", ({ body }) => ({ received: body.qty }), {
      body: t.Object({ sku: t.String(), qty: t.Integer({ minimum: 1 }) }),
      detail: { summary: "Place an order" },
    })
    .get("/private", ({ headers }) => {
      requireBearer(headers.authorization, "s3cret-key");
      return { ok: true };
    })
    .get("/boom", () => {
      throw new Error("connection string postgres://noor:hunter2@db");
    });
  const app = createApp({
    logger: createLogger({ write: (l) => lines.push(l) }),
    metrics,
    readiness: { db: { critical: true, check: () => ({ status: "ok" }) } },
    routes: [routes],
    maxBodyBytes,
  });
  const logs = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { app, logs, metrics };
}

/** Request logs and metrics are written after the response; wait (bounded) until `check` holds. */
async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 2000) {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error("condition not reached");
    await Bun.sleep(2);
  }
}

describe("createApp", () => {
  test("/health answers 200 ok", async () => {
    const { app } = makeApp();
    const res = await app.handle(req("/health"));
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: "ok" });
  });

  test("/ready runs the given readiness checks", async () => {
    const { app } = makeApp();
    const res = await app.handle(req("/ready"));
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: "ready", components: { db: { status: "ok" } } });
  });

  test("/ready is 503 through the root app when a critical component is down", async () => {
    const app = createApp({
      logger: createLogger({ write: () => {} }),
      metrics: createMetrics(),
      readiness: { db: { critical: true, check: () => ({ status: "down", detail: "gone" }) } },
    });
    const res = await app.handle(req("/ready"));
    expect(res.status).toBe(503);
    expect(await json(res)).toEqual({
      status: "not_ready",
      components: { db: { status: "down", detail: "gone" } },
    });
  });

  test("/metrics counts requests by route pattern, not by raw path", async () => {
    const { app, metrics } = makeApp();
    await app.handle(req("/things/42"));
    await app.handle(req("/things/43"));
    const counter = metrics.counter("http_requests_total", "");
    await eventually(() => counter.get({ method: "GET", route: "/things/:id", status: "200" }) === 2);
    const res = await app.handle(req("/metrics"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toStartWith("text/plain");
    const text = await res.text();
    expect(text).toContain('http_requests_total{method="GET",route="/things/:id",status="200"} 2');
    expect(text).toContain('http_request_duration_seconds_count{method="GET",route="/things/:id"} 2');
    expect(text).not.toContain("/things/42");
    expect(text).not.toContain("/things/43");
  });

  test("unknown paths are counted under one label, whatever the path", async () => {
    const { app, metrics } = makeApp();
    await app.handle(req("/random-1"));
    await app.handle(req("/random-2"));
    const counter = metrics.counter("http_requests_total", "");
    await eventually(() => counter.get({ method: "GET", route: "unmatched", status: "404" }) === 2);
    expect(await metrics.render()).not.toContain("random-");
  });

  test("each request is logged once as JSON with its route, status and request id", async () => {
    const { app, logs } = makeApp();
    await app.handle(req("/things/7", { headers: { "x-request-id": "req-abc" } }));
    await eventually(() => logs().some((l) => l.msg === "request"));
    expect(logs().filter((l) => l.msg === "request")).toEqual([
      expect.objectContaining({ requestId: "req-abc", method: "GET", route: "/things/:id", status: 200 }),
    ]);
  });

  test("a body over the limit by content-length is refused with 413 before the route runs", async () => {
    const { app } = makeApp({ maxBodyBytes: 1024 });
    const body = JSON.stringify({ sku: "x".repeat(2000), qty: 1 });
    const res = await app.handle(
      req("/orders", {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(body.length) },
        body,
      }),
    );
    expect(res.status).toBe(413);
    expect(res.headers.get("content-type")).toStartWith("application/json");
    expect((await json(res)).error).toMatchObject({
      code: "payload_too_large",
      message: expect.stringContaining("1024"),
    });
  });

  test("a body within the limit is accepted", async () => {
    const { app } = makeApp({ maxBodyBytes: 1024 });
    const body = JSON.stringify({ sku: "CH-1", qty: 2 });
    const res = await app.handle(
      req("/orders", {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(body.length) },
        body,
      }),
    );
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ received: 2 });
  });

  test("a schema violation is 422 with the path of the offending field", async () => {
    const { app } = makeApp();
    const res = await app.handle(post("/orders", { sku: "CH-1", qty: "many" }));
    expect(res.status).toBe(422);
    const { error } = await json(res);
    expect(error.code).toBe("invalid");
    expect(error.issues.map((i: { path: string }) => i.path)).toContain("/qty");
    expect(error.message).toStartWith("/qty:");
    expect(error.requestId).toBe(res.headers.get("x-request-id"));
  });

  test("a missing required field is 422 naming it", async () => {
    const { app } = makeApp();
    const res = await app.handle(post("/orders", { qty: 1 }));
    expect(res.status).toBe(422);
    expect((await json(res)).error.issues.map((i: { path: string }) => i.path)).toContain("/sku");
  });

  test("broken JSON is 400 bad_request", async () => {
    const { app } = makeApp();
    const res = await app.handle(
      req("/orders", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"sku": "CH-1",',
      }),
    );
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toStartWith("application/json");
    expect((await json(res)).error).toMatchObject({ code: "bad_request", message: "body is not valid JSON" });
  });

  test("an unknown route is 404 with a JSON body", async () => {
    const { app } = makeApp();
    const res = await app.handle(req("/no/such/route"));
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toStartWith("application/json");
    const body = await json(res);
    expect(body.error.code).toBe("not_found");
    expect(body.error.requestId).toBe(res.headers.get("x-request-id"));
  });

  test("an HttpError thrown by a route keeps its status and code", async () => {
    const { app } = makeApp();
    const denied = await app.handle(req("/private", { headers: { authorization: "Bearer wrong" } }));
    expect(denied.status).toBe(401);
    expect((await json(denied)).error.code).toBe("unauthorized");
    const allowed = await app.handle(req("/private", { headers: { authorization: "Bearer s3cret-key" } }));
    expect(allowed.status).toBe(200);
  });

  test("an unexpected error is a generic 500 that hides the detail, logged once with the request id", async () => {
    const { app, logs } = makeApp();
    const res = await app.handle(req("/boom", { headers: { "x-request-id": "req-boom" } }));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("hunter2");
    expect(JSON.parse(text).error).toEqual({
      code: "internal",
      message: "internal error",
      requestId: "req-boom",
    });
    const failures = logs().filter((l) => l.level === "error");
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({
      requestId: "req-boom",
      err: { message: expect.stringContaining("hunter2") },
    });
  });

  test("x-request-id is echoed when given, on success and on errors", async () => {
    const { app } = makeApp();
    const ok = await app.handle(req("/health", { headers: { "x-request-id": "trace-123" } }));
    expect(ok.headers.get("x-request-id")).toBe("trace-123");
    const missing = await app.handle(req("/nope", { headers: { "x-request-id": "trace-456" } }));
    expect(missing.headers.get("x-request-id")).toBe("trace-456");
    expect((await json(missing)).error.requestId).toBe("trace-456");
  });

  test("x-request-id is generated, unique per request, when not given; an overlong one is cut", async () => {
    const { app } = makeApp();
    const a = (await app.handle(req("/health"))).headers.get("x-request-id");
    const b = (await app.handle(req("/health"))).headers.get("x-request-id");
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(b).toMatch(/^[0-9a-f-]{36}$/);
    expect(a).not.toBe(b);
    const long = (await app.handle(req("/health", { headers: { "x-request-id": "x".repeat(500) } }))).headers;
    expect(long.get("x-request-id")).toBe("x".repeat(64));
  });

  test("/openapi/json lists the routes with their schemas and the bearer security scheme", async () => {
    const { app } = makeApp();
    const res = await app.handle(req("/openapi/json"));
    expect(res.status).toBe(200);
    const doc = await json(res);
    expect(doc.openapi).toStartWith("3.");
    expect(doc.info.title).toBe("Noor");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/health", "/ready", "/metrics", "/things/{id}", "/orders"]),
    );
    expect(doc.paths["/orders"].post.summary).toBe("Place an order");
    expect(JSON.stringify(doc.paths["/orders"].post.requestBody)).toContain('"qty"');
    expect(doc.components.securitySchemes.adminKey).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.paths["/openapi"]).toBeUndefined();
  });

  test("/openapi is an HTML page that points at /openapi/json and loads nothing from outside", async () => {
    const { app } = makeApp();
    const res = await app.handle(req("/openapi"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toStartWith("text/html");
    const html = await res.text();
    expect(html).toContain("/openapi/json");
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link[^>]*href=["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/https?:\/\//);
  });
});
