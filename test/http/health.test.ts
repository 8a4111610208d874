import { describe, expect, test } from "bun:test";
import { healthRoutes, type ReadinessCheck } from "../../src/http/health.ts";
import { createMetrics } from "../../src/metrics.ts";
import { json, req } from "../support/http.ts";

const ready = async (readiness: Record<string, ReadinessCheck>, checkTimeoutMs = 50) => {
  const app = healthRoutes({ readiness, metrics: createMetrics(), checkTimeoutMs });
  const res = await app.handle(req("/ready"));
  return { status: res.status, body: await json(res) };
};

const never = () => new Promise<never>(() => {});

describe("healthRoutes", () => {
  test("/health is 200 without running any check", async () => {
    let ran = 0;
    const app = healthRoutes({
      readiness: {
        db: {
          critical: true,
          check: () => {
            ran++;
            return { status: "down" };
          },
        },
      },
      metrics: createMetrics(),
    });
    const res = await app.handle(req("/health"));
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: "ok" });
    expect(ran).toBe(0);
  });

  test("/ready is 200 when every component is ok, with each component's status", async () => {
    const { status, body } = await ready({
      db: { critical: true, check: async () => ({ status: "ok", detail: "sqlite" }) },
      llm: { critical: false, check: () => ({ status: "off", detail: "no OPENROUTER_API_KEY" }) },
    });
    expect(status).toBe(200);
    expect(body).toEqual({
      status: "ready",
      components: {
        db: { status: "ok", detail: "sqlite" },
        llm: { status: "off", detail: "no OPENROUTER_API_KEY" },
      },
    });
  });

  test("a critical component down makes /ready 503 not_ready", async () => {
    const { status, body } = await ready({
      db: { critical: true, check: () => ({ status: "down", detail: "connection refused" }) },
      wazzup: { critical: false, check: () => ({ status: "ok" }) },
    });
    expect(status).toBe(503);
    expect(body.status).toBe("not_ready");
    expect(body.components.db).toEqual({ status: "down", detail: "connection refused" });
    expect(body.components.wazzup).toEqual({ status: "ok" });
  });

  test("a non-critical component down leaves /ready 200 and reports it", async () => {
    const { status, body } = await ready({
      db: { critical: true, check: () => ({ status: "ok" }) },
      embeddings: { critical: false, check: () => ({ status: "down", detail: "model missing" }) },
    });
    expect(status).toBe(200);
    expect(body.status).toBe("ready");
    expect(body.components.embeddings).toEqual({ status: "down", detail: "model missing" });
  });

  test("a critical component degraded is still ready", async () => {
    const { status } = await ready({ bus: { critical: true, check: () => ({ status: "degraded" }) } });
    expect(status).toBe(200);
  });

  test("a check that throws, sync or async, counts as down with its message", async () => {
    const { status, body } = await ready({
      db: {
        critical: true,
        check: async () => {
          throw new Error("SQLITE_CANTOPEN");
        },
      },
      bus: {
        critical: false,
        check: () => {
          throw new Error("redis gone");
        },
      },
    });
    expect(status).toBe(503);
    expect(body.components).toEqual({
      db: { status: "down", detail: "SQLITE_CANTOPEN" },
      bus: { status: "down", detail: "redis gone" },
    });
  });

  test("a check that hangs times out as down, and the others still answer", async () => {
    const { status, body } = await ready({
      db: { critical: true, check: never },
      llm: { critical: false, check: () => ({ status: "ok" }) },
    });
    expect(status).toBe(503);
    expect(body.components.db).toEqual({ status: "down", detail: "check timed out" });
    expect(body.components.llm).toEqual({ status: "ok" });
  });

  test("a hanging non-critical check times out without failing readiness", async () => {
    const { status, body } = await ready({ wazzup: { critical: false, check: never } });
    expect(status).toBe(200);
    expect(body.components.wazzup.status).toBe("down");
  });

  test("no components means ready", async () => {
    expect(await ready({})).toEqual({ status: 200, body: { status: "ready", components: {} } });
  });

  test("/metrics serves the registry in the Prometheus text format", async () => {
    const metrics = createMetrics();
    metrics.counter("noor_test_total", "A test counter").inc({ kind: "a" });
    const app = healthRoutes({ readiness: {}, metrics });
    const res = await app.handle(req("/metrics"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4");
    expect(await res.text()).toBe(await metrics.render());
  });
});
