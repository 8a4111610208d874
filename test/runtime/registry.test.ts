/**
 * The chat registry with the real store (sqlite::memory:), the real chart
 * and a turn runner that implements the port and records its calls.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { silentLogger } from "../../src/log.ts";
import { createMetrics } from "../../src/metrics.ts";
import type { ChatRegistry, TurnRequest } from "../../src/runtime/index.ts";
import { createChatRegistry } from "../../src/runtime/registry.ts";
import { currentStage } from "../../src/sales/index.ts";
import { createStore, type Store } from "../../src/store/index.ts";
import { eventually } from "../support/noor-harness.ts";
import { inbound } from "../support/store-contract/core.ts";

let store: Store;
afterEach(async () => {
  await store?.close();
});

function makeRegistry({ idleMs = 60_000, maxLive = 100, debounceMs = 30, hold = false } = {}) {
  const turns: TurnRequest[] = [];
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const registry = createChatRegistry({
    store,
    logger: silentLogger,
    metrics: createMetrics(),
    idleMs,
    maxLive,
    sweepMs: 60_000,
    actorDeps: {
      store,
      logger: silentLogger,
      debounceMs,
      splitText: (t) => [t],
      onReplyQueued: () => {},
      turnRunner: {
        name: "recording",
        async run(request) {
          turns.push(request);
          if (hold) await gate;
          return {
            reply: { text: `ok: ${request.burst.map((m) => m.text).join(" / ")}` },
            salesEvents: [],
            stage: currentStage(request.snapshot),
            language: "en",
            handoff: null,
          };
        },
      },
    },
  });
  return { registry, turns, release };
}

async function deliver(registry: ChatRegistry, chatId: string, text: string) {
  const r = await store.messages.recordInbound(inbound({ chatId, text }));
  await registry.handle(chatId, {
    type: "inbound",
    conversationId: r.conversation.id,
    messageId: r.message.id,
    at: Date.now(),
  });
  return r;
}

describe("chat registry", () => {
  test("a burst is answered by one turn that sees every message", async () => {
    store = await createStore({ databaseUrl: "sqlite::memory:" });
    const { registry, turns } = makeRegistry();
    const a = await deliver(registry, "c1", "one");
    await deliver(registry, "c1", "two");
    await eventually(() => turns.length === 1);
    expect(turns[0]!.burst.map((m) => m.text)).toEqual(["one", "two"]);
    await eventually(async () => (await store.messages.unanswered(a.conversation.id)).length === 0);
    await Bun.sleep(80);
    expect(turns).toHaveLength(1);
    await registry.stop();
  });

  test("idle actors are passivated with their snapshot and rehydrated on the next message", async () => {
    store = await createStore({ databaseUrl: "sqlite::memory:" });
    const { registry, turns } = makeRegistry({ idleMs: 1 });
    const a = await deliver(registry, "c2", "hello");
    await eventually(() => turns.length === 1);
    await eventually(async () => !registry.get("c2")?.busy());
    await Bun.sleep(5);
    expect(await registry.sweep()).toBe(1);
    expect(registry.size()).toBe(0);
    const row = await store.conversations.get(a.conversation.id);
    expect(row?.snapshot).toMatchObject({ status: "active" });
    // Rehydrated from the row: the chart carries on from its persisted state (turn count included).
    await deliver(registry, "c2", "hello again");
    expect(registry.size()).toBe(1);
    expect(registry.get("c2")!.snapshot().context.turn).toBe(1);
    await eventually(() => turns.length === 2);
    expect(registry.get("c2")!.snapshot().context.turn).toBe(2);
    await registry.stop();
  });

  test("the row's status wins over an older snapshot: a chat handed over stays silent after rehydration", async () => {
    store = await createStore({ databaseUrl: "sqlite::memory:" });
    const { registry, turns } = makeRegistry({ idleMs: 1 });
    const a = await deliver(registry, "c6", "hello");
    await eventually(() => turns.length === 1);
    await eventually(async () => !registry.get("c6")?.busy());
    await Bun.sleep(5);
    await registry.sweep();
    // A crash could leave the row handed over while the snapshot still says the bot is on.
    await store.conversations.update(a.conversation.id, { status: "handoff", handoffReason: "manager" });
    await deliver(registry, "c6", "are you there?");
    await Bun.sleep(100);
    expect(turns).toHaveLength(1);
    expect((registry.get("c6")!.snapshot().value as { inbox: string }).inbox).toBe("handoff");
    await registry.stop();
  });

  test("a snapshot older than the row is brought in line: the row's stage and customer details win", async () => {
    store = await createStore({ databaseUrl: "sqlite::memory:" });
    const { registry, turns } = makeRegistry({ idleMs: 1 });
    const a = await deliver(registry, "c7", "hello");
    await eventually(() => turns.length === 1);
    await eventually(async () => !registry.get("c7")?.busy());
    await Bun.sleep(5);
    await registry.sweep();
    // As after a crash: later turns committed a new stage and contact details, the snapshot did not see them.
    await store.conversations.update(a.conversation.id, {
      salesStage: "company_details",
      customerName: "Aisha",
      email: "aisha@example.ae",
    });
    await deliver(registry, "c7", "here are my details");
    const snapshot = registry.get("c7")!.snapshot();
    expect(snapshot.context.stage).toBe("company_details");
    expect((snapshot.value as { sales: string }).sales).toBe("company_details");
    expect(snapshot.context.customer).toEqual({ name: true, company: false, email: true });
    expect(snapshot.can({ type: "sales.move_to_quoting", at: Date.now() })).toBe(true);
    await registry.stop();
  });

  test("the cap on live actors passivates the least recently used idle ones", async () => {
    store = await createStore({ databaseUrl: "sqlite::memory:" });
    const { registry, turns } = makeRegistry({ maxLive: 2 });
    for (const chat of ["a", "b"]) await deliver(registry, chat, "hi");
    await eventually(() => turns.length === 2);
    await eventually(() => !registry.get("a")?.busy() && !registry.get("b")?.busy());
    await deliver(registry, "c", "hi");
    expect(registry.size()).toBe(2);
    expect(registry.get("a")).toBeUndefined();
    expect(registry.get("c")).toBeDefined();
    await registry.stop();
  });

  test("stop persists a chat mid-debounce; a new registry re-arms it from the deadline and answers once", async () => {
    store = await createStore({ databaseUrl: "sqlite::memory:" });
    const first = makeRegistry({ debounceMs: 200 });
    const a = await deliver(first.registry, "c3", "quick question");
    await first.registry.stop();
    expect(first.turns).toHaveLength(0);
    const saved = await store.conversations.get(a.conversation.id);
    expect(
      (saved!.snapshot as { context: { debounceDeadline: number } }).context.debounceDeadline,
    ).toBeGreaterThan(0);
    const second = makeRegistry({ debounceMs: 200 });
    expect(await second.registry.recover()).toBe(1);
    await eventually(() => second.turns.length === 1);
    expect(second.turns[0]!.burst.map((m) => m.text)).toEqual(["quick question"]);
    await Bun.sleep(250);
    expect(second.turns).toHaveLength(1);
    await second.registry.stop();
  });

  test("admin handoff during a running turn: the turn's reply is not sent", async () => {
    store = await createStore({ databaseUrl: "sqlite::memory:" });
    const { registry, turns, release } = makeRegistry({ hold: true });
    const a = await deliver(registry, "c4", "hi");
    await eventually(() => turns.length === 1);
    await registry.handle("c4", {
      type: "handoff",
      conversationId: a.conversation.id,
      reason: "manager",
      at: Date.now(),
    });
    release();
    await Bun.sleep(50);
    const messages = await store.messages.list(a.conversation.id);
    expect(messages.filter((m) => m.role === "assistant")).toHaveLength(0);
    expect((await store.conversations.get(a.conversation.id))?.status).toBe("handoff");
    await registry.stop();
  });

  test("messages arriving mid-turn are answered by the next turn", async () => {
    store = await createStore({ databaseUrl: "sqlite::memory:" });
    const { registry, turns, release } = makeRegistry({ hold: true });
    await deliver(registry, "c5", "first");
    await eventually(() => turns.length === 1);
    await deliver(registry, "c5", "and another thing");
    release();
    await eventually(() => turns.length === 2);
    expect(turns[1]!.burst.map((m) => m.text)).toEqual(["and another thing"]);
    await registry.stop();
  });
});
