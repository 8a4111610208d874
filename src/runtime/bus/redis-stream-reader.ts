/**
 * Reads the shard streams this node holds through the consumer group and
 * hands each entry to the chat registry. One loop per node: one blocking
 * `XREADGROUP` over all readable shards, and it keeps reading while earlier
 * entries are still being handled (up to `maxInFlight`).
 *
 * - Entries of one chat run one after another, in stream order; different
 *   chats run concurrently, so a slow chat holds up no other.
 * - An entry is acknowledged (`XACK`, batched) only after its handler
 *   resolved.
 * - When a handler fails, the chat's later entries are left pending too and
 *   the shard switches to its backlog: once nothing of it is in flight, it is
 *   read from this consumer's pending list (`0`) after a backoff (capped at
 *   5 s) before any new entry (`>`), so order holds across retries. After
 *   `maxAttempts` the entry goes to the dead-letter stream (a customer message
 *   in it stays unanswered in the store and is recovered at the shard's next
 *   takeover). A shard just taken over starts in its backlog too (the entries
 *   reclaimed from the previous holder).
 * - Entries of a shard whose lease is no longer held, or that was removed,
 *   are left pending for the next holder, who reclaims them (`XAUTOCLAIM`).
 */
import type Redis from "ioredis";
import type { Logger } from "../../log.ts";
import type { Metrics } from "../../metrics.ts";
import { abortableSleep } from "../../util/retry.ts";
import type { ChatCommand, ChatCommandHandler } from "./chat-bus.ts";
import { createLanes } from "./chat-lanes.ts";
import { createAckBuffer } from "./redis-acks.ts";
import { decodeEntry } from "./redis-entry.ts";
import { consumerGroup, type RedisKeys } from "./redis-keys.ts";

export interface StreamReaderOptions {
  /** A connection of its own: the blocking read holds it. */
  redis: Redis;
  /** The node's commands connection: acks and dead letters go through it while a read blocks. */
  commands: Redis;
  keys: RedisKeys;
  consumer: string;
  handler: ChatCommandHandler;
  /** Asked again before each entry: is this shard's lease still held? */
  holds: (shard: number) => boolean;
  /** These shards' streams have no consumer group (Redis lost its data): take them over again. */
  onMissingGroup: (shards: number[]) => void;
  logger: Logger;
  metrics: Metrics;
  blockMs?: number;
  /** Entries per shard per read. */
  count?: number;
  /** Entries read but not yet handled, at most. */
  maxInFlight?: number;
  maxAttempts?: number;
  retryMs?: number;
  deadLetterMaxLen?: number;
}

export interface StreamReader {
  start(): void;
  /** Starts reading shards, their pending entries first. */
  add(shards: number[]): void;
  /** Stops reading shards; resolves once none of their entries is being handled and the acks are sent. */
  remove(shards: number[]): Promise<void>;
  reading(): number[];
  stop(): Promise<void>;
}

/** One shard while this node reads it; a new object each time the shard is added. */
interface ShardCursor {
  shard: number;
  backlog: boolean;
  retryAt: number;
  failures: number;
}

interface Entry {
  cursor: ShardCursor;
  id: string;
  fields: string[] | null;
}

type ReadReply = [key: string, entries: [id: string, fields: string[] | null][]][] | null;

