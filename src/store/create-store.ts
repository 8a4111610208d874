/**
 * Opens the database DATABASE_URL names, migrates it, and returns the Store.
 * The composition root and `bun run migrate` call this; nothing else opens a
 * database.
 */
import { catalogQueries } from "./catalog-queries.ts";
import { StoreError } from "./errors.ts";
import type { Database } from "./executor.ts";
import { migrate } from "./migrate.ts";
import { openPostgres } from "./postgres/database.ts";
import { conversationQueries } from "./queries/conversations.ts";
import { messageQueries } from "./queries/messages.ts";
import { outboxQueries } from "./queries/outbox.ts";
import { quotationQueries } from "./queries/quotations.ts";
import { settingsQueries } from "./queries/settings.ts";
import { statsQueries } from "./queries/stats.ts";
import { turnQueries } from "./queries/turns.ts";
import { openSqlite } from "./sqlite/database.ts";
import type { Store } from "./store.ts";

export function openDatabase(url: string, options: { maxConnections?: number } = {}): Database {
  if (url.startsWith("sqlite:")) return openSqlite({ path: url.slice("sqlite:".length) });
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres({ url, maxConnections: options.maxConnections });
  throw new StoreError("invalid_url", `DATABASE_URL: expected sqlite:<path> or postgres://…, got "${url}"`, {
    retryable: false,
  });
}

export function storeOver(db: Database): Store {
  return {
    dialect: db.dialect,
    settings: settingsQueries(db),
    conversations: conversationQueries(db),
    messages: messageQueries(db),
    turns: turnQueries(db),
    outbox: outboxQueries(db),
    quotations: quotationQueries(db),
    catalog: catalogQueries(db),
    stats: statsQueries(db),
    ping: () => db.ping(),
    close: () => db.close(),
  };
}

export interface CreateStoreOptions {
  databaseUrl: string;
  /** Apply pending migrations first (default true). */
  migrate?: boolean;
  /** Postgres pool size; 1 for PGlite, which is a single session. */
  maxConnections?: number;
}

export async function createStore({
  databaseUrl,
  migrate: shouldMigrate = true,
  maxConnections,
}: CreateStoreOptions): Promise<Store> {
  const db = openDatabase(databaseUrl, { maxConnections });
  try {
    await db.ping();
    if (shouldMigrate) await migrate(db);
  } catch (cause) {
    await db.close().catch(() => {});
    if (StoreError.isInstance(cause)) throw cause;
    throw new StoreError("unavailable", `cannot reach the database: ${(cause as Error).message}`, {
      cause,
      retryable: false,
    });
  }
  return storeOver(db);
}
