/**
 * Scale-out benchmarks (issue 6), on real child processes, a redis-server of
 * their own, one SQLite file, a fake Wazzup and an instant fake OpenRouter:
 *
 * 1. throughput: chats answered per second from the first webhook to the last
 *    reply, with 1, 2 and 3 nodes (webhooks spread over the nodes like a load
 *    balancer would), as ratios to one node;
 * 2. Redis commands per answered message in those runs (`INFO commandstats`
 *    delta, heartbeats and lease renewals included);
 * 3. failover: SIGKILL the node holding a chat's shard, post a message for
 *    that chat to the survivor at once, time to the reply (target ≤ lease
 *    TTL + 2 s).
 *
 * `bun bench/cluster.ts` prints the figures; `clusterBench()` returns them.
 */
import { shardOf } from "../src/runtime/bus/shards.ts";
import {
  type Cluster,
  chatIds,
  type RedisServer,
  startCluster,
  startRedisServer,
} from "../test/support/cluster.ts";
import { createFakeOpenRouter, type FakeOpenRouter, textReply } from "../test/support/fake-openrouter.ts";
import { inboundText } from "../test/support/fake-wazzup.ts";
import { round } from "./stats.ts";

export interface ClusterBenchOptions {
  /** Chats (one message each) per throughput run. */
  chats?: number;
  nodeCounts?: number[];
  /** Lease TTLs to measure failover with, and samples per TTL. */
  failoverTtlsMs?: number[];
  failoverSamples?: number;
  shardCount?: number;
  /** Webhooks in flight at once. */
  concurrency?: number;
}

export interface ThroughputFigure {
  nodes: number;
  answeredPerSecond: number;
  /** answeredPerSecond / the one-node figure. */
  ratio: number;
  redisCommandsPerMessage: number;
}

export interface FailoverFigure {
  leaseTtlMs: number;
  samplesMs: number[];
  maxMs: number;
  targetMs: number;
}

export interface ClusterFigures {
  chats: number;
  shardCount: number;
  throughput: ThroughputFigure[];
  failover: FailoverFigure[];
}

const instantLlm = () =>
  createFakeOpenRouter({ script: () => textReply("Welcome to Treejar! Which furniture do you need?") });

async function withCluster<T>(
  options: { nodes: string[]; leaseTtlMs: number; shardCount: number; llm: FakeOpenRouter },
  run: (cluster: Cluster, redis: RedisServer) => Promise<T>,
): Promise<T> {
  const redis = await startRedisServer();
  let cluster: Cluster | undefined;
  try {
    cluster = await startCluster({
      nodes: options.nodes,
      redis,
      shardCount: options.shardCount,
      leaseTtlMs: options.leaseTtlMs,
      debounceMs: 0,
      env: { OPENROUTER_BASE_URL: options.llm.url, OPENROUTER_API_KEY: options.llm.apiKey },
    });
    await cluster.waitForOwners(options.nodes, 30_000);
    return await run(cluster, redis);
  } finally {
    await cluster?.stop();
    await redis.stop();
  }
}

async function waitUntil(check: () => boolean, timeoutMs: number, what: string) {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline)
      throw new Error(`cluster bench: ${what} not reached in ${timeoutMs} ms`);
    await Bun.sleep(2);
  }
}

async function throughputRun({
  nodeCount,
  chats,
  shardCount,
  concurrency,
  llm,
}: {
  nodeCount: number;
  chats: number;
  shardCount: number;
  concurrency: number;
  llm: FakeOpenRouter;
}) {
  const nodes = Array.from({ length: nodeCount }, (_, i) => `bench-${i + 1}`);
  return withCluster({ nodes, leaseTtlMs: 10_000, shardCount, llm }, async (cluster, redis) => {
    const bodies = chatIds(chats, nodeCount).map((chatId) =>
      inboundText({ chatId, text: "Hello, do you have ergonomic chairs?" }),
    );
    const commandsBefore = await redis.commandCalls();
    const t0 = performance.now();
    await cluster.postAll(bodies, concurrency);
    await waitUntil(() => cluster.wazzup.sent.length >= chats, 120_000, "every chat answered");
    const seconds = (performance.now() - t0) / 1000;
    const commands = (await redis.commandCalls()) - commandsBefore - 1; // minus the INFO itself
    return { answeredPerSecond: chats / seconds, redisCommandsPerMessage: commands / chats };
  });
}

async function failoverRun({
  leaseTtlMs,
  samples,
  shardCount,
  llm,
}: {
  leaseTtlMs: number;
  samples: number;
  shardCount: number;
  llm: FakeOpenRouter;
}): Promise<number[]> {
  return withCluster({ nodes: ["fo-1", "fo-2"], leaseTtlMs, shardCount, llm }, async (cluster) => {
    const results: number[] = [];
    for (let i = 0; i < samples; i++) {
      const owners = await cluster.waitForOwners(["fo-1", "fo-2"], 30_000);
      const chatId = chatIds(200, 5 + i).find((c) => owners.get(shardOf(c, shardCount)) === "fo-1")!;
      const killed = performance.now();
      const kill = cluster.kill("fo-1");
      await cluster.post(inboundText({ chatId, text: "Are you there?" }));
      await waitUntil(
        () => cluster.wazzup.sent.some((m) => m.chatId === chatId),
        leaseTtlMs + 30_000,
        "the reply after failover",
      );
      results.push(performance.now() - killed);
      await kill;
      await cluster.startNode("fo-1");
    }
    return results;
  });
}

export async function clusterBench({
  chats = 3000,
  nodeCounts = [1, 2, 3],
  failoverTtlsMs = [1500, 10_000],
  failoverSamples = 3,
  shardCount = 64,
  concurrency = 32,
}: ClusterBenchOptions = {}): Promise<ClusterFigures> {
  const llm = instantLlm();
  try {
    const runs: Omit<ThroughputFigure, "ratio">[] = [];
    for (const nodeCount of nodeCounts) {
      runs.push({
        nodes: nodeCount,
        ...(await throughputRun({ nodeCount, chats, shardCount, concurrency, llm })),
      });
    }
    const base = runs[0]!.answeredPerSecond;
    const failover: FailoverFigure[] = [];
    for (const leaseTtlMs of failoverTtlsMs) {
      const samplesMs = await failoverRun({ leaseTtlMs, samples: failoverSamples, shardCount, llm });
      failover.push({
        leaseTtlMs,
        samplesMs: samplesMs.map((ms) => round(ms, 0)),
        maxMs: round(Math.max(...samplesMs), 0),
        targetMs: leaseTtlMs + 2000,
      });
    }
    return {
      chats,
      shardCount,
      throughput: runs.map((r) => ({
        nodes: r.nodes,
        answeredPerSecond: round(r.answeredPerSecond, 1),
        ratio: round(r.answeredPerSecond / base, 2),
        redisCommandsPerMessage: round(r.redisCommandsPerMessage, 1),
      })),
      failover,
    };
  } finally {
    await llm.stop();
  }
}

if (import.meta.main) {
  const chats = Number(process.argv[2] ?? 3000);
  console.log(JSON.stringify(await clusterBench({ chats }), null, 2));
  process.exit(0);
}
