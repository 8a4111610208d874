import { describe, expect, test } from "bun:test";
import { hostname } from "node:os";
import { ConfigError, loadConfig } from "../src/config.ts";

const zoho = {
  ZOHO_CLIENT_ID: "1000.client",
  ZOHO_CLIENT_SECRET: "zoho-secret",
  ZOHO_REFRESH_TOKEN: "1000.refresh",
  ZOHO_ORGANIZATION_ID: "60000000001",
};

/** The ConfigError `loadConfig(env)` throws; fails the test when it does not throw one. */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe("loadConfig", () => {
  test("an empty environment gives the working embedded defaults", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: "0.0.0.0",
      databaseUrl: "sqlite:data/noor.sqlite",
      redisUrl: null,
      shardCount: 64,
      leaseTtlMs: 10_000,
      debounceMs: 3000,
      actorIdleMs: 900_000,
      webhookToken: null,
      adminApiKey: null,
      wazzup: { apiUrl: "https://api.wazzup24.com/v3", apiKey: null, maxRequestsPer5s: 450 },
      llm: { baseUrl: "https://openrouter.ai/api/v1", apiKey: null, model: "deepseek/deepseek-chat" },
      zoho: null,
      inspectPort: null,
    });
    expect(c.nodeId).toBe(`${hostname()}-${process.pid}`);
    expect(c.embeddings).toMatch(/^(fastembed|openrouter):.+|^none$/);
    expect(Object.isFrozen(c)).toBe(true);
  });

  test("every contract variable is read, and URLs lose their trailing slashes", () => {
    const c = loadConfig({
      PORT: "8080",
      HOST: "127.0.0.1",
      DATABASE_URL: "postgres://noor:pw@db.internal:5432/noor",
      REDIS_URL: "redis://127.0.0.1:6379/2",
      NODE_ID: "node-a",
      SHARD_COUNT: "16",
      LEASE_TTL_MS: "5000",
      DEBOUNCE_MS: "0",
      ACTOR_IDLE_MS: "60000",
      WEBHOOK_TOKEN: "hook-token",
      ADMIN_API_KEY: "admin-key",
      WAZZUP_API_URL: "http://127.0.0.1:9001/v3/",
      WAZZUP_API_KEY: "wazzup-key",
      OPENROUTER_BASE_URL: "http://127.0.0.1:9002/api/v1//",
      OPENROUTER_API_KEY: "or-key",
      LLM_MODEL: "openai/gpt-4o-mini",
      EMBEDDINGS: "openrouter:openai/text-embedding-3-small",
      ZOHO_ACCOUNTS_URL: "http://127.0.0.1:9003/",
      ZOHO_API_URL: "http://127.0.0.1:9004/inventory/v1/",
      ...zoho,
      INSPECT_PORT: "5678",
    });
    expect(c).toMatchObject({
      port: 8080,
      host: "127.0.0.1",
      databaseUrl: "postgres://noor:pw@db.internal:5432/noor",
      redisUrl: "redis://127.0.0.1:6379/2",
      nodeId: "node-a",
      shardCount: 16,
      leaseTtlMs: 5000,
      debounceMs: 0,
      actorIdleMs: 60_000,
      webhookToken: "hook-token",
      adminApiKey: "admin-key",
      wazzup: { apiUrl: "http://127.0.0.1:9001/v3", apiKey: "wazzup-key" },
      llm: { baseUrl: "http://127.0.0.1:9002/api/v1", apiKey: "or-key", model: "openai/gpt-4o-mini" },
      embeddings: "openrouter:openai/text-embedding-3-small",
      zoho: {
        accountsUrl: "http://127.0.0.1:9003",
        apiUrl: "http://127.0.0.1:9004/inventory/v1",
        clientId: "1000.client",
        clientSecret: "zoho-secret",
        refreshToken: "1000.refresh",
        organizationId: "60000000001",
      },
      inspectPort: 5678,
    });
  });

  test("the other DATABASE_URL and EMBEDDINGS forms are accepted", () => {
    expect(loadConfig({ DATABASE_URL: "sqlite::memory:" }).databaseUrl).toBe("sqlite::memory:");
    expect(loadConfig({ DATABASE_URL: "postgresql://u@h/db" }).databaseUrl).toBe("postgresql://u@h/db");
    expect(loadConfig({ REDIS_URL: "rediss://h:6380" }).redisUrl).toBe("rediss://h:6380");
    expect(loadConfig({ EMBEDDINGS: "none" }).embeddings).toBe("none");
    expect(loadConfig({ EMBEDDINGS: "fastembed:bge-small-en-v1.5" }).embeddings).toBe(
      "fastembed:bge-small-en-v1.5",
    );
    expect(loadConfig({ PORT: "0" }).port).toBe(0);
  });

  test("Noor's own tuning variables are read too", () => {
    const c = loadConfig({
      LLM_FALLBACK_MODELS: " a/one, ,b/two ",
      LLM_DAILY_COST_LIMIT: "2.5",
      MAX_BODY_BYTES: "4096",
      SHUTDOWN_TIMEOUT_MS: "250",
      LOG_LEVEL: "debug",
    });
    expect(c.llm.fallbackModels).toEqual(["a/one", "b/two"]);
    expect(c.llm.dailyCostLimit).toBe(2.5);
    expect(c).toMatchObject({ maxBodyBytes: 4096, shutdownTimeoutMs: 250, logLevel: "debug" });
  });

  test("empty and blank values mean unset", () => {
    const c = loadConfig({
      PORT: "",
      DATABASE_URL: "  ",
      REDIS_URL: "",
      WEBHOOK_TOKEN: "",
      ADMIN_API_KEY: " ",
      WAZZUP_API_URL: "",
      ZOHO_CLIENT_ID: "",
      INSPECT_PORT: "",
    });
    expect(c).toMatchObject({
      port: 3000,
      databaseUrl: "sqlite:data/noor.sqlite",
      redisUrl: null,
      webhookToken: null,
      adminApiKey: null,
      wazzup: { apiUrl: "https://api.wazzup24.com/v3" },
      zoho: null,
      inspectPort: null,
    });
  });

  test("variables outside the schema are ignored", () => {
    expect(loadConfig({ HOME: "/root", SOMETHING_ELSE: "x" }).port).toBe(3000);
  });
});

