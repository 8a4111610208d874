/**
 * Starts `bun src/main.ts` as a real child process, the way an operator or a
 * supervisor would, for start-up, shutdown and crash tests. It reads the JSON
 * log lines on stdout (the URL comes from the "noor is listening" line, so
 * PORT=0 works), keeps stderr, sends signals and waits for the exit with a
 * bound. Children still alive when the test file ends are killed, and the
 * temporary data directories removed.
 */
import { afterAll } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const repoRoot = join(import.meta.dir, "..", "..");

export type LogLine = Record<string, unknown> & { msg?: string; level?: string };

export interface LaunchNoorOptions {
  /** Environment of the child, over the defaults below (PORT=0, HOST=127.0.0.1, a fresh SQLite file). */
  env?: Record<string, string>;
  /** The script to run; `src/main.ts` by default. */
  entry?: string;
  cwd?: string;
}

export interface NoorExit {
  /** The exit code; null when a signal ended the process. */
  code: number | null;
  signal: string | null;
}

export interface NoorChild {
  readonly pid: number;
  /** The DATABASE_URL the child was given. */
  readonly databaseUrl: string;
  /** Every stdout line so far, raw. */
  readonly stdout: string[];
  /** The stdout lines that parsed as JSON log records. */
  readonly logs: LogLine[];
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves with the first log line (past or future) that matches; rejects on timeout or exit. */
  waitForLog(
    match: string | ((line: LogLine) => boolean),
    options?: { timeoutMs?: number },
  ): Promise<LogLine>;
  /** Waits for "noor is listening" and returns the URL it names. */
  listening(options?: { timeoutMs?: number }): Promise<string>;
  kill(signal?: NodeJS.Signals): void;
  /** False once the process has exited and its output is read. */
  alive(): boolean;
  /** Resolves once the process has exited and its output is fully read; rejects after `timeoutMs`. */
  exited(options?: { timeoutMs?: number }): Promise<NoorExit>;
  /** Sends `signal` and waits for the exit; SIGKILLs it and rejects if it outlives `timeoutMs`. */
  stop(options?: { signal?: NodeJS.Signals; timeoutMs?: number }): Promise<NoorExit>;
}

export interface RunningNoor extends NoorChild {
  /** The base URL from the listening log line, e.g. http://127.0.0.1:40123. */
  readonly url: string;
}

const live = new Set<Bun.Subprocess>();
const dirs = new Set<string>();

/** SIGKILLs every child still running and removes the data dirs this helper made. */
export async function killStrayNoors(): Promise<void> {
  await Promise.all(
    [...live].map((proc) => {
      proc.kill("SIGKILL");
      return proc.exited;
    }),
  );
  live.clear();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs.clear();
}

try {
  afterAll(killStrayNoors);
} catch {
  // Not under `bun test` (the cold-start bench imports this too): the exit hook below cleans up.
}
// A runner that exits without the hook (a crash, a bench) must not leave servers or files behind.
process.on("exit", () => {
  for (const proc of live) proc.kill("SIGKILL");
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A fresh temporary directory, removed when the test file ends. */
export function tempDir(prefix = "noor-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.add(dir);
  return dir;
}

/** A port nothing listens on right now (bound and released), for tests that need to know it first. */
export function freePort(): number {
  const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() });
  const { port } = probe;
  probe.stop(true);
  return port!;
}

/** Calls `onLine` for each line of a byte stream (the last one even without a newline); resolves at its end. */
export async function readLines(stream: ReadableStream<Uint8Array>, onLine: (line: string) => void) {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of stream) {
    const parts = (rest + decoder.decode(chunk, { stream: true })).split("\n");
    rest = parts.pop()!;
    for (const p of parts) onLine(p);
  }
  rest += decoder.decode();
  if (rest) onLine(rest);
}

const tail = (lines: string[], n = 8) => lines.slice(-n).join("\n");

