/**
 * The only reader of the environment. One schema for every contract variable
 * (ARCHITECTURE §5), parsed once at start into a typed, frozen object. An
 * invalid value stops the start with one line naming the variable.
 */
import { hostname } from "node:os";
import { z } from "zod";

const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ error: "a whole number" })
    .int({ error: "a whole number" })
    .min(min, { error: `a whole number >= ${min}` })
    .max(max, { error: `a whole number <= ${max}` });

// Without the protocol rule zod takes "localhost:3000" (scheme "localhost:") or ftp:// as a URL.
const url = z.url({ protocol: /^https?$/, error: "an http(s) URL" }).transform((u) => u.replace(/\/+$/, ""));
const optionalSecret = z.string().trim().min(1).optional();

const databaseUrl = z
  .string()
  .trim()
  .refine((v) => /^sqlite:.+/.test(v) || /^postgres(ql)?:\/\/.+/.test(v), {
    error: "sqlite:<path>, sqlite::memory: or postgres://user:pass@host:port/db",
  });

const redisUrl = z
  .string()
  .trim()
  .refine((v) => /^rediss?:\/\/.+/.test(v), { error: "redis://host:port[/db]" });

const embeddings = z
  .string()
  .trim()
  .refine((v) => v === "none" || /^(fastembed|openrouter):.+/.test(v), {
    error: "fastembed:<model>, openrouter:<model> or none",
  });

const logLevel = z.enum(["debug", "info", "warn", "error"], { error: "debug, info, warn or error" });

/** Every variable Noor reads, with its default. Unset and empty mean the same. */
export const configSchema = z.object({
  PORT: int(0, 65535).default(3000),
  HOST: z.string().trim().min(1).default("0.0.0.0"),
  DATABASE_URL: databaseUrl.default("sqlite:data/noor.sqlite"),
  REDIS_URL: redisUrl.optional(),
  NODE_ID: z.string().trim().min(1).default(`${hostname()}-${process.pid}`),
  SHARD_COUNT: int(1, 4096).default(64),
  LEASE_TTL_MS: int(1000).default(10_000),
  DEBOUNCE_MS: int(0).default(3000),
  ACTOR_IDLE_MS: int(1000).default(900_000),
  MAX_LIVE_ACTORS: int(1).default(50_000),
  WEBHOOK_TOKEN: optionalSecret,
  ADMIN_API_KEY: optionalSecret,
  WAZZUP_API_URL: url.default("https://api.wazzup24.com/v3"),
  WAZZUP_API_KEY: optionalSecret,
  WAZZUP_MAX_REQUESTS_PER_5S: int(1).default(450),
  OPENROUTER_BASE_URL: url.default("https://openrouter.ai/api/v1"),
  OPENROUTER_API_KEY: optionalSecret,
  LLM_MODEL: z.string().trim().min(1).default("deepseek/deepseek-chat"),
  LLM_FALLBACK_MODELS: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  LLM_TURN_TIMEOUT_MS: int(1000).default(45_000),
  LLM_MAX_TURNS_PER_MINUTE: int(1).default(6),
  LLM_DAILY_COST_LIMIT: z.coerce.number({ error: "a number (USD)" }).min(0).default(20),
  EMBEDDINGS: embeddings.default("fastembed:fast-multilingual-e5-large"),
  MODELS_DIR: z.string().trim().min(1).default("data/models"),
  ZOHO_ACCOUNTS_URL: url.default("https://accounts.zoho.com"),
  ZOHO_API_URL: url.optional(),
  ZOHO_CLIENT_ID: optionalSecret,
  ZOHO_CLIENT_SECRET: optionalSecret,
  ZOHO_REFRESH_TOKEN: optionalSecret,
  ZOHO_ORGANIZATION_ID: optionalSecret,
  CATALOG_SYNC_INTERVAL_MS: int(0).default(900_000),
  INSPECT_PORT: int(1, 65535).optional(),
  MAX_BODY_BYTES: int(1024).default(1_048_576),
  OUTBOX_LEASE_MS: int(1000).default(30_000),
  SHUTDOWN_TIMEOUT_MS: int(100).default(10_000),
  LOG_LEVEL: logLevel.default("info"),
});

