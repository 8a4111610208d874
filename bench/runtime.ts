/**
 * Runtime benchmarks (issue 3):
 * 1. webhook ingest vs a bare Elysia route parsing the same JSON (same run);
 * 2. memory per live idle chat actor at 10k and 100k actors;
 * 3. runtime overhead from debounce expiry to the Wazzup POST, 1,000 chats.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Elysia } from "elysia";
import { loadConfig } from "../src/config.ts";
import { silentLogger } from "../src/log.ts";
import { createChatActorFactory } from "../src/runtime/chat-actor.ts";
import { createTurnRunner } from "../src/runtime/index.ts";
import { start } from "../src/start.ts";
import { conversationFixture } from "../test/support/conversation-fixture.ts";
import { createFakeWazzup, inboundText } from "../test/support/fake-wazzup.ts";
import { freePort, launchNoor } from "../test/support/spawn-noor.ts";
import { percentile, round } from "./stats.ts";

const token = "bench-token";

async function timeRequests(
  handle: (r: Request) => Promise<Response>,
  make: (i: number) => Request,
  { count, concurrency }: { count: number; concurrency: number },
) {
  const latencies: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const s = performance.now();
        const res = await handle(make(i));
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`status ${res.status}`);
        latencies.push(performance.now() - s);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { perSecond: count / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** Ingest through the real app (validate, dedupe, store in a SQLite file, hand to the actor) vs a bare route. */
export async function ingestBench({ count = 20_000, chats = 1000, concurrency = 32 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "noor-bench-"));
  const noor = await start(
    loadConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: `sqlite:${join(dir, "noor.sqlite")}`,
      WEBHOOK_TOKEN: token,
      DEBOUNCE_MS: "600000",
      EMBEDDINGS: "none",
      CATALOG_SYNC_INTERVAL_MS: "0",
      LOG_LEVEL: "error",
    }),
    silentLogger,
  );
  const bodies = Array.from({ length: count }, (_, i) =>
    JSON.stringify(
      inboundText({ chatId: `9715${String(i % chats).padStart(8, "0")}`, text: `message ${i}` }),
    ),
  );
  const request = (path: string) => (i: number) =>
    new Request(`http://localhost${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: bodies[i],
    });
  const bare = new Elysia().post("/bare", ({ body }) => ({ ok: typeof body === "object" }));
  const handleNoor = (r: Request) => fetch(r.url.replace("http://localhost", noor.url), r);
  const handleBare = async (r: Request) => bare.handle(r);
  const serverBare = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: handleBare });
  const viaSocket = (r: Request) =>
    fetch(r.url.replace("http://localhost", `http://127.0.0.1:${serverBare.port}`), r);
  // Warm both paths, then measure each over real HTTP.
  await timeRequests(viaSocket, request("/bare"), { count: 500, concurrency });
  const baseline = await timeRequests(viaSocket, request("/bare"), { count, concurrency });
  const ingest = await timeRequests(handleNoor, request(`/webhooks/wazzup/${token}`), { count, concurrency });
  serverBare.stop(true);
  await noor.stop();
  rmSync(dir, { recursive: true, force: true });
  return {
    count,
    chats,
    concurrency,
    baseline: { perSecond: round(baseline.perSecond, 0), p99Ms: round(baseline.p99) },
    ingest: { perSecond: round(ingest.perSecond, 0), p99Ms: round(ingest.p99) },
    ratio: round(ingest.perSecond / baseline.perSecond, 3),
  };
}

const conversation = (i: number) =>
  conversationFixture({
    id: `conv-${i}`,
    chatId: `chat-${i}`,
    lastInboundAt: Date.now(),
    lastMessageAt: Date.now(),
  });

/** Heap and RSS per idle chat actor after GC (the store is never touched by idle actors). */
export async function actorMemoryBench({ sizes = [10_000, 100_000] } = {}) {
  const results: { actors: number; heapBytesPerActor: number; rssBytesPerActor: number }[] = [];
  const deps = {
    store: null as never,
    turnRunner: createTurnRunner({ llm: null }),
    logger: silentLogger,
    debounceMs: 3000,
    splitText: (t: string) => [t],
    onReplyQueued: () => {},
  };
  for (const n of sizes) {
    Bun.gc(true);
    await Bun.sleep(50);
    const before = { heap: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss };
    const factory = createChatActorFactory(deps);
    const actors = Array.from({ length: n }, (_, i) => factory.spawn(conversation(i)));
    Bun.gc(true);
    await Bun.sleep(50);
    const after = { heap: process.memoryUsage().heapUsed, rss: process.memoryUsage().rss };
    results.push({
      actors: n,
      heapBytesPerActor: round((after.heap - before.heap) / n, 0),
      rssBytesPerActor: round((after.rss - before.rss) / n, 0),
    });
    for (const a of actors) await a.stop();
    actors.length = 0;
  }
  return results;
}

/** From each chat's debounce expiry to its reply reaching (fake) Wazzup, with instant turns. */
/**
 * From each chat's debounce expiry to its reply reaching (fake) Wazzup, with instant turns. Noor runs as
 * its own process (`bun src/main.ts`), so the fake and the load generator do not share its CPU.
 */
export async function overheadBench({ chats = 1000, debounceMs = 500, spreadMs = 0 } = {}) {
  const wazzup = createFakeWazzup();
  // Request logs off (LOG_LEVEL=warn): the figure is the runtime's, not stdout's. A fixed port replaces
  // the listening log line the quiet child no longer prints.
  const port = freePort();
  const noor = launchNoor({
    env: {
      PORT: String(port),
      LOG_LEVEL: "warn",
      WEBHOOK_TOKEN: token,
      DEBOUNCE_MS: String(debounceMs),
      WAZZUP_API_URL: wazzup.url,
      WAZZUP_API_KEY: wazzup.apiKey,
      // Wazzup's own 500 / 5 s limit would dominate 1,000 simultaneous replies: lift it to see our overhead.
      WAZZUP_MAX_REQUESTS_PER_5S: "100000",
      CATALOG_SYNC_INTERVAL_MS: "0",
    },
  });
  const url = `http://127.0.0.1:${port}`;
  for (
    let waited = 0;
    !(await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    ));
    waited += 20
  ) {
    if (waited > 15_000) throw new Error(`noor did not start: ${noor.stderr()}`);
    await Bun.sleep(20);
  }
  const expiry = new Map<string, number>();
  await Promise.all(
    Array.from({ length: chats }, async (_, i) => {
      // Arrivals spread evenly over `spreadMs` (0: all at once, the worst case).
      if (spreadMs > 0) await Bun.sleep((i * spreadMs) / chats);
      const chatId = `9716${String(i).padStart(8, "0")}`;
      const res = await fetch(`${url}/webhooks/wazzup/${token}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(inboundText({ chatId, text: "voice?" })),
      });
      // The actor's debounce starts when the webhook hands the message over, just before the 200.
      expiry.set(chatId, Date.now() + debounceMs);
      if (res.status !== 200) throw new Error(`webhook ${res.status}`);
    }),
  );
  await wazzup.waitForSent(chats, 60_000);
  const delays = wazzup.sent.map((s) => s.at - expiry.get(s.chatId)!);
  await noor.stop();
  await wazzup.stop();
  return {
    chats,
    debounceMs,
    spreadMs,
    p50Ms: round(percentile(delays, 50)),
    p99Ms: round(percentile(delays, 99)),
  };
}

if (import.meta.main) {
  console.log(await ingestBench());
  console.log(await actorMemoryBench());
  console.log(await overheadBench());
  console.log(await overheadBench({ spreadMs: 2000 }));
}
