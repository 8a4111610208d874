/**
 * A whole Noor in the test process: the real composition root (`start`) on
 * port 0 with an in-memory SQLite store, pointed at fakes of the outside
 * systems. Tests talk to it over real HTTP.
 */
import { loadConfig } from "../../src/config.ts";
import { silentLogger } from "../../src/log.ts";
import { type Noor, start } from "../../src/start.ts";

export interface Harness {
  noor: Noor;
  url: string;
  webhookUrl: string;
  adminKey: string;
  postWebhook(body: unknown): Promise<Response>;
  admin(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

export async function startNoor(env: Record<string, string> = {}): Promise<Harness> {
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: "sqlite::memory:",
    DEBOUNCE_MS: "100",
    EMBEDDINGS: "none",
    CATALOG_SYNC_INTERVAL_MS: "0",
    ...env,
  });
  const noor = await start(config, silentLogger);
  const webhookUrl = `${noor.url}/webhooks/wazzup/${noor.secrets.webhookToken}`;
  return {
    noor,
    url: noor.url,
    webhookUrl,
    adminKey: noor.secrets.adminApiKey,
    postWebhook: (body) =>
      fetch(webhookUrl, {
        method: "POST",
        headers: { "content-type": "application/json; charset-utf-8" },
        body: JSON.stringify(body),
      }),
    admin: (path, init = {}) =>
      fetch(`${noor.url}${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${noor.secrets.adminApiKey}`,
          "content-type": "application/json",
          ...(init.headers as Record<string, string> | undefined),
        },
      }),
    stop: () => noor.stop(),
  };
}

/** Polls until `check` returns a truthy value (or throws after `timeoutMs`). */
export async function eventually<T>(
  check: () => Promise<T> | T,
  { timeoutMs = 5000, everyMs = 20 } = {},
): Promise<Exclude<T, null | undefined | false>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as Exclude<T, null | undefined | false>;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await Bun.sleep(everyMs);
  }
}
