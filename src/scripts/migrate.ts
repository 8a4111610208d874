/** `bun run migrate`: applies pending migrations to the database DATABASE_URL names. */
import { loadConfig } from "../config.ts";
import { migrate, openDatabase } from "../store/index.ts";

try {
  const config = loadConfig();
  const db = openDatabase(config.databaseUrl);
  await db.ping().catch((cause: Error) => {
    throw new Error(`cannot reach the database: ${cause.message}`);
  });
  const { applied } = await migrate(db);
  await db.close();
  console.log(
    `migrated ${config.databaseUrl.replace(/\/\/[^@]*@/, "//***@")}: ${applied} migration(s) applied`,
  );
} catch (error) {
  console.error(`noor: migrate failed: ${(error as Error).message}`);
  process.exit(1);
}
