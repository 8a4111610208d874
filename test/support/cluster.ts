/**
 * Redis and multi-node helpers for the scale-out tests and bench.
 *
 * - `testRedis()`: the shared server at 127.0.0.1:6379 with a key prefix of
 *   the test's own (deleted afterwards), for tests in the test process.
 * - `startRedisServer()`: a redis-server of our own on a free port (no
 *   persistence), for child-process clusters: isolated keys and command
 *   statistics, and it can be killed and restarted.
 * - `startCluster()`: a fake Wazzup and `bun src/main.ts` nodes sharing a
 *   store and a Redis; `post()` delivers a webhook the way Wazzup does (any
 *   node, again on 503 or a dead node, until a 200).
 */
import { afterAll } from "bun:test";
import { join } from "node:path";
import Redis from "ioredis";
import { redisKeys } from "../../src/runtime/bus/redis-keys.ts";
import { ownerOf } from "../../src/runtime/bus/shards.ts";
import { createFakeWazzup, type FakeWazzup, type WebhookJson } from "./fake-wazzup.ts";
import { freePort, type RunningNoor, spawnNoor, tempDir } from "./spawn-noor.ts";

export const sharedRedisUrl = "redis://127.0.0.1:6379";

export interface TestRedis {
  redis: Redis;
  prefix: string;
  /** Deletes the prefix's keys and closes the connection. */
  cleanup(): Promise<void>;
}

export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, found] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    if (found.length > 0) await redis.del(...found);
    cursor = next;
  } while (cursor !== "0");
}

export async function testRedis(url = sharedRedisUrl): Promise<TestRedis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const prefix = `noor-test:${Bun.randomUUIDv7()}:`;
  return {
    redis,
    prefix,
    async cleanup() {
      await deleteKeys(redis, prefix);
      await redis.quit();
    },
  };
}

export interface RedisServer {
  url: string;
  port: number;
  /** SIGKILL; everything in memory is gone (no persistence). */
  kill(): Promise<void>;
  /** Starts again on the same port, empty. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Calls of every command so far (`INFO commandstats`). */
  commandCalls(): Promise<number>;
}

const servers = new Set<Bun.Subprocess>();
try {
  afterAll(async () => {
    for (const proc of servers) proc.kill("SIGKILL");
    await Promise.all([...servers].map((p) => p.exited));
    servers.clear();
  });
} catch {
  // Not under `bun test` (the cluster bench imports this too): the exit hook below cleans up.
}
process.on("exit", () => {
  for (const proc of servers) proc.kill("SIGKILL");
});

async function waitForPing(url: string, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on("error", () => {});
    try {
      await probe.connect();
      await probe.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`redis at ${url} did not answer`, { cause: error });
      await Bun.sleep(25);
    } finally {
      probe.disconnect();
    }
  }
}

