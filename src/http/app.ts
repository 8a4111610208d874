/**
 * The root Elysia app: request ids, structured request logs, metrics per
 * route, the body-size limit, the one error handler, and the feature routes
 * given to it. Testable without a socket through `app.handle(request)`.
 */
import { type AnyElysia, Elysia } from "elysia";
import type { Logger } from "../log.ts";
import type { Metrics } from "../metrics.ts";
import { HttpError, toErrorResponse } from "./errors.ts";
import { healthRoutes, type ReadinessCheck } from "./health.ts";
import { openapiDocs } from "./openapi-docs.ts";

export interface CreateAppOptions {
  logger: Logger;
  metrics: Metrics;
  readiness: Record<string, ReadinessCheck>;
  /** Feature route modules (webhook, admin API, …). */
  routes?: AnyElysia[];
  maxBodyBytes?: number;
  version?: string;
}

const started = new WeakMap<Request, { at: number; id: string }>();

export function createApp({
  logger,
  metrics,
  readiness,
  routes = [],
  maxBodyBytes = 1_048_576,
  version = "0.1.0",
}: CreateAppOptions) {
  const requests = metrics.counter("http_requests_total", "HTTP requests by method, route and status");
  const latency = metrics.histogram(
    "http_request_duration_seconds",
    "HTTP request latency by method and route",
  );
  const meta = (request: Request) => started.get(request) ?? { at: performance.now(), id: "unknown" };

  let app = new Elysia({ name: "noor" })
    .onRequest(({ request }) => {
      const id = request.headers.get("x-request-id")?.slice(0, 64) || crypto.randomUUID();
      started.set(request, { at: performance.now(), id });
      const length = Number(request.headers.get("content-length") ?? 0);
      if (length > maxBodyBytes) {
        throw new HttpError("payload_too_large", `request body over ${maxBodyBytes} bytes`);
      }
    })
    .onError(({ code, error, request, set }) => {
      const { status, body } = toErrorResponse({ code, error, requestId: meta(request).id, logger });
      set.status = status;
      set.headers["content-type"] = "application/json";
      set.headers["x-request-id"] = meta(request).id;
      return body;
    })
    .onAfterHandle(({ request, set }) => {
      set.headers["x-request-id"] = meta(request).id;
    })
    .onAfterResponse(({ request, route, set }) => {
      const { at, id } = meta(request);
      const seconds = (performance.now() - at) / 1000;
      const status = String(set.status ?? 200);
      const labelRoute = route || "unmatched";
      requests.inc({ method: request.method, route: labelRoute, status });
      latency.observe(seconds, { method: request.method, route: labelRoute });
      logger.info("request", {
        requestId: id,
        method: request.method,
        route: labelRoute,
        status: Number(status),
        ms: Math.round(seconds * 1000 * 10) / 10,
      });
    })
    .use(openapiDocs({ version }))
    .use(healthRoutes({ readiness, metrics })) as unknown as AnyElysia;
  for (const r of routes) app = app.use(r);
  return app;
}

export type App = ReturnType<typeof createApp>;
