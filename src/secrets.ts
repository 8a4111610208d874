/**
 * WEBHOOK_TOKEN and ADMIN_API_KEY: taken from the config when set, otherwise
 * generated once and kept in the store, so they stay stable for the life of
 * the data (a restart does not break a configured webhook).
 */
import { randomBytes } from "node:crypto";
import type { SettingsStore } from "./store/index.ts";

export interface Secrets {
  webhookToken: string;
  adminApiKey: string;
  /** Which of them came from the store rather than the environment. */
  generated: { webhookToken: boolean; adminApiKey: boolean };
}

// Hex: URL-safe, and never starts with "-" (which command-line parsers read as a flag).
const token = () => randomBytes(24).toString("hex");

export async function resolveSecrets({
  settings,
  webhookToken,
  adminApiKey,
}: {
  settings: SettingsStore;
  webhookToken: string | null;
  adminApiKey: string | null;
}): Promise<Secrets> {
  return {
    webhookToken: webhookToken ?? (await settings.getOrCreate("webhook_token", token)),
    adminApiKey: adminApiKey ?? (await settings.getOrCreate("admin_api_key", token)),
    generated: { webhookToken: webhookToken === null, adminApiKey: adminApiKey === null },
  };
}