export function createStreamReader({
  redis,
  commands,
  keys,
  consumer,
  handler,
  holds,
  onMissingGroup,
  logger,
  metrics,
  blockMs = 1000,
  count = 100,
  maxInFlight = 2000,
  maxAttempts = 20,
  retryMs = 200,
  deadLetterMaxLen = 10_000,
}: StreamReaderOptions): StreamReader {
  const handled = metrics.counter("bus_entries_total", "Shard stream entries by outcome");
  const acks = createAckBuffer({ redis: commands, keys });
  const cursors = new Map<number, ShardCursor>();
  const shardOfKey = new Map<string, number>();
  const attempts = new Map<string, number>();
  /** One lane per chat (stream order), grouped by shard cursor. */
  const lanes = createLanes<ShardCursor>({
    onError: (err) => logger.error("stream entry not settled", { err }),
  });
  /** Chats whose entry failed: their later entries wait in the pending list. */
  const blocked = new Map<string, ShardCursor>();
  /** The read in progress: a shard is handed over only after it returned (see remove). */
  let reading: { cursors: ShardCursor[]; done: Promise<unknown> } | null = null;
  let running = false;
  let loop: Promise<void> = Promise.resolve();
  let wake: (() => void) | null = null;
  let failing = false;

  const current = (cursor: ShardCursor) => cursors.get(cursor.shard) === cursor && holds(cursor.shard);

  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
    });

  /** Waits for an entry to settle, a shard to be added, or `ms`. */
  const pause = (ms: number) => Promise.race([lanes.settled(), idle(ms)]);

  const readGroup = async (list: ShardCursor[], ids: string, block: number): Promise<Entry[]> => {
    const args = [...list.map((c) => keys.stream(c.shard)), ...list.map(() => ids)];
    const done =
      block > 0
        ? redis.xreadgroup(
            "GROUP",
            consumerGroup,
            consumer,
            "COUNT",
            count,
            "BLOCK",
            block,
            "STREAMS",
            ...args,
          )
        : redis.xreadgroup("GROUP", consumerGroup, consumer, "COUNT", count, "STREAMS", ...args);
    reading = { cursors: list, done };
    const reply = (await done.finally(() => {
      reading = null;
    })) as ReadReply;
    return (reply ?? []).flatMap(([key, entries]) => {
      const cursor = list.find((c) => c.shard === shardOfKey.get(key))!;
      return entries.map(([id, fields]) => ({ cursor, id, fields }));
    });
  };

  const deadLetter = async (entry: Entry, chatId: string | null, reason: string) => {
    handled.inc({ outcome: "dead_letter" });
    logger.error("stream entry set aside", { shard: entry.cursor.shard, id: entry.id, chatId, reason });
    await commands.xadd(
      keys.deadLetter,
      "MAXLEN",
      "~",
      deadLetterMaxLen,
      "*",
      "shard",
      entry.cursor.shard,
      "id",
      entry.id,
      "reason",
      reason,
      ...(entry.fields ?? []),
    );
    acks.add(entry.cursor.shard, entry.id);
  };

  const fail = (entry: Entry, chatId: string, command: ChatCommand, err: unknown) => {
    const n = (attempts.get(entry.id) ?? 0) + 1;
    if (n >= maxAttempts) {
      attempts.delete(entry.id);
      return deadLetter(entry, chatId, `failed ${n} times: ${String((err as Error)?.message ?? err)}`);
    }
    attempts.set(entry.id, n);
    handled.inc({ outcome: "failed" });
    logger.warn("chat command failed; will retry", { chatId, type: command.type, attempt: n, err });
    blocked.set(chatId, entry.cursor);
    const c = entry.cursor;
    c.failures++;
    c.backlog = true;
    c.retryAt = Date.now() + Math.min(5000, retryMs * 2 ** (c.failures - 1));
  };

  const dispatch = (entry: Entry) => {
    const decoded = decodeEntry(entry.fields);
    if (!decoded) {
      // Trimmed while pending (no fields left), or not a command: nothing to apply.
      lanes.run(entry.id, entry.cursor, async () => {
        if (entry.fields) await deadLetter(entry, null, "not a chat command");
        else acks.add(entry.cursor.shard, entry.id);
      });
      return;
    }
    const { chatId, command } = decoded;
    lanes.run(chatId, entry.cursor, async () => {
      if (!current(entry.cursor) || blocked.get(chatId) === entry.cursor) return;
      try {
        await handler(chatId, command);
        attempts.delete(entry.id);
        handled.inc({ outcome: "handled" });
        acks.add(entry.cursor.shard, entry.id);
      } catch (err) {
        await fail(entry, chatId, command, err);
      }
    });
  };

  /** A read and its dispatch; resolves once the entries are handed out (not handled). */
  const cycle = async () => {
    if (lanes.inFlight() >= maxInFlight) return pause(blockMs);
    const now = Date.now();
    const readable = [...cursors.values()].filter((c) => holds(c.shard));
    // A backlog is read once nothing of the shard is in flight: the pending list then holds only what must run again.
    const backlog = readable.filter((c) => c.backlog && c.retryAt <= now && lanes.inFlight(c) === 0);
    const fresh = readable.filter((c) => !c.backlog);
    if (backlog.length === 0 && fresh.length === 0) {
      // Only backlogs, waiting for their retry time or for their entries in flight to settle.
      const due = Math.min(...readable.map((c) => c.retryAt));
      return pause(Math.max(1, Math.min(blockMs, due - now)));
    }
    if (backlog.length > 0) {
      await acks.flush();
      for (const [chatId, c] of blocked) if (backlog.includes(c)) blocked.delete(chatId);
      const entries = await readGroup(backlog, "0", 0);
      for (const c of backlog) {
        if (!entries.some((e) => e.cursor === c)) {
          c.backlog = false;
          c.failures = 0;
        }
      }
      for (const e of entries) dispatch(e);
    }
    if (fresh.length > 0) {
      for (const e of await readGroup(fresh, ">", backlog.length > 0 ? 0 : blockMs)) dispatch(e);
    }
  };

  const missingGroup = (error: unknown) => {
    const message = String((error as Error)?.message ?? "");
    if (!message.startsWith("NOGROUP")) return false;
    const key = /'([^']+)'/.exec(message)?.[1];
    const shard = key === undefined ? undefined : shardOfKey.get(key);
    const affected = shard === undefined ? [...cursors.keys()] : [shard];
    for (const s of affected) cursors.delete(s);
    logger.warn("shard stream lost its consumer group; taking it over again", { shards: affected });
    onMissingGroup(affected);
    return true;
  };

  const run = async () => {
    let backoff = 100;
    while (running) {
      try {
        await cycle();
        if (failing) logger.info("shard streams readable again");
        failing = false;
        backoff = 100;
      } catch (err) {
        if (missingGroup(err)) continue;
        if (!failing) logger.warn("reading shard streams failed (redis unreachable?)", { err });
        failing = true;
        await abortableSleep(backoff);
        backoff = Math.min(2000, backoff * 2);
      }
    }
  };

  const drained = async (done: () => boolean) => {
    while (!done()) await lanes.settled();
    await acks.flush().catch((err) => logger.warn("could not acknowledge handled entries", { err }));
  };

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    add(shards) {
      for (const shard of shards) {
        shardOfKey.set(keys.stream(shard), shard);
        cursors.set(shard, { shard, backlog: true, retryAt: 0, failures: 0 });
      }
      wake?.();
    },
    async remove(shards) {
      const leaving = shards.map((s) => cursors.get(s)).filter((c) => c !== undefined);
      for (const s of shards) cursors.delete(s);
      for (const [chatId, c] of blocked) if (leaving.includes(c)) blocked.delete(chatId);
      // A read still blocking on these streams would take entries into this consumer's pending list after
      // the next holder reclaimed it: wait for it (at most blockMs, which is ≤ LEASE_TTL_MS / 3).
      const read = reading;
      if (read?.cursors.some((c) => leaving.includes(c))) await read.done.catch(() => {});
      await drained(() => leaving.every((c) => lanes.inFlight(c) === 0));
    },
    reading: () => [...cursors.keys()].sort((a, b) => a - b),
    async stop() {
      running = false;
      wake?.();
      await loop;
      await drained(() => lanes.inFlight() === 0);
    },
  };
}
