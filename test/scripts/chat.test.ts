/**
 * `bun run chat` as a child process against a running Noor (no LLM key, no Wazzup key: replies go to the
 * console sink): lines on stdin become customer messages, delivered replies appear on stdout.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseChatArgs } from "../../src/chat-client/index.ts";
import { holdingReplies } from "../../src/runtime/index.ts";
import { eventually, type Harness, startNoor } from "../support/noor-harness.ts";
import { freePort, repoRoot, tempDir } from "../support/spawn-noor.ts";

interface ChatChild {
  proc: Bun.Subprocess<"pipe", "pipe", "pipe">;
  stdout: string[];
  stderr: string[];
  say(line: string): void;
  /** Resolves with the first stdout line containing `text`. */
  line(text: string, timeoutMs?: number): Promise<string>;
  end(): Promise<number>;
}

const children = new Set<Bun.Subprocess>();
let noor: Harness | undefined;
afterEach(async () => {
  for (const c of children) c.kill("SIGKILL");
  children.clear();
  await noor?.stop();
  noor = undefined;
});

async function collect(stream: ReadableStream<Uint8Array>, into: string[]) {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of stream) {
    const parts = (rest + decoder.decode(chunk, { stream: true })).split("\n");
    rest = parts.pop()!;
    into.push(...parts);
  }
  if (rest) into.push(rest);
}

function chat(args: string[], env: Record<string, string> = {}): ChatChild {
  const proc = Bun.spawn([process.execPath, "src/scripts/chat.ts", ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", ...env },
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
  });
  children.add(proc);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const done = Promise.all([collect(proc.stdout, stdout), collect(proc.stderr, stderr)]);
  return {
    proc,
    stdout,
    stderr,
    say(line) {
      proc.stdin.write(`${line}\n`);
      proc.stdin.flush();
    },
    line: (text, timeoutMs = 10_000) =>
      eventually(() => stdout.find((l) => l.includes(text)), { timeoutMs }).catch(() => {
        throw new Error(`no "${text}" on stdout:\n${stdout.join("\n")}\nstderr:\n${stderr.join("\n")}`);
      }),
    async end() {
      proc.stdin.end();
      const code = await proc.exited;
      await done;
      return code;
    },
  };
}

const operatorSays = async (chatId: string, text: string) => {
  const c = await noor!.noor.store.conversations.findOpen(chatId);
  const res = await noor!.admin(`/api/v1/conversations/${c!.id}/messages`, {
    method: "POST",
    body: JSON.stringify({ text }),
  });
  expect(res.status).toBe(201);
};

describe("bun run chat", () => {
  test("a line in becomes a customer message; the bot's and the operator's replies come out", async () => {
    noor = await startNoor();
    const c = chat([
      "--url",
      noor.url,
      "--token",
      noor.noor.secrets.webhookToken,
      "--key",
      noor.adminKey,
      "--phone",
      "971555000111",
    ]);
    await c.line("Chatting with Noor");
    c.say("Hi, I need 20 office chairs");
    expect(await c.line("noor ›")).toBe(`noor › ${holdingReplies.handoff.en}`);

    const conversation = await noor.noor.store.conversations.findOpen("971555000111");
    const [message] = await noor.noor.store.messages.list(conversation!.id);
    expect(message).toMatchObject({ role: "user", text: "Hi, I need 20 office chairs" });
    expect(conversation).toMatchObject({ chatType: "whatsapp", status: "handoff" });

    await operatorSays("971555000111", "Hello, Omar here.\nHow many desks too?");
    expect(await c.line("operator ›")).toBe("operator › Hello, Omar here.");
    await c.line("How many desks too?");
    expect(await c.end()).toBe(0);
    expect(c.stdout.filter((l) => l.startsWith("noor ›"))).toHaveLength(1);
  }, 20_000);

  test("reads the token and key the server keeps in its database; waits for the reply when input ends", async () => {
    const databaseUrl = `sqlite:${join(tempDir(), "noor.sqlite")}`;
    noor = await startNoor({ DATABASE_URL: databaseUrl });
    const c = chat(["--url", noor.url], { DATABASE_URL: databaseUrl });
    c.say("مرحبا");
    expect(await c.end()).toBe(0);
    expect(c.stdout).toContain(`noor › ${holdingReplies.handoff.ar}`);
  }, 20_000);

  test("says clearly when no server is running", async () => {
    const url = `http://127.0.0.1:${freePort()}`;
    const c = chat(["--url", url, "--token", "t", "--key", "k"]);
    expect(await c.end()).toBe(1);
    expect(c.stderr.join("\n")).toContain(`cannot reach Noor at ${url}: is the server running?`);
  });

  test("names the secret the server refused", async () => {
    noor = await startNoor();
    const badKey = chat(["--url", noor.url, "--token", noor.noor.secrets.webhookToken, "--key", "wrong"]);
    expect(await badKey.end()).toBe(1);
    expect(badKey.stderr.join("\n")).toContain("admin API key was refused");
    const badToken = chat(["--url", noor.url, "--token", "wrong", "--key", noor.adminKey]);
    expect(await badToken.end()).toBe(1);
    expect(badToken.stderr.join("\n")).toContain("webhook token was refused");
  });

  test("without a token anywhere it says where to get one, and creates no database", async () => {
    const path = join(tempDir(), "none.sqlite");
    const c = chat(["--url", "http://127.0.0.1:9"], { DATABASE_URL: `sqlite:${path}` });
    expect(await c.end()).toBe(1);
    expect(c.stderr.join("\n")).toContain("no webhook token: pass --token, set WEBHOOK_TOKEN");
    expect(existsSync(path)).toBe(false);
  });

  test("a bad flag prints the usage", async () => {
    const c = chat(["--phone", "+971-50"]);
    expect(await c.end()).toBe(2);
    expect(c.stderr.join("\n")).toContain("--phone: digits with the country code");
    expect(c.stderr.join("\n")).toContain("bun run chat [--url");
  });
});

describe("parseChatArgs", () => {
  test("a new customer gets a random UAE mobile number; flags are kept", () => {
    const a = parseChatArgs([]);
    expect(a.phone).toMatch(/^9715\d{8}$/);
    expect(parseChatArgs([]).phone).not.toBe(a.phone);
    expect(a).toMatchObject({ waitOnEndMs: 15_000, help: false, name: "Terminal customer" });
    expect(
      parseChatArgs(["--phone", "971501234567", "--wait", "2", "--url", "http://localhost:4000"]),
    ).toMatchObject({
      phone: "971501234567",
      waitOnEndMs: 2000,
      url: "http://localhost:4000",
    });
  });

  test.each([
    ["--wait", "-1"],
    ["--url", "localhost:3000"],
    ["--nope", "x"],
  ])("%s %s is refused", (flag, value) => {
    expect(() => parseChatArgs([flag, value])).toThrow();
  });
});
