/**
 * `bun start` as a real child process: it listens and logs where to point
 * Wazzup, keeps its generated secrets across restarts, stops cleanly on a
 * signal, and refuses bad input with one clear line and a non-zero exit.
 */
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { json } from "./support/http.ts";
import { freePort, type LogLine, launchNoor, spawnNoor, tempDir } from "./support/spawn-noor.ts";

const shutdownTimeoutMs = 3000;

const secretsOf = (line: LogLine) => ({
  token: String(line.webhookUrl).split("/webhooks/wazzup/")[1],
  adminKey: String(line.adminApiKey).split(" ")[0],
});

describe("bun start", () => {
  test("listens, answers /health and /ready, and logs the webhook URL with its token and the admin key", async () => {
    const noor = await spawnNoor();
    const health = await fetch(`${noor.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${noor.url}/ready`);
    expect(ready.status).toBe(200);
    expect((await json(ready)).components.db.status).toBe("ok");

    const line = await noor.waitForLog("noor is listening");
    expect(line.url).toBe(noor.url);
    expect(String(line.webhookUrl)).toMatch(new RegExp(`^${noor.url}/webhooks/wazzup/[A-Za-z0-9_-]{20,}$`));
    const { token, adminKey } = secretsOf(line);
    expect(adminKey).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(adminKey).not.toBe(token);
    expect(String(line.adminApiKey)).toContain("ADMIN_API_KEY");
    expect((await noor.stop()).code).toBe(0);
  });

  test("a restart on the same data keeps the generated webhook token and admin key", async () => {
    const databaseUrl = `sqlite:${join(tempDir(), "noor.sqlite")}`;
    const first = await spawnNoor({ env: { DATABASE_URL: databaseUrl } });
    const before = secretsOf(await first.waitForLog("noor is listening"));
    expect((await first.stop({ signal: "SIGINT" })).code).toBe(0);

    const second = await spawnNoor({ env: { DATABASE_URL: databaseUrl } });
    const after = secretsOf(await second.waitForLog("noor is listening"));
    expect(after).toEqual(before);
    expect((await second.stop()).code).toBe(0);
  });

  test("secrets given in the environment are used and the admin key is not printed", async () => {
    const noor = await spawnNoor({
      env: { WEBHOOK_TOKEN: "hook-token-from-env", ADMIN_API_KEY: "admin-key-from-env-123" },
    });
    const line = await noor.waitForLog("noor is listening");
    expect(line.webhookUrl).toBe(`${noor.url}/webhooks/wazzup/hook-token-from-env`);
    expect(noor.stdout.join("\n")).not.toContain("admin-key-from-env-123");
    await noor.stop();
  });

  test("SIGTERM drains and exits 0 within the shutdown bound, logging 'stopped'", async () => {
    const noor = await spawnNoor({ env: { SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs) } });
    expect((await fetch(`${noor.url}/health`)).status).toBe(200);
    // A process that overran the bound would exit 1 from its own timer; the margin covers process teardown.
    const exit = await noor.stop({ signal: "SIGTERM", timeoutMs: shutdownTimeoutMs + 2000 });
    expect(exit).toEqual({ code: 0, signal: null });
    const messages = noor.logs.map((l) => l.msg);
    expect(messages).toContain("stopped");
    expect(noor.logs.find((l) => l.msg === "shutting down")?.signal).toBe("SIGTERM");
    expect(messages.indexOf("stopped")).toBeGreaterThan(messages.indexOf("shutting down"));
    expect(noor.stderr()).toBe("");
  });
});

describe("bun start refuses bad input with one clear line", () => {
  /** Runs a start that must fail and returns its last stderr line after checking the exit. */
  const failedStart = async (env: Record<string, string>) => {
    const child = launchNoor({ env });
    const exit = await child.exited();
    const stderr = child.stderr().trim();
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    expect(child.logs.map((l) => l.msg)).not.toContain("noor is listening");
    // The message is the whole story: no stack trace printed instead of (or around) it.
    expect(stderr).not.toMatch(/^\s+at\s/m);
    const last = stderr.split("\n").at(-1)!;
    expect(last).toStartWith("noor: cannot start:");
    return last;
  };

  test("DATABASE_URL with an unsupported scheme", async () => {
    const line = await failedStart({ DATABASE_URL: "mysql://x" });
    expect(line).toContain("DATABASE_URL");
    expect(line).toContain("postgres://");
  });

  test("unreachable Postgres", async () => {
    const line = await failedStart({ DATABASE_URL: "postgres://u@127.0.0.1:1/x" });
    expect(line).toContain("cannot reach the database");
    expect(line).toContain("127.0.0.1:1");
  });

  test("a data directory that is a regular file", async () => {
    const file = join(tempDir(), "not-a-dir");
    writeFileSync(file, "");
    const line = await failedStart({ DATABASE_URL: `sqlite:${join(file, "noor.sqlite")}` });
    expect(line).toContain(join(file, "noor.sqlite"));
    expect(line).toContain("SQLite");
  });

  // chmod 0555 does not stop root, so this uses a directory nobody can create files in.
  test("a data directory where no file can be created (/proc)", async () => {
    const line = await failedStart({ DATABASE_URL: "sqlite:/proc/noor-test.sqlite" });
    expect(line).toContain("/proc/noor-test.sqlite");
    expect(line).toContain("SQLite");
  });

  test("a port already in use", async () => {
    const port = freePort();
    const occupant = Bun.serve({ hostname: "127.0.0.1", port, fetch: () => new Response("taken") });
    try {
      const line = await failedStart({ PORT: String(port) });
      expect(line).toContain(String(port));
      expect(line).toContain("in use");
    } finally {
      occupant.stop(true);
    }
  });

  test("PORT that is not a number", async () => {
    const line = await failedStart({ PORT: "abc" });
    expect(line).toContain("PORT");
    expect(line).toContain("whole number");
  });
});