export async function startRedisServer(): Promise<RedisServer> {
  const binary = Bun.which("redis-server");
  if (!binary) throw new Error("redis-server is not on PATH (apt-get install redis-server)");
  const port = freePort();
  const url = `redis://127.0.0.1:${port}`;
  let proc: Bun.Subprocess | null = null;
  const server: RedisServer = {
    url,
    port,
    async start() {
      proc = Bun.spawn(
        [binary, "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        { stdout: "ignore", stderr: "ignore", stdin: "ignore" },
      );
      servers.add(proc);
      await waitForPing(url);
    },
    async kill() {
      if (!proc) return;
      proc.kill("SIGKILL");
      await proc.exited;
      servers.delete(proc);
      proc = null;
    },
    stop: () => server.kill(),
    async commandCalls() {
      const client = new Redis(url, { lazyConnect: true });
      await client.connect();
      const info = await client.info("commandstats");
      client.disconnect();
      return [...info.matchAll(/^cmdstat_[^:]+:calls=(\d+)/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
    },
  };
  await server.start();
  return server;
}

export interface ClusterOptions {
  nodes: string[];
  redis: RedisServer;
  shardCount?: number;
  leaseTtlMs?: number;
  debounceMs?: number;
  /** A shared store; a fresh SQLite file by default. */
  databaseUrl?: string;
  env?: Record<string, string>;
}

export interface Cluster {
  wazzup: FakeWazzup;
  databaseUrl: string;
  nodes: Map<string, RunningNoor>;
  startNode(nodeId: string): Promise<RunningNoor>;
  /** Stops sending it webhooks, signals it and waits for its exit. */
  kill(nodeId: string, signal?: NodeJS.Signals): Promise<void>;
  /** Delivers a webhook like Wazzup: to the next live node, again after a 503 or a dead node, until a 200. */
  post(body: WebhookJson): Promise<{ attempts: number; unavailable: number }>;
  /** Posts every body, `concurrency` at a time; returns how many 503s were answered on the way. */
  postAll(bodies: WebhookJson[], concurrency?: number): Promise<number>;
  /** Shard → node id holding its lease now. */
  leases(): Promise<Map<number, string>>;
  /** Waits until every shard is held by the node rendezvous hashing picks among `nodeIds`. */
  waitForOwners(nodeIds: string[], timeoutMs?: number): Promise<Map<number, string>>;
  /** Replies the fake received, per chat. */
  sendsPerChat(): Map<string, number>;
  stop(): Promise<void>;
}

export const webhookToken = "cluster-test-webhook-token";

/** `count` distinct WhatsApp chat ids (UAE mobile numbers), the same for the same `series`. */
export function chatIds(count: number, series = 0): string[] {
  return Array.from({ length: count }, (_, i) => `9715${series}${String(i).padStart(7, "0")}`);
}

export async function startCluster({
  nodes: nodeIds,
  redis,
  shardCount = 64,
  leaseTtlMs = 1500,
  debounceMs = 300,
  databaseUrl = `sqlite:${join(tempDir("noor-cluster-"), "noor.sqlite")}`,
  env = {},
}: ClusterOptions): Promise<Cluster> {
  const wazzup = createFakeWazzup();
  const nodes = new Map<string, RunningNoor>();
  const inspector = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  inspector.on("error", () => {});
  await inspector.connect();
  const keys = redisKeys();
  let next = 0;

  const startNode = async (nodeId: string) => {
    const node = await spawnNoor({
      timeoutMs: 30_000,
      env: {
        NODE_ID: nodeId,
        REDIS_URL: redis.url,
        DATABASE_URL: databaseUrl,
        SHARD_COUNT: String(shardCount),
        LEASE_TTL_MS: String(leaseTtlMs),
        DEBOUNCE_MS: String(debounceMs),
        OUTBOX_LEASE_MS: "2000",
        WEBHOOK_TOKEN: webhookToken,
        ADMIN_API_KEY: "cluster-test-admin-key",
        WAZZUP_API_URL: wazzup.url,
        WAZZUP_API_KEY: wazzup.apiKey,
        // Wazzup's per-node send budget would pace the replies of hundreds of chats over seconds.
        WAZZUP_MAX_REQUESTS_PER_5S: "100000",
        CATALOG_SYNC_INTERVAL_MS: "0",
        LOG_LEVEL: "info",
        ...env,
      },
    });
    nodes.set(nodeId, node);
    gone.delete(nodeId);
    return node;
  };

  const gone = new Set<string>();
  const alive = () => [...nodes].filter(([id]) => !gone.has(id)).map(([, n]) => n);

  const cluster: Cluster = {
    wazzup,
    databaseUrl,
    nodes,
    startNode,
    async kill(nodeId, signal = "SIGKILL") {
      gone.add(nodeId);
      await nodes.get(nodeId)!.stop({ signal, timeoutMs: 15_000 });
    },
    async post(body) {
      let attempts = 0;
      let unavailable = 0;
      for (;;) {
        const live = alive();
        if (live.length === 0) throw new Error("no node is alive to take the webhook");
        const node = live[next++ % live.length]!;
        attempts++;
        const status = await fetch(`${node.url}/webhooks/wazzup/${webhookToken}`, {
          method: "POST",
          headers: { "content-type": "application/json; charset-utf-8" },
          body: JSON.stringify(body),
        })
          .then(async (res) => {
            await res.arrayBuffer();
            return res.status;
          })
          .catch(() => 0);
        if (status === 200) return { attempts, unavailable };
        if (status === 503) unavailable++;
        else if (status !== 0) throw new Error(`webhook answered ${status}`);
        if (attempts > 400) throw new Error("webhook not accepted after 400 attempts");
        await Bun.sleep(50);
      }
    },
    async postAll(bodies, concurrency = 16) {
      let index = 0;
      let unavailable = 0;
      const worker = async () => {
        while (index < bodies.length) unavailable += (await cluster.post(bodies[index++]!)).unavailable;
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      return unavailable;
    },
    async leases() {
      const shards = Array.from({ length: shardCount }, (_, s) => s);
      const values = await inspector.mget(...shards.map((s) => keys.lease(s)));
      const out = new Map<number, string>();
      values.forEach((v, s) => {
        if (v) out.set(s, v.slice(0, v.lastIndexOf("/")));
      });
      return out;
    },
    async waitForOwners(expected, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const held = await cluster.leases();
        if (
          Array.from({ length: shardCount }, (_, s) => s).every((s) => held.get(s) === ownerOf(s, expected))
        ) {
          return held;
        }
        if (Date.now() > deadline) {
          throw new Error(`shards not spread over ${expected.join(", ")}: ${JSON.stringify([...held])}`);
        }
        await Bun.sleep(50);
      }
    },
    sendsPerChat() {
      const counts = new Map<string, number>();
      for (const m of wazzup.sent) counts.set(m.chatId, (counts.get(m.chatId) ?? 0) + 1);
      return counts;
    },
    async stop() {
      await Promise.all(alive().map((n) => n.stop({ timeoutMs: 15_000 }).catch(() => n.kill("SIGKILL"))));
      inspector.disconnect();
      await wazzup.stop();
    },
  };
  for (const id of nodeIds) await startNode(id);
  return cluster;
}