describe("loadConfig rejects bad values with the variable and what it expects", () => {
  const cases: [Record<string, string>, string, RegExp][] = [
    [{ PORT: "abc" }, "PORT", /whole number/],
    [{ PORT: "70000" }, "PORT", /<= 65535/],
    [{ PORT: "80.5" }, "PORT", /whole number/],
    [{ DATABASE_URL: "mysql://u@h/db" }, "DATABASE_URL", /sqlite:<path>.*postgres:\/\//],
    [{ DATABASE_URL: "sqlite:" }, "DATABASE_URL", /sqlite:<path>/],
    [{ REDIS_URL: "http://127.0.0.1:6379" }, "REDIS_URL", /redis:\/\//],
    [{ EMBEDDINGS: "foo" }, "EMBEDDINGS", /fastembed:<model>, openrouter:<model> or none/],
    [{ DEBOUNCE_MS: "-1" }, "DEBOUNCE_MS", />= 0/],
    [{ SHARD_COUNT: "0" }, "SHARD_COUNT", />= 1/],
    [{ WAZZUP_API_URL: "not a url" }, "WAZZUP_API_URL", /http\(s\) URL/],
    [{ OPENROUTER_BASE_URL: "localhost:3000" }, "OPENROUTER_BASE_URL", /http\(s\) URL/],
    [{ ZOHO_API_URL: "ftp://zoho.example/inventory/v1" }, "ZOHO_API_URL", /http\(s\) URL/],
    [{ INSPECT_PORT: "0" }, "INSPECT_PORT", />= 1/],
    [{ LOG_LEVEL: "verbose" }, "LOG_LEVEL", /debug, info, warn or error/],
  ];
  for (const [env, variable, expectation] of cases) {
    test(`${Object.entries(env)[0]!.join("=")}`, () => {
      const error = configError(env);
      expect(error.variable).toBe(variable);
      expect(error.kind).toBe("invalid_config");
      expect(error.message).toStartWith(`${variable}: expected `);
      expect(error.message).toMatch(expectation);
    });
  }

  test("a partial Zoho setup names the first missing variable and the ones that are set", () => {
    const error = configError({ ZOHO_CLIENT_ID: zoho.ZOHO_CLIENT_ID, ZOHO_REFRESH_TOKEN: "r" });
    expect(error.variable).toBe("ZOHO_CLIENT_SECRET");
    expect(error.message).toStartWith("ZOHO_CLIENT_SECRET: expected");
    expect(error.message).toContain("ZOHO_CLIENT_ID");
    expect(error.message).toContain("ZOHO_REFRESH_TOKEN");

    const lastMissing = configError({ ...zoho, ZOHO_ORGANIZATION_ID: "" });
    expect(lastMissing.variable).toBe("ZOHO_ORGANIZATION_ID");
  });
});
