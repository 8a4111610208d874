/**
 * `bun run bench`: runs every benchmark and writes docs/benchmarks.md with
 * the machine, the command and the figures (as ratios to a baseline measured
 * in the same run where there is one). Benchmarks are scripts, never tests.
 */
import { join } from "node:path";
import { clusterBench } from "./cluster.ts";
import { coldStartBench } from "./cold-start.ts";
import { actorMemoryBench, ingestBench, overheadBench } from "./runtime.ts";
import { formatSearchBench, searchLatencyBench, searchRelevanceBench } from "./search.ts";
import { machine, round, table } from "./stats.ts";
import { formatSyncBench, syncThroughputBench } from "./sync.ts";

type Section = { title: string; run: () => Promise<string> };

const sections: Section[] = [
  {
    title: "Cold start (`bun start` to the first 200 from /health)",
    run: async () => {
      const r = await coldStartBench({ runs: 10 });
      return table(
        ["runs", "min ms", "median ms", "p95 ms", "max ms"],
        [[r.runs, round(r.minMs, 1), round(r.medianMs, 1), round(r.p95Ms, 1), round(r.maxMs, 1)]],
      );
    },
  },
  {
    title: "Webhook ingest vs a bare Elysia route parsing the same JSON (real HTTP, same run)",
    run: async () => {
      const r = await ingestBench();
      return `${table(
        ["route", "requests/s", "p99 ms"],
        [
          ["bare Elysia POST (baseline)", r.baseline.perSecond, r.baseline.p99Ms],
          [
            "POST /webhooks/wazzup/:token (validate, store in a SQLite file, hand to the actor)",
            r.ingest.perSecond,
            r.ingest.p99Ms,
          ],
        ],
      )}\n\nRatio ingest / baseline: **${r.ratio}** (${r.count} messages over ${r.chats} chats, ${r.concurrency} concurrent requests; target ≥ 0.5).`;
    },
  },
  {
    title: "Memory per live idle chat actor (after GC)",
    run: async () => {
      const rows = await actorMemoryBench();
      return `${table(
        ["actors", "heap bytes / actor", "RSS bytes / actor"],
        rows.map((r) => [r.actors, r.heapBytesPerActor, r.rssBytesPerActor]),
      )}\n\nTarget ≤ 10 KB.`;
    },
  },
  {
    title: "Runtime overhead: debounce expiry → Wazzup POST (instant turns, 1,000 chats)",
    run: async () => {
      const burst = await overheadBench();
      const spread = await overheadBench({ spreadMs: 2000 });
      return `${table(
        ["arrivals", "p50 ms", "p99 ms"],
        [
          ["all 1,000 chats at once (every debounce expires together)", burst.p50Ms, burst.p99Ms],
          ["1,000 chats spread over 2 s", spread.p50Ms, spread.p99Ms],
        ],
      )}\n\nTarget p99 ≤ 50 ms. Wazzup's client-side limit is lifted for this run (it would otherwise dominate).`;
    },
  },
  {
    title: "Search relevance (labelled queries over the demo catalogue)",
    run: async () => formatSearchBench({ relevance: await searchRelevanceBench() }),
  },
  {
    title: "Search latency at 10k and 100k synthetic products",
    run: async () =>
      formatSearchBench({
        latency: await searchLatencyBench({ onProgress: (line) => process.stderr.write(`bench: ${line}\n`) }),
      }),
  },
  {
    title: "Catalogue sync throughput against the fake Zoho (100 requests/minute)",
    run: async () => formatSyncBench(await syncThroughputBench()),
  },
  {
    title: "Scale-out cluster: throughput by node count, failover, Redis commands",
    run: async () => {
      const r = await clusterBench();
      return [
        `${r.chats} chats × 1 message, instant fake LLM, fake Wazzup, one shared SQLite file, ${r.shardCount} shards.`,
        "",
        table(
          ["nodes", "answered/s", "ratio to 1 node", "Redis commands / answered message"],
          r.throughput.map((t) => [
            t.nodes,
            round(t.answeredPerSecond, 0),
            round(t.ratio, 2),
            round(t.redisCommandsPerMessage, 1),
          ]),
        ),
        "",
        table(
          [
            "lease TTL ms",
            "failover samples ms (SIGKILL → first reply from the new owner)",
            "max ms",
            "target ms",
          ],
          r.failover.map((f) => [
            f.leaseTtlMs,
            f.samplesMs.map((x) => round(x, 0)).join(", "),
            round(f.maxMs, 0),
            f.targetMs,
          ]),
        ),
      ].join("\n");
    },
  },
];

const only = process.argv.slice(2);
const out = join(import.meta.dir, "..", "docs", "benchmarks.md");

/** The sections already in the report, by title: a partial run (`bun run bench sync`) keeps the others. */
async function existingSections(): Promise<Map<string, string>> {
  const text = await Bun.file(out)
    .text()
    .catch(() => "");
  const found = new Map<string, string>();
  for (const part of text.split(/^## /m).slice(1)) {
    const newline = part.indexOf("\n");
    found.set(part.slice(0, newline).trim(), part.slice(newline + 1).trim());
  }
  return found;
}

const previous = await existingSections();
const parts: string[] = [
  "# Benchmarks",
  "",
  `Machine: ${machine()}. Command: \`bun run bench\` (a name after it runs only the sections whose title contains it). Each section says when it was measured.`,
  "",
];
for (const section of sections) {
  const selected =
    only.length === 0 || only.some((o) => section.title.toLowerCase().includes(o.toLowerCase()));
  if (!selected) {
    const kept = previous.get(section.title);
    if (kept) parts.push(`## ${section.title}`, "", kept, "");
    continue;
  }
  process.stderr.write(`bench: ${section.title}…\n`);
  const body = await section.run();
  parts.push(`## ${section.title}`, "", `Measured ${new Date().toISOString()}.`, "", body, "");
}
await Bun.write(out, parts.join("\n"));
process.stderr.write(`bench: wrote ${out}\n`);