/** Starts the child and returns at once; use `listening()` or `exited()` to follow it. */
export function launchNoor({
  env = {},
  entry = "src/main.ts",
  cwd = repoRoot,
}: LaunchNoorOptions = {}): NoorChild {
  const databaseUrl = env.DATABASE_URL ?? `sqlite:${join(tempDir(), "noor.sqlite")}`;
  const proc = Bun.spawn([process.execPath, entry], {
    cwd,
    // Only what Bun needs from our own environment: the child's config comes from `env` alone.
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? "/tmp",
      PORT: "0",
      HOST: "127.0.0.1",
      EMBEDDINGS: "none",
      ...env,
      DATABASE_URL: databaseUrl,
    },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  live.add(proc);

  const stdout: string[] = [];
  const logs: LogLine[] = [];
  const stderrLines: string[] = [];
  const waiters = new Set<(line: LogLine) => void>();

  const stdoutDone = readLines(proc.stdout, (line) => {
    stdout.push(line);
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return;
    }
    if (typeof parsed !== "object" || parsed === null) return;
    logs.push(parsed as LogLine);
    for (const w of waiters) w(parsed as LogLine);
  });
  const stderrDone = readLines(proc.stderr, (line) => stderrLines.push(line));
  let ended = false;
  const finished = Promise.all([proc.exited, stdoutDone, stderrDone]).then(() => {
    live.delete(proc);
    ended = true;
    const signal = proc.signalCode === null ? null : String(proc.signalCode);
    return { code: signal ? null : proc.exitCode, signal };
  });

  const outputTail = () => `\n--- stdout ---\n${tail(stdout)}\n--- stderr ---\n${tail(stderrLines)}`;

  const withTimeout = <T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> => {
    let timer: Timer | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`noor (pid ${proc.pid}): no ${what} within ${timeoutMs} ms${outputTail()}`)),
        timeoutMs,
      );
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  };

  const child: NoorChild = {
    pid: proc.pid,
    databaseUrl,
    stdout,
    logs,
    stderr: () => stderrLines.join("\n"),
    waitForLog(match, { timeoutMs = 15_000 } = {}) {
      const test = typeof match === "string" ? (l: LogLine) => l.msg === match : match;
      const seen = logs.find(test);
      if (seen) return Promise.resolve(seen);
      let waiter: ((line: LogLine) => void) | undefined;
      const found = new Promise<LogLine>((resolve, reject) => {
        waiter = (line) => {
          if (test(line)) resolve(line);
        };
        waiters.add(waiter);
        finished.then((exit) =>
          reject(
            new Error(
              `noor (pid ${proc.pid}) exited (${JSON.stringify(exit)}) before the log line${outputTail()}`,
            ),
          ),
        );
      });
      return withTimeout(found, timeoutMs, "matching log line").finally(() => waiters.delete(waiter!));
    },
    async listening(options) {
      const line = await child.waitForLog("noor is listening", options);
      return String(line.url);
    },
    kill: (signal = "SIGTERM") => proc.kill(signal),
    alive: () => !ended,
    exited: ({ timeoutMs = 15_000 } = {}) => withTimeout(finished, timeoutMs, "exit"),
    async stop({ signal = "SIGTERM", timeoutMs = 15_000 } = {}) {
      proc.kill(signal);
      try {
        return await child.exited({ timeoutMs });
      } catch (error) {
        proc.kill("SIGKILL");
        throw error;
      }
    },
  };
  return child;
}

/** Starts the child and waits until it listens; rejects with its output when it exits or hangs instead. */
export async function spawnNoor(
  options: LaunchNoorOptions & { timeoutMs?: number } = {},
): Promise<RunningNoor> {
  const { timeoutMs = 15_000, ...launch } = options;
  const child = launchNoor(launch);
  try {
    const url = await child.listening({ timeoutMs });
    return Object.assign(child, { url });
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
}
