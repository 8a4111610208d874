/**
 * SQLite through bun:sqlite, queries rendered by drizzle. WAL and a busy timeout let several
 * processes on one host share the file; sqlite-vec is loaded for vectors.
 *
 * bun:sqlite is synchronous and one connection serves every caller, so an
 * async transaction must not let other callers' statements slip into it:
 * a queue orders everything behind an open transaction. Connections of one
 * process to the same file share that queue; otherwise a second connection
 * would wait for the file lock synchronously, blocking the very event loop
 * the first one needs to commit.
 */
import { Database as BunDatabase, type SQLQueryBindings } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import * as sqliteVec from "sqlite-vec";
import { StoreError } from "../errors.ts";
import type { Database, Executor } from "../executor.ts";

export interface OpenSqliteOptions {
  /** A file path or ":memory:". */
  path: string;
  busyTimeoutMs?: number;
}

const queues = new Map<string, { tail: Promise<unknown>; users: number }>();

export function openSqlite({ path, busyTimeoutMs = 5000 }: OpenSqliteOptions): Database {
  let client: BunDatabase;
  try {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    client = new BunDatabase(path, { create: true, strict: true });
    client.run(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
    if (path !== ":memory:") client.run("PRAGMA journal_mode = WAL");
    client.run("PRAGMA synchronous = NORMAL");
    client.run("PRAGMA foreign_keys = ON");
    // A read-only file or folder opens fine but fails on the first write: find out now.
    client.run("CREATE TABLE IF NOT EXISTS _noor_write_check (x INTEGER)");
  } catch (cause) {
    const readOnly = /readonly|read-only|EACCES|permission/i.test(String(cause));
    throw new StoreError(
      readOnly ? "read_only" : "unavailable",
      `cannot open SQLite database at ${path}: ${(cause as Error).message}`,
      { cause, retryable: false },
    );
  }
  sqliteVec.load(client);
  // drizzle renders the query; bun:sqlite's query() caches the compiled statement per SQL text,
  // which drizzle's own bun-sqlite session (a fresh prepare per call) does not.
  const dialect = new SQLiteSyncDialect();
  const statement = (query: SQL) => {
    const { sql, params } = dialect.sqlToQuery(query);
    return { prepared: client.query(sql), params: params as SQLQueryBindings[] };
  };

  const queueKey = path === ":memory:" ? Symbol() : resolve(path);
  const queue =
    typeof queueKey === "string" && queues.has(queueKey)
      ? queues.get(queueKey)!
      : { tail: Promise.resolve() as Promise<unknown>, users: 0 };
  queue.users++;
  if (typeof queueKey === "string") queues.set(queueKey, queue);
  /** Runs `fn` after everything queued before it; the queue never rejects. */
  const exclusive = <T>(fn: () => Promise<T> | T): Promise<T> => {
    const result = queue.tail.then(fn);
    queue.tail = result.catch(() => {});
    return result;
  };

  const direct: Executor = {
    dialect: "sqlite",
    all: async <T>(query: SQL) => {
      const { prepared, params } = statement(query);
      return prepared.all(...params) as T[];
    },
    run: async (query: SQL) => {
      const { prepared, params } = statement(query);
      return prepared.run(...params).changes;
    },
    transaction: (fn) => nested(fn),
  };

  let savepoints = 0;
  const nested = async <T>(fn: (tx: Executor) => Promise<T>): Promise<T> => {
    const name = `sp${++savepoints}`;
    client.run(`SAVEPOINT ${name}`);
    try {
      const value = await fn(direct);
      client.run(`RELEASE ${name}`);
      return value;
    } catch (error) {
      client.run(`ROLLBACK TO ${name}`);
      client.run(`RELEASE ${name}`);
      throw error;
    }
  };

  return {
    dialect: "sqlite",
    all: (query) => exclusive(() => direct.all(query)),
    run: (query) => exclusive(() => direct.run(query)),
    transaction: (fn) =>
      exclusive(async () => {
        client.run("BEGIN IMMEDIATE");
        try {
          const value = await fn(direct);
          client.run("COMMIT");
          return value;
        } catch (error) {
          client.run("ROLLBACK");
          throw error;
        }
      }),
    ping: () => exclusive(() => void client.query("SELECT 1").get()),
    close: () =>
      exclusive(() => {
        client.close();
        if (--queue.users === 0 && typeof queueKey === "string") queues.delete(queueKey);
      }),
  };
}
