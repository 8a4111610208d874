import { sql } from "drizzle-orm";
import type { CatalogStore } from "../catalog-store.ts";
import type { Executor } from "../executor.ts";
import type { CatalogSyncRun } from "../records.ts";
import { type Row, toSyncRun } from "./catalog-rows.ts";
import { newId } from "./rows.ts";

export type SyncRunStore = Pick<
  CatalogStore,
  "startSyncRun" | "finishSyncRun" | "listSyncRuns" | "lastSucceededSync"
>;

export function syncRunQueries(db: Executor): SyncRunStore {
  const get = async (id: string): Promise<CatalogSyncRun | null> => {
    const [row] = await db.all<Row>(sql`SELECT * FROM catalog_sync_runs WHERE id = ${id}`);
    return row ? toSyncRun(row) : null;
  };
  return {
    async startSyncRun(kind, now = Date.now()) {
      const id = newId();
      await db.run(
        sql`INSERT INTO catalog_sync_runs (id, kind, status, started_at, finished_at, items_seen, items_upserted,
              items_deactivated, items_embedded, errors)
            VALUES (${id}, ${kind}, 'running', ${now}, NULL, 0, 0, 0, 0, '[]')`,
      );
      return (await get(id))!;
    },
    async finishSyncRun(id, result, now = Date.now()) {
      await db.run(
        sql`UPDATE catalog_sync_runs SET status = ${result.status}, finished_at = ${now},
              items_seen = ${result.itemsSeen}, items_upserted = ${result.itemsUpserted},
              items_deactivated = ${result.itemsDeactivated}, items_embedded = ${result.itemsEmbedded},
              errors = ${JSON.stringify(result.errors)}
            WHERE id = ${id}`,
      );
      const run = await get(id);
      // Only a caller's bug gets here: runs are never deleted.
      if (!run) throw new RangeError(`no catalogue sync run ${id}`);
      return run;
    },
    async listSyncRuns(limit = 20) {
      const rows = await db.all<Row>(
        sql`SELECT * FROM catalog_sync_runs ORDER BY started_at DESC, id DESC LIMIT ${limit}`,
      );
      return rows.map(toSyncRun);
    },
    async lastSucceededSync(kind) {
      const ofKind = kind ? sql`AND kind = ${kind}` : sql``;
      const [row] = await db.all<Row>(
        sql`SELECT * FROM catalog_sync_runs WHERE status = 'succeeded' ${ofKind}
            ORDER BY started_at DESC, id DESC LIMIT 1`,
      );
      return row ? toSyncRun(row) : null;
    },
  };
}