type Env = z.infer<typeof configSchema>;

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  redisUrl: string | null;
  nodeId: string;
  shardCount: number;
  leaseTtlMs: number;
  debounceMs: number;
  actorIdleMs: number;
  maxLiveActors: number;
  /** Null when unset: the store generates one and keeps it. */
  webhookToken: string | null;
  adminApiKey: string | null;
  /** maxRequestsPer5s: this node's share of Wazzup's 500 requests / 5 s (divide among nodes). */
  wazzup: { apiUrl: string; apiKey: string | null; maxRequestsPer5s: number };
  llm: {
    baseUrl: string;
    apiKey: string | null;
    model: string;
    fallbackModels: string[];
    turnTimeoutMs: number;
    maxTurnsPerMinute: number;
    dailyCostLimit: number;
  };
  embeddings: string;
  modelsDir: string;
  zoho: {
    accountsUrl: string;
    apiUrl: string | null;
    clientId: string;
    clientSecret: string;
    refreshToken: string;
    organizationId: string;
  } | null;
  catalogSyncIntervalMs: number;
  inspectPort: number | null;
  maxBodyBytes: number;
  /** How long a claimed reply part is reserved for its sender before another attempt may take it. */
  outboxLeaseMs: number;
  shutdownTimeoutMs: number;
  logLevel: "debug" | "info" | "warn" | "error";
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly kind = "invalid_config" as const;
  constructor(
    readonly variable: string,
    readonly expected: string,
  ) {
    super(`${variable}: expected ${expected}`);
  }
}

const zohoKeys = [
  "ZOHO_CLIENT_ID",
  "ZOHO_CLIENT_SECRET",
  "ZOHO_REFRESH_TOKEN",
  "ZOHO_ORGANIZATION_ID",
] as const satisfies (keyof Env)[];

/** Parses a literal environment (tests) or `process.env` (main) into the config. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(
    Object.keys(configSchema.shape).flatMap((k) => {
      const v = env[k];
      return v === undefined || v.trim() === "" ? [] : [[k, v]];
    }),
  );
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? "environment"), issue.message);
  }
  const e = parsed.data;
  const zohoSet = zohoKeys.filter((k) => e[k] !== undefined);
  if (zohoSet.length > 0 && zohoSet.length < zohoKeys.length) {
    const missing = zohoKeys.find((k) => e[k] === undefined)!;
    throw new ConfigError(
      missing,
      `a value too, since ${zohoSet.join(", ")} ${zohoSet.length > 1 ? "are" : "is"} set (Zoho needs all four)`,
    );
  }
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL ?? null,
    nodeId: e.NODE_ID,
    shardCount: e.SHARD_COUNT,
    leaseTtlMs: e.LEASE_TTL_MS,
    debounceMs: e.DEBOUNCE_MS,
    actorIdleMs: e.ACTOR_IDLE_MS,
    maxLiveActors: e.MAX_LIVE_ACTORS,
    webhookToken: e.WEBHOOK_TOKEN ?? null,
    adminApiKey: e.ADMIN_API_KEY ?? null,
    wazzup: {
      apiUrl: e.WAZZUP_API_URL,
      apiKey: e.WAZZUP_API_KEY ?? null,
      maxRequestsPer5s: e.WAZZUP_MAX_REQUESTS_PER_5S,
    },
    llm: {
      baseUrl: e.OPENROUTER_BASE_URL,
      apiKey: e.OPENROUTER_API_KEY ?? null,
      model: e.LLM_MODEL,
      fallbackModels: e.LLM_FALLBACK_MODELS,
      turnTimeoutMs: e.LLM_TURN_TIMEOUT_MS,
      maxTurnsPerMinute: e.LLM_MAX_TURNS_PER_MINUTE,
      dailyCostLimit: e.LLM_DAILY_COST_LIMIT,
    },
    embeddings: e.EMBEDDINGS,
    modelsDir: e.MODELS_DIR,
    zoho:
      zohoSet.length === 0
        ? null
        : {
            accountsUrl: e.ZOHO_ACCOUNTS_URL,
            apiUrl: e.ZOHO_API_URL ?? null,
            clientId: e.ZOHO_CLIENT_ID!,
            clientSecret: e.ZOHO_CLIENT_SECRET!,
            refreshToken: e.ZOHO_REFRESH_TOKEN!,
            organizationId: e.ZOHO_ORGANIZATION_ID!,
          },
    catalogSyncIntervalMs: e.CATALOG_SYNC_INTERVAL_MS,
    inspectPort: e.INSPECT_PORT ?? null,
    maxBodyBytes: e.MAX_BODY_BYTES,
    outboxLeaseMs: e.OUTBOX_LEASE_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
  });
}
