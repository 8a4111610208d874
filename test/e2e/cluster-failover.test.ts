/**
 * Three `bun src/main.ts` nodes on one SQLite file and one Redis, 500 chats
 * writing in bursts, the LLM a fake OpenRouter that takes a second per turn.
 * One node is SIGKILLed while every burst is still being debounced, another
 * while turns are in flight at the LLM. The survivor takes their shards over
 * (reclaiming pending entries and recovering stored messages) and every chat
 * is answered exactly once: no loss, no duplicate.
 */
import { afterAll, expect, test } from "bun:test";
import { shardOf } from "../../src/runtime/bus/shards.ts";
import { createStore, type Store } from "../../src/store/index.ts";
import {
  type Cluster,
  chatIds,
  type RedisServer,
  startCluster,
  startRedisServer,
} from "../support/cluster.ts";
import { createFakeOpenRouter, delayed, type FakeOpenRouter, textReply } from "../support/fake-openrouter.ts";
import { inboundText } from "../support/fake-wazzup.ts";
import { eventually } from "../support/noor-harness.ts";

const chatCount = 500;
const shardCount = 64;
const turnMs = 1000;

let redis: RedisServer | undefined;
let llm: FakeOpenRouter | undefined;
let cluster: Cluster | undefined;
let store: Store | undefined;
afterAll(async () => {
  await cluster?.stop();
  await store?.close();
  await llm?.stop();
  await redis?.stop();
});

/** The chat a turn is for, from the burst text the LLM received ("chat 17: …"). */
const chatOfRequest = (body: unknown) => Number(/chat (\d+):/.exec(JSON.stringify(body))?.[1] ?? -1);

test("3 nodes, 500 chats: SIGKILL one mid-debounce and one mid-turn; every chat answered exactly once", async () => {
  redis = await startRedisServer();
  const turnsStarted: { chat: number; at: number }[] = [];
  llm = createFakeOpenRouter({
    script: (request) => {
      turnsStarted.push({ chat: chatOfRequest(request.body), at: Date.now() });
      return delayed(textReply("Welcome to Treejar! Which furniture are you looking for?"), turnMs);
    },
  });
  cluster = await startCluster({
    nodes: ["n1", "n2", "n3"],
    redis,
    shardCount,
    leaseTtlMs: 1500,
    debounceMs: 3000,
    env: { OPENROUTER_BASE_URL: llm.url, OPENROUTER_API_KEY: llm.apiKey },
  });
  const owners = await cluster.waitForOwners(["n1", "n2", "n3"]);
  const ownerOfChat = (chatId: string) => owners.get(shardOf(chatId, shardCount))!;

  const chats = chatIds(chatCount);
  // Bursts: two messages per chat, the second after every chat's first.
  const bodies = [0, 1].flatMap((k) =>
    chats.map((chatId, i) =>
      inboundText({ chatId, text: k === 0 ? `chat ${i}: hello` : `chat ${i}: I need 12 office chairs` }),
    ),
  );
  await cluster.postAll(bodies, 24);

  // Mid-debounce: nothing has reached the LLM yet, let alone the customer.
  expect(turnsStarted).toHaveLength(0);
  expect(cluster.wazzup.sent).toHaveLength(0);
  await cluster.kill("n1");

  // Mid-turn: n2 has turns waiting at the LLM and nothing has been answered yet.
  await eventually(() => turnsStarted.some((t) => ownerOfChat(chats[t.chat]!) === "n2"), {
    timeoutMs: 15_000,
    everyMs: 5,
  });
  expect(cluster.wazzup.sent).toHaveLength(0);
  await cluster.kill("n2");
  const inFlightOnN2 = turnsStarted.filter((t) => ownerOfChat(chats[t.chat]!) === "n2").length;
  expect(inFlightOnN2).toBeGreaterThan(0);

  await cluster.waitForOwners(["n3"]);
  await eventually(() => cluster!.sendsPerChat().size === chatCount, { timeoutMs: 30_000, everyMs: 100 });
  // Past the outbox lease of anything n2 was sending: still one reply per chat.
  await Bun.sleep(2500);
  const sends = cluster.sendsPerChat();
  expect(sends.size).toBe(chatCount);
  expect([...sends.values()].filter((n) => n !== 1)).toEqual([]);
  expect(cluster.wazzup.sent).toHaveLength(chatCount);

  // The store agrees: each chat has one open conversation, both messages answered by one reply.
  store = await createStore({ databaseUrl: cluster.databaseUrl, migrate: false });
  for (const chatId of chats) {
    const conversation = (await store.conversations.findOpen(chatId))!;
    const roles = (await store.messages.list(conversation.id)).map((m) => m.role);
    expect(roles).toEqual(["user", "user", "assistant"]);
  }
  // Turns killed on n2 ran again on n3 (the LLM saw them twice), yet were answered once.
  expect(new Set(turnsStarted.map((t) => t.chat)).size).toBe(chatCount);
  expect(turnsStarted.length).toBeGreaterThan(chatCount);
}, 90_000);
