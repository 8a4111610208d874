/**
 * Cold start: from spawning `bun src/main.ts` to the first 200 from /health,
 * each run on a fresh SQLite data directory (so migrations and secret
 * generation are part of it), polling every few milliseconds.
 * `bun bench/cold-start.ts [runs]` prints the figures; `coldStartBench()` returns them.
 */
import { join } from "node:path";
import { freePort, launchNoor, tempDir } from "../test/support/spawn-noor.ts";

export interface ColdStartOptions {
  runs?: number;
  pollMs?: number;
  /** A run that has not answered by then fails the bench. */
  timeoutMs?: number;
  /** Extra environment for the child; PORT and DATABASE_URL are the bench's own. */
  env?: Record<string, string>;
}

export interface ColdStartFigures {
  runs: number;
  pollMs: number;
  /** Each run's time to the first 200, in run order. */
  samplesMs: number[];
  minMs: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

/** The value at quantile q of sorted samples (nearest rank). */
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
const round = (ms: number) => Math.round(ms * 10) / 10;

async function oneColdStart({
  dataDir,
  pollMs,
  timeoutMs,
  env,
}: {
  dataDir: string;
  pollMs: number;
  timeoutMs: number;
  env: Record<string, string>;
}): Promise<number> {
  const port = freePort();
  const healthUrl = `http://127.0.0.1:${port}/health`;
  const started = performance.now();
  const child = launchNoor({
    env: { ...env, PORT: String(port), DATABASE_URL: `sqlite:${join(dataDir, "noor.sqlite")}` },
  });
  try {
    while (performance.now() - started < timeoutMs) {
      const status = await fetch(healthUrl).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) return performance.now() - started;
      if (!child.alive()) throw new Error(`noor exited before answering /health:\n${child.stderr()}`);
      await Bun.sleep(pollMs);
    }
    throw new Error(`no 200 from ${healthUrl} within ${timeoutMs} ms`);
  } finally {
    await child.stop({ timeoutMs: 15_000 }).catch(() => child.kill("SIGKILL"));
  }
}

export async function coldStartBench({
  runs = 10,
  pollMs = 5,
  timeoutMs = 30_000,
  env = {},
}: ColdStartOptions = {}): Promise<ColdStartFigures> {
  if (!Number.isInteger(runs) || runs < 1)
    throw new RangeError(`runs must be a whole number >= 1, got ${runs}`);
  const root = tempDir("noor-cold-start-");
  const samplesMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    samplesMs.push(await oneColdStart({ dataDir: join(root, `run-${i}`), pollMs, timeoutMs, env }));
  }
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return {
    runs,
    pollMs,
    samplesMs: samplesMs.map(round),
    minMs: round(sorted[0]!),
    medianMs: round(quantile(sorted, 0.5)),
    p95Ms: round(quantile(sorted, 0.95)),
    maxMs: round(sorted.at(-1)!),
  };
}

if (import.meta.main) {
  const runs = Number(process.argv[2] ?? 20);
  const f = await coldStartBench({ runs });
  console.log(
    `cold start to first /health 200 over ${f.runs} runs (fresh SQLite each, poll ${f.pollMs} ms): ` +
      `min ${f.minMs} ms, median ${f.medianMs} ms, p95 ${f.p95Ms} ms, max ${f.maxMs} ms`,
  );
}
