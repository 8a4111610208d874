/**
 * `bun start`: parse the config, start Noor, log where to point Wazzup and
 * where the admin key is, and shut down gracefully on SIGTERM/SIGINT.
 * A bad start ends with one clear line and a non-zero exit.
 */
import { loadConfig } from "./config.ts";
import { createLogger } from "./log.ts";
import { start } from "./start.ts";

async function main() {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, fields: { node: config.nodeId } });
  const noor = await start(config, logger);
  const { secrets } = noor;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("shutting down", { signal });
    const timer = setTimeout(() => {
      logger.error("shutdown timed out; exiting", { timeoutMs: config.shutdownTimeoutMs });
      process.exit(1);
    }, config.shutdownTimeoutMs);
    await noor.stop();
    clearTimeout(timer);
    logger.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  // Announced only once the handlers are in place: a supervisor may signal as soon as it reads this.
  logger.info("noor is listening", {
    url: noor.url,
    database: config.databaseUrl.replace(/\/\/[^@]*@/, "//***@"),
    webhookUrl: `${noor.url}/webhooks/wazzup/${secrets.webhookToken}`,
    adminApiKey: secrets.generated.adminApiKey
      ? `${secrets.adminApiKey} (generated and kept in the database's settings table; set ADMIN_API_KEY to choose your own)`
      : "from ADMIN_API_KEY",
  });
}

main().catch((error: Error) => {
  console.error(`noor: cannot start: ${error.message}`);
  process.exit(1);
});
