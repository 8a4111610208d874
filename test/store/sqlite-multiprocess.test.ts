/**
 * Two processes on one SQLite file (two nodes on one host, or a restart that
 * overlaps the old process): they migrate the fresh file together, then race
 * to store the same Wazzup messages and open conversations for the same
 * chats. Every message must land once, each chat must have one open
 * conversation, and nobody may fail with SQLITE_BUSY.
 */
import { Database } from "bun:sqlite";
import { afterAll, expect, test } from "bun:test";
import { join } from "node:path";
import { createStore, type Store } from "../../src/store/index.ts";
import { readLines, tempDir } from "../support/spawn-noor.ts";

const workerScript = join(import.meta.dir, "..", "support", "sqlite-race-worker.ts");
const messageCount = 200;
const chatCount = 10;

const opened: Store[] = [];
afterAll(async () => {
  for (const s of opened) await s.close();
});

function startWorker(databaseUrl: string, name: string) {
  const proc = Bun.spawn(
    [process.execPath, workerScript, databaseUrl, name, String(messageCount), String(chatCount)],
    { stdin: "pipe", stdout: "pipe", stderr: "pipe" },
  );
  const lines: Record<string, unknown>[] = [];
  let announce: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    announce = resolve;
  });
  const output = readLines(proc.stdout, (text) => {
    if (!text) return;
    const line = JSON.parse(text) as Record<string, unknown>;
    lines.push(line);
    if (line.ready) announce();
  });
  const done = Promise.all([proc.exited, output, new Response(proc.stderr).text()]).then(
    ([code, , stderr]) => ({
      code,
      stderr,
      summary: lines.at(-1) as { inserted: number; conversationsCreated: number },
    }),
  );
  // A worker that dies before it is ready must fail the test, not hang it.
  const readyOrDead = Promise.race([
    ready,
    done.then((d) => {
      throw new Error(`${name} exited ${d.code} before it was ready:\n${d.stderr}`);
    }),
  ]);
  return { proc, ready: readyOrDead, done };
}

test("two processes racing on the same messages store each once, with one open conversation per chat", async () => {
  const path = join(tempDir(), "shared.sqlite");
  const databaseUrl = `sqlite:${path}`;
  const workers = [startWorker(databaseUrl, "a"), startWorker(databaseUrl, "b")];
  await Promise.all(workers.map((w) => w.ready));
  const startAt = Date.now() + 100;
  for (const w of workers) {
    w.proc.stdin.write(`go ${startAt}\n`);
    await w.proc.stdin.end();
  }
  const results = await Promise.all(workers.map((w) => w.done));

  for (const r of results) {
    expect(r.stderr).not.toMatch(/SQLITE_BUSY|database is locked/i);
    expect(r.code).toBe(0);
  }
  // Between them the workers inserted every message once and opened every chat's conversation once.
  expect(results.reduce((n, r) => n + r.summary.inserted, 0)).toBe(messageCount);
  expect(results.reduce((n, r) => n + r.summary.conversationsCreated, 0)).toBe(chatCount);

  const store = await createStore({ databaseUrl });
  opened.push(store);
  const { items, total } = await store.conversations.list({ page: 1, perPage: 100 });
  expect(total).toBe(chatCount);
  expect(new Set(items.map((c) => c.chatId)).size).toBe(chatCount);
  expect(items.every((c) => c.status === "active")).toBe(true);
  for (const c of items) {
    const stored = await store.messages.list(c.id);
    expect(stored).toHaveLength(messageCount / chatCount);
  }
  for (let i = 0; i < messageCount; i++) {
    const m = await store.messages.findByWazzupId(`race-${i}`);
    expect(m?.chatId).toBe(`97150000${i % chatCount}`);
  }

  const db = new Database(path, { readonly: true });
  const row = db.query("SELECT count(*) AS n, count(DISTINCT wazzup_message_id) AS ids FROM messages").get();
  db.close();
  expect(row).toEqual({ n: messageCount, ids: messageCount });
});
