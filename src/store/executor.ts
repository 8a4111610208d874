/**
 * The seam between dialect-neutral queries and a database driver. Queries are
 * drizzle `sql` templates written once in the SQL both SQLite and PostgreSQL
 * accept; each adapter renders and runs them with its own drizzle driver.
 */
import type { SQL } from "drizzle-orm";

export type Dialect = "sqlite" | "postgres";

export interface Executor {
  readonly dialect: Dialect;
  /** Rows as objects keyed by column name. */
  all<T>(query: SQL): Promise<T[]>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(query: SQL): Promise<number>;
  /** Runs `fn` in one transaction: everything it wrote commits, or nothing does. */
  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T>;
}

export interface Database extends Executor {
  close(): Promise<void>;
  /** A cheap round trip, for /ready. */
  ping(): Promise<void>;
}
