import { sql } from "drizzle-orm";
import type { Executor } from "../executor.ts";
import type { StatsStore } from "../store.ts";

const dayMs = 86_400_000;
const dayOf = (dayIndex: number) => new Date(dayIndex * dayMs).toISOString().slice(0, 10);

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const countBy = (rows: { k: string; n: number }[]) =>
  Object.fromEntries(rows.map((r) => [r.k, Number(r.n)])) as Record<string, number>;

export function statsQueries(db: Executor): StatsStore {
  return {
    async stats({ from, to }) {
      const byStage = await db.all<{ k: string; n: number }>(
        sql`SELECT sales_stage AS k, count(*) AS n FROM conversations GROUP BY sales_stage`,
      );
      const byStatus = await db.all<{ k: string; n: number }>(
        sql`SELECT status AS k, count(*) AS n FROM conversations GROUP BY status`,
      );
      // Integer division gives the UTC day index in both dialects.
      const perDay = await db.all<{ d: number; role: string; n: number; cost: number | null }>(
        sql`SELECT created_at / ${dayMs} AS d, role, count(*) AS n, CAST(sum(cost) AS DOUBLE PRECISION) AS cost
            FROM messages WHERE created_at >= ${from} AND created_at < ${to}
            GROUP BY 1, 2 ORDER BY 1, 2`,
      );
      const replies = await db.all<{ replied: number; asked: number | null }>(
        sql`SELECT a.created_at AS replied,
              (SELECT max(u.created_at) FROM messages u WHERE u.turn_id = a.turn_id AND u.role = 'user') AS asked
            FROM messages a
            WHERE a.role = 'assistant' AND a.turn_id IS NOT NULL AND a.created_at >= ${from} AND a.created_at < ${to}
            LIMIT 100000`,
      );
      const waits = replies
        .filter((r) => r.asked !== null)
        .map((r) => Number(r.replied) - Number(r.asked))
        .sort((a, b) => a - b);
      const costs = new Map<number, number>();
      for (const r of perDay)
        if (r.cost !== null) costs.set(Number(r.d), (costs.get(Number(r.d)) ?? 0) + Number(r.cost));
      return {
        conversationsByStage: countBy(byStage),
        conversationsByStatus: countBy(byStatus),
        messagesPerDay: perDay.map((r) => ({ day: dayOf(Number(r.d)), role: r.role, value: Number(r.n) })),
        costPerDay: [...costs].map(([d, value]) => ({ day: dayOf(d), value })),
        responseTimeMs: { count: waits.length, median: percentile(waits, 50), p95: percentile(waits, 95) },
      };
    },
    async costSince(since) {
      const [row] = await db.all<{ c: number | null }>(
        sql`SELECT CAST(sum(cost) AS DOUBLE PRECISION) AS c FROM messages WHERE created_at >= ${since}`,
      );
      return Number(row?.c ?? 0);
    },
    async costOfConversation(conversationId) {
      const [row] = await db.all<{ c: number | null }>(
        sql`SELECT CAST(sum(cost) AS DOUBLE PRECISION) AS c FROM messages WHERE conversation_id = ${conversationId}`,
      );
      return Number(row?.c ?? 0);
    },
  };
}
