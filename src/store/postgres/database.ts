/**
 * PostgreSQL through postgres.js + drizzle. int8 values (epoch-ms times,
 * counts) come back as JS numbers, matching SQLite's integers.
 */
import type { SQL } from "drizzle-orm";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Database, Executor } from "../executor.ts";

export interface OpenPostgresOptions {
  url: string;
  maxConnections?: number;
  connectTimeoutSeconds?: number;
}

const int8AsNumber = {
  to: 20,
  from: [20],
  serialize: (value: number) => String(value),
  parse: (value: string) => Number(value),
};

function executorOf(
  db: PostgresJsDatabase | Parameters<Parameters<PostgresJsDatabase["transaction"]>[0]>[0],
): Executor {
  return {
    dialect: "postgres",
    all: async <T>(query: SQL) => (await db.execute(query)) as unknown as T[],
    run: async (query: SQL) => (await db.execute(query)).count,
    transaction: (fn) => db.transaction((tx) => fn(executorOf(tx))),
  };
}

export function openPostgres({
  url,
  maxConnections = 10,
  connectTimeoutSeconds = 5,
}: OpenPostgresOptions): Database {
  const client = postgres(url, {
    max: maxConnections,
    connect_timeout: connectTimeoutSeconds,
    onnotice: () => {},
    types: { int8: int8AsNumber },
  });
  const db = drizzle({ client });
  return {
    ...executorOf(db),
    ping: async () => {
      await client`select 1`;
    },
    close: () => client.end({ timeout: 5 }),
  };
}
