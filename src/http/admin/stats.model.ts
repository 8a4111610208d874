/** Schemas of /api/v1/stats. */
import { t } from "elysia";
import { IsoTime } from "./common.model.ts";

export const StatsQuery = t.Object({
  from: t.Optional(
    t.Date({
      description: "ISO 8601 date or time; default 30 days before `to`",
      error: "from must be an ISO 8601 date or time",
    }),
  ),
  to: t.Optional(
    t.Date({
      description: "ISO 8601 date or time; default now",
      error: "to must be an ISO 8601 date or time",
    }),
  ),
});

const Counts = t.Record(t.String(), t.Integer());

export const StatsResponse = t.Object({
  from: IsoTime,
  to: IsoTime,
  conversationsByStage: t.Record(t.String(), t.Integer(), {
    description: "All conversations, every stage listed",
  }),
  conversationsByStatus: Counts,
  messagesPerDay: t.Array(
    t.Object({ day: t.String({ description: "UTC day, YYYY-MM-DD" }), role: t.String(), count: t.Integer() }),
  ),
  costPerDay: t.Array(t.Object({ day: t.String(), usd: t.Number({ description: "LLM cost in USD" }) })),
  responseTimeMs: t.Object(
    { count: t.Integer(), median: t.Nullable(t.Number()), p95: t.Nullable(t.Number()) },
    { description: "From a customer's last message of a burst to our reply being stored" },
  ),
});
