/** /api/v1/stats: conversations by stage and status, messages and LLM cost per day, response times. */
import { Elysia } from "elysia";
import { stageIds } from "../../sales/index.ts";
import { conversationStatuses, type Store } from "../../store/index.ts";
import { HttpError } from "../errors.ts";
import { adminErrors, iso } from "./common.model.ts";
import { StatsQuery, StatsResponse } from "./stats.model.ts";

const defaultSpanMs = 30 * 24 * 60 * 60 * 1000;

/** Every key listed, zero when there is nothing (a dashboard should not guess missing stages). */
const withZeros = (keys: readonly string[], counts: Record<string, number>) => ({
  ...Object.fromEntries(keys.map((k) => [k, 0])),
  ...counts,
});

export function statsRoutes({ store, now = Date.now }: { store: Store; now?: () => number }) {
  return new Elysia({ name: "admin-stats" }).get(
    "/stats",
    async ({ query }) => {
      const to = query.to?.getTime() ?? now();
      const from = query.from?.getTime() ?? to - defaultSpanMs;
      if (from >= to) throw new HttpError("invalid", "from must be before to");
      const stats = await store.stats.stats({ from, to });
      return {
        from: iso(from),
        to: iso(to),
        conversationsByStage: withZeros(stageIds, stats.conversationsByStage),
        conversationsByStatus: withZeros(conversationStatuses, stats.conversationsByStatus),
        messagesPerDay: stats.messagesPerDay.map(({ day, role, value }) => ({ day, role, count: value })),
        costPerDay: stats.costPerDay.map(({ day, value }) => ({ day, usd: value })),
        responseTimeMs: stats.responseTimeMs,
      };
    },
    {
      query: StatsQuery,
      response: { 200: StatsResponse, ...adminErrors },
      detail: {
        tags: ["stats"],
        summary:
          "Conversations by stage and status, messages and LLM cost per day, median and p95 response time",
        description: "`from`/`to` bound the per-day figures and response times (default: the last 30 days).",
      },
    },
  );
}
