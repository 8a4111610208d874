/**
 * The composition root: builds every adapter from the config in one place,
 * wires the runtime and the HTTP app, and returns a handle that stops it all
 * in order (stop accepting, drain, close the store) within a bounded time.
 */
import type { Config } from "./config.ts";
import { createApp } from "./http/index.ts";
import type { Logger } from "./log.ts";
import { createMetrics } from "./metrics.ts";
import { resolveSecrets, type Secrets } from "./secrets.ts";
import { createStore, type Store } from "./store/index.ts";

export interface Noor {
  url: string;
  secrets: Secrets;
  store: Store;
  stop(): Promise<void>;
}

export async function start(config: Config, logger: Logger): Promise<Noor> {
  const metrics = createMetrics();
  const store = await createStore({ databaseUrl: config.databaseUrl });
  const secrets = await resolveSecrets({
    settings: store.settings,
    webhookToken: config.webhookToken,
    adminApiKey: config.adminApiKey,
  });

  const app = createApp({
    logger,
    metrics,
    maxBodyBytes: config.maxBodyBytes,
    readiness: {
      db: {
        critical: true,
        check: async () => (await store.ping(), { status: "ok", detail: store.dialect }),
      },
    },
  });

  let server: ReturnType<typeof Bun.serve>;
  try {
    server = Bun.serve({
      hostname: config.host,
      port: config.port,
      maxRequestBodySize: config.maxBodyBytes,
      fetch: (request) => app.handle(request),
    });
  } catch (cause) {
    await store.close();
    const inUse = /EADDRINUSE|in use/i.test(String((cause as Error).message ?? cause));
    throw new Error(
      inUse
        ? `port ${config.port} on ${config.host} is already in use (set PORT to another port)`
        : `cannot listen on ${config.host}:${config.port}: ${(cause as Error).message}`,
      { cause },
    );
  }

  const url = `http://${config.host === "0.0.0.0" ? "localhost" : config.host}:${server.port}`;
  return {
    url,
    secrets,
    store,
    async stop() {
      await server.stop(false);
      await store.close();
    },
  };
}
