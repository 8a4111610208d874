/**
 * The webhook token and admin key for the terminal chat: a flag, else the environment (through the
 * config), else what the server generated and keeps in its database's settings.
 */
import { existsSync } from "node:fs";
import { createStore } from "../store/index.ts";
import { ChatClientError } from "./chat-client-error.ts";

export interface ChatCredentials {
  webhookToken: string;
  adminKey: string;
}

interface StoredSecrets {
  webhookToken: string | null;
  adminApiKey: string | null;
}

const none: StoredSecrets = { webhookToken: null, adminApiKey: null };

/** Reads the generated secrets without creating or migrating anything (null where there is nothing). */
export async function readStoredSecrets(databaseUrl: string): Promise<StoredSecrets> {
  if (databaseUrl === "sqlite::memory:") return none;
  if (databaseUrl.startsWith("sqlite:") && !existsSync(databaseUrl.slice("sqlite:".length))) return none;
  try {
    const store = await createStore({ databaseUrl, migrate: false });
    try {
      return {
        webhookToken: await store.settings.get("webhook_token"),
        adminApiKey: await store.settings.get("admin_api_key"),
      };
    } finally {
      await store.close();
    }
  } catch {
    // Unreachable or not a Noor database yet: the caller says what to pass instead.
    return none;
  }
}

export async function resolveChatCredentials({
  token,
  key,
  env,
  databaseUrl,
}: {
  token?: string;
  key?: string;
  /** WEBHOOK_TOKEN / ADMIN_API_KEY from the config. */
  env: { webhookToken: string | null; adminApiKey: string | null };
  databaseUrl: string;
}): Promise<ChatCredentials> {
  let webhookToken = token ?? env.webhookToken;
  let adminKey = key ?? env.adminApiKey;
  if (!webhookToken || !adminKey) {
    const stored = await readStoredSecrets(databaseUrl);
    webhookToken ??= stored.webhookToken;
    adminKey ??= stored.adminApiKey;
  }
  const where = databaseUrl.replace(/\/\/[^@]*@/, "//***@");
  const missing = (what: string, flag: string, variable: string) =>
    new ChatClientError(
      "missing_credentials",
      `no ${what}: pass ${flag}, set ${variable}, or start the server once with DATABASE_URL=${where} (it generates one and keeps it there)`,
    );
  if (!webhookToken) throw missing("webhook token", "--token", "WEBHOOK_TOKEN");
  if (!adminKey) throw missing("admin API key", "--key", "ADMIN_API_KEY");
  return { webhookToken, adminKey };
}
