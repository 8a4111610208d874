/**
 * Applies the drizzle-kit migrations of a dialect (drizzle/sqlite or
 * drizzle/pg). One transaction, and a lock first (BEGIN IMMEDIATE in SQLite,
 * an advisory lock in Postgres), so several nodes starting together migrate
 * once and never trip over each other.
 */
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { StoreError } from "./errors.ts";
import type { Executor } from "./executor.ts";

const migrationsRoot = join(import.meta.dir, "..", "..", "drizzle");
const advisoryLockId = 727_271_001;

export async function migrate(db: Executor): Promise<{ applied: number }> {
  const folder = join(migrationsRoot, db.dialect === "sqlite" ? "sqlite" : "pg");
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  try {
    return await db.transaction(async (tx) => {
      if (tx.dialect === "postgres") await tx.all(sql`SELECT pg_advisory_xact_lock(${advisoryLockId})`);
      await tx.run(
        sql`CREATE TABLE IF NOT EXISTS noor_migrations (hash text NOT NULL, created_at bigint NOT NULL)`,
      );
      const [last] = await tx.all<{ at: number | null }>(
        sql`SELECT max(created_at) AS at FROM noor_migrations`,
      );
      const lastAt = Number(last?.at ?? 0);
      let applied = 0;
      for (const m of migrations) {
        if (m.folderMillis <= lastAt) continue;
        for (const statement of m.sql) if (statement.trim()) await tx.run(sql.raw(statement));
        await tx.run(
          sql`INSERT INTO noor_migrations (hash, created_at) VALUES (${m.hash}, ${m.folderMillis})`,
        );
        applied++;
      }
      return { applied };
    });
  } catch (cause) {
    throw new StoreError("migration_failed", `database migration failed: ${(cause as Error).message}`, {
      cause,
      retryable: false,
    });
  }
}
