/**
 * The composition root: builds every adapter from the config in one place,
 * wires the runtime and the HTTP app, and returns a handle that stops it all
 * in order (stop accepting, drain, close the store) within a bounded time.
 */
import { createSalesAgent } from "./agent/index.ts";
import {
  catalogSyncJobName,
  createCatalog,
  createEmbedder,
  parseEmbeddingsSetting,
} from "./catalog/index.ts";
import type { Config } from "./config.ts";
import { adminRoutes } from "./http/admin/index.ts";
import { catalogRoutes } from "./http/catalog.ts";
import { createApp } from "./http/index.ts";
import { wazzupWebhookRoutes } from "./http/wazzup-webhook.ts";
import { startInspector } from "./inspect/index.ts";
import { createWazzupClient, splitMessageText } from "./integrations/wazzup/index.ts";
import { createZohoClient } from "./integrations/zoho/index.ts";
import type { Logger } from "./log.ts";
import { createMetrics } from "./metrics.ts";
import {
  connectRedis,
  createConsoleSender,
  createInProcessBus,
  createLocalJobLock,
  createRedisBus,
  createRedisJobLock,
  createRuntime,
  createTurnRunner,
  createWazzupSender,
  type JobLock,
  type Runtime,
  schedulePeriodicJob,
} from "./runtime/index.ts";
import { resolveSecrets, type Secrets } from "./secrets.ts";
import { createStore, type Store } from "./store/index.ts";

export interface Noor {
  url: string;
  secrets: Secrets;
  store: Store;
  runtime: Runtime;
  /** Periodic jobs run under it: one node at a time (a Redis lock when REDIS_URL is set). */
  jobLock: JobLock;
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

  const wazzup = config.wazzup.apiKey
    ? createWazzupClient({
        baseUrl: config.wazzup.apiUrl,
        apiKey: config.wazzup.apiKey,
        maxRequestsPer5s: config.wazzup.maxRequestsPer5s,
      })
    : null;
  const zoho = config.zoho
    ? createZohoClient({ ...config.zoho, apiUrl: config.zoho.apiUrl ?? undefined })
    : null;
  const catalog = createCatalog({
    store,
    zoho,
    embedder: createEmbedder({
      spec: parseEmbeddingsSetting(config.embeddings),
      cacheDir: config.modelsDir,
      openrouter: { baseUrl: config.llm.baseUrl, apiKey: config.llm.apiKey },
      // Production fetches the model once into MODELS_DIR; search stays lexical until it is there.
      allowDownload: true,
      logger,
    }),
    logger,
  });
  const catalogSearch = catalog.search;
  const salesAgent = createSalesAgent({
    llm: config.llm,
    store,
    zoho,
    productSearch: catalogSearch,
    knowledgeSearch: catalogSearch,
    stock: catalog.stock,
    logger,
  });
  const redis = config.redisUrl
    ? await connectRedis({ url: config.redisUrl, name: config.nodeId, logger })
    : null;
  const bus = redis
    ? createRedisBus({
        redis,
        nodeId: config.nodeId,
        shardCount: config.shardCount,
        leaseTtlMs: config.leaseTtlMs,
        logger,
        metrics,
      })
    : createInProcessBus();
  const jobLock = redis ? createRedisJobLock({ redis, owner: config.nodeId, logger }) : createLocalJobLock();
  const inspector = config.inspectPort ? startInspector({ port: config.inspectPort, logger }) : null;
  const runtime = createRuntime({
    store,
    bus,
    turnRunner: createTurnRunner({ llm: salesAgent }),
    sender: wazzup ? createWazzupSender(wazzup) : createConsoleSender(logger),
    logger,
    metrics,
    debounceMs: config.debounceMs,
    actorIdleMs: config.actorIdleMs,
    maxLiveActors: config.maxLiveActors,
    outboxLeaseMs: config.outboxLeaseMs,
    splitText: (text) => splitMessageText(text),
    inspect: inspector?.inspect,
  });

  const app = createApp({
    logger,
    metrics,
    maxBodyBytes: config.maxBodyBytes,
    routes: [
      wazzupWebhookRoutes({ token: secrets.webhookToken, ingress: runtime.ingress }),
      adminRoutes({
        adminKey: secrets.adminApiKey,
        store,
        runtime,
        wazzup,
        logger,
        extra: [catalogRoutes({ search: catalog.search, sync: catalog.sync, store })],
      }),
    ],
    readiness: {
      db: {
        critical: true,
        check: async () => {
          await store.ping();
          return { status: "ok", detail: store.dialect };
        },
      },
      bus: {
        critical: true,
        check: () => {
          const health = bus.health();
          return { ...health, detail: health.detail ? `${bus.name}: ${health.detail}` : bus.name };
        },
      },
      llm: {
        critical: false,
        check: () =>
          config.llm.apiKey
            ? { status: "ok", detail: config.llm.model }
            : {
                status: "off",
                detail: "OPENROUTER_API_KEY not set: chats get a holding reply and go to a human",
              },
      },
      embeddings: { critical: false, check: () => catalog.embeddingsStatus() },
      wazzup: {
        critical: false,
        check: () =>
          wazzup
            ? { status: "ok", detail: config.wazzup.apiUrl }
            : { status: "off", detail: "WAZZUP_API_KEY not set: replies are stored and logged, not sent" },
      },
    },
  });
  await catalog.start();
  const catalogSyncJob =
    zoho && config.catalogSyncIntervalMs > 0
      ? schedulePeriodicJob({
          lock: jobLock,
          name: catalogSyncJobName,
          everyMs: config.catalogSyncIntervalMs,
          run: (signal) => catalog.scheduledSync(signal),
          logger,
        })
      : null;
  await runtime.start();
  /** Everything but the HTTP server, in order: drain the chats, stop the jobs, close connections. */
  const stopBehindServer = async () => {
    await runtime.stop();
    inspector?.stop();
    await catalogSyncJob?.stop();
    await catalog.stop();
    await redis?.quit();
    await store.close();
  };

  let server: ReturnType<typeof Bun.serve>;
  try {
    server = Bun.serve({
      hostname: config.host,
      port: config.port,
      maxRequestBodySize: config.maxBodyBytes,
      fetch: (request) => app.handle(request),
    });
  } catch (cause) {
    await stopBehindServer();
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
    runtime,
    jobLock,
    async stop() {
      await server.stop(false);
      await stopBehindServer();
    },
  };
}
