import { sql } from "drizzle-orm";
import type { Executor } from "../executor.ts";
import type { SettingsStore } from "../store.ts";

export function settingsQueries(db: Executor): SettingsStore {
  const get = async (key: string) => {
    const [row] = await db.all<{ value: string }>(sql`SELECT value FROM settings WHERE key = ${key}`);
    return row?.value ?? null;
  };
  return {
    get,
    async getOrCreate(key, make) {
      const existing = await get(key);
      if (existing !== null) return existing;
      await db.run(
        sql`INSERT INTO settings (key, value, updated_at) VALUES (${key}, ${make()}, ${Date.now()})
            ON CONFLICT (key) DO NOTHING`,
      );
      return (await get(key))!;
    },
  };
}
