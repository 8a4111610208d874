/** Liveness, readiness (a status per component) and Prometheus metrics. */
import { Elysia, t } from "elysia";
import type { Metrics } from "../metrics.ts";

export type ComponentState = "ok" | "off" | "degraded" | "down";
export interface ComponentStatus {
  status: ComponentState;
  detail?: string;
}
/** A component's health check; `down` on a component marked critical makes /ready answer 503. */
export type ReadinessCheck = { critical: boolean; check: () => Promise<ComponentStatus> | ComponentStatus };

const ComponentResponse = t.Object({ status: t.String(), detail: t.Optional(t.String()) });

export function healthRoutes({
  readiness,
  metrics,
  checkTimeoutMs = 2000,
}: {
  readiness: Record<string, ReadinessCheck>;
  metrics: Metrics;
  checkTimeoutMs?: number;
}) {
  const run = async ({ check }: ReadinessCheck): Promise<ComponentStatus> => {
    let timer: Timer | undefined;
    try {
      return await Promise.race([
        Promise.resolve().then(check),
        new Promise<ComponentStatus>((resolve) => {
          timer = setTimeout(() => resolve({ status: "down", detail: "check timed out" }), checkTimeoutMs);
        }),
      ]);
    } catch (error) {
      return { status: "down", detail: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  };

  return new Elysia({ name: "health" })
    .get("/health", () => ({ status: "ok" as const }), {
      detail: { summary: "Liveness", tags: ["ops"] },
      response: t.Object({ status: t.Literal("ok") }),
    })
    .get(
      "/ready",
      async ({ set }) => {
        const names = Object.keys(readiness);
        const results = await Promise.all(names.map((n) => run(readiness[n]!)));
        const components = Object.fromEntries(names.map((n, i) => [n, results[i]!]));
        const ready = names.every((n, i) => !(readiness[n]!.critical && results[i]!.status === "down"));
        set.status = ready ? 200 : 503;
        return { status: ready ? "ready" : "not_ready", components };
      },
      {
        detail: {
          summary: "Readiness with a status per component (db, bus, llm, embeddings, wazzup)",
          tags: ["ops"],
        },
        response: {
          200: t.Object({ status: t.String(), components: t.Record(t.String(), ComponentResponse) }),
          503: t.Object({ status: t.String(), components: t.Record(t.String(), ComponentResponse) }),
        },
      },
    )
    .get(
      "/metrics",
      async () =>
        new Response(await metrics.render(), { headers: { "content-type": "text/plain; version=0.0.4" } }),
      { detail: { summary: "Prometheus metrics", tags: ["ops"] } },
    );
}
