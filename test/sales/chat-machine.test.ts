import { describe, expect, test } from "bun:test";
import { createActor, initialTransition, SimulatedClock, transition } from "xstate";
import { type ChatSnapshot, chatLimits, chatMachine } from "../../src/sales/index.ts";
import { baseInput, startChat } from "./chat-harness.ts";

describe("debounce and bursts", () => {
  test("three messages within the window are answered by one turn carrying all three ids", async () => {
    const w = startChat();
    w.message("m1");
    w.clock.increment(1000);
    w.message("m2");
    w.clock.increment(1000);
    w.message("m3");
    expect(w.inbox()).toBe("collecting");
    w.clock.increment(2999);
    expect(w.turns).toHaveLength(0);
    w.clock.increment(1);
    expect(w.inbox()).toBe("replying");
    expect(w.turns).toHaveLength(1);
    expect(w.turns[0]?.input).toEqual({
      chatId: "chat-1",
      conversationId: "conv-1",
      turn: 1,
      messageIds: ["m1", "m2", "m3"],
      stage: "greeting",
      customer: { name: false, company: false, email: false },
      productsDiscussed: [],
    });
    await w.completeTurn(1, { reply: "Hello!" });
    expect(w.inbox()).toBe("idle");
    expect(w.effectsOf("sendReply")).toEqual([
      {
        type: "sendReply",
        turn: 1,
        messageIds: ["m1", "m2", "m3"],
        output: { at: 5000, reply: "Hello!", salesEvents: [], handoff: null },
      },
    ]);
    expect(w.actor.getSnapshot().context.pending).toEqual([]);
    w.clock.increment(60_000);
    expect(w.turns).toHaveLength(1);
  });

  test("each message restarts the silence window and moves the deadline", () => {
    const w = startChat({ now: 10_000 });
    w.message("m1");
    expect(w.actor.getSnapshot().context.debounceDeadline).toBe(13_000);
    w.clock.increment(2999);
    w.message("m2");
    expect(w.actor.getSnapshot().context.debounceDeadline).toBe(15_999);
    w.clock.increment(2999);
    expect(w.turns).toHaveLength(0);
    w.clock.increment(1);
    expect(w.turns).toHaveLength(1);
    expect(w.turns[0]?.input.messageIds).toEqual(["m1", "m2"]);
  });

  test("a redelivered message id is buffered once", () => {
    const w = startChat();
    w.message("m1");
    w.message("m1");
    w.message("m2");
    expect(w.actor.getSnapshot().context.pending).toEqual(["m1", "m2"]);
  });

  test("buffers keep at most chatLimits.bufferedIds ids, dropping the oldest", () => {
    const w = startChat();
    const ids = Array.from({ length: chatLimits.bufferedIds + 15 }, (_, i) => `m${i}`);
    for (const id of ids) w.message(id);
    expect(w.actor.getSnapshot().context.pending).toEqual(ids.slice(-chatLimits.bufferedIds));
    w.clock.increment(3000);
    for (const id of ids.map((id) => `late-${id}`)) w.message(id);
    expect(w.actor.getSnapshot().context.midTurn).toHaveLength(chatLimits.bufferedIds);
  });
});

describe("messages during a turn", () => {
  test("are kept and answered by the next turn, not lost and not re-planned into the running one", async () => {
    const w = startChat();
    w.message("m1");
    w.clock.increment(3000);
    expect(w.turns).toHaveLength(1);
    w.clock.increment(100);
    w.message("m2");
    w.clock.increment(100);
    w.message("m3");
    expect(w.actor.getSnapshot().context.midTurn).toEqual(["m2", "m3"]);
    expect(w.turns).toHaveLength(1);
    expect(w.turns[0]?.input.messageIds).toEqual(["m1"]);

    w.clock.increment(100); // t = 3300; the mid-turn burst's deadline is 3200 + 3000
    await w.completeTurn(1);
    expect(w.effectsOf("sendReply").map((e) => e.messageIds)).toEqual([["m1"]]);
    expect(w.inbox()).toBe("collecting");
    expect(w.actor.getSnapshot().context.pending).toEqual(["m2", "m3"]);
    w.clock.increment(2899);
    expect(w.turns).toHaveLength(1);
    w.clock.increment(1);
    expect(w.turns).toHaveLength(2);
    expect(w.turns[1]?.input).toMatchObject({ turn: 2, messageIds: ["m2", "m3"] });
    await w.completeTurn(2);
    expect(w.effectsOf("sendReply").map((e) => [e.turn, e.messageIds])).toEqual([
      [1, ["m1"]],
      [2, ["m2", "m3"]],
    ]);
    expect(w.inbox()).toBe("idle");
  });

  test("a mid-turn burst that is already quiet when the turn ends is answered at once", async () => {
    const w = startChat();
    w.message("m1");
    w.clock.increment(3000);
    w.message("m2");
    w.clock.increment(10_000); // the turn was slow; m2's deadline has passed
    await w.completeTurn(1);
    w.clock.increment(0);
    expect(w.turns).toHaveLength(2);
    expect(w.turns[1]?.input.messageIds).toEqual(["m2"]);
  });
});

describe("turn failure", () => {
  test("goes to handoff with a fallback for the whole unanswered burst and records the error", async () => {
    const w = startChat();
    w.message("m1");
    w.clock.increment(3000);
    w.message("m2");
    await w.failTurn(1, new Error("openrouter unavailable"));
    expect(w.inbox()).toBe("handoff");
    expect(w.effectsOf("sendReply")).toEqual([]);
    expect(w.effectsOf("sendFallback")).toEqual([
      { type: "sendFallback", turn: 1, messageIds: ["m1", "m2"], error: "openrouter unavailable" },
    ]);
    expect(w.effectsOf("handoffStarted")).toEqual([
      { type: "handoffStarted", by: "error", reason: "turn failed: openrouter unavailable" },
    ]);
    const { context } = w.actor.getSnapshot();
    expect(context.lastError).toEqual({ turn: 1, message: "openrouter unavailable" });
    expect(context.pending).toEqual(["m1", "m2"]);
    expect(context.midTurn).toEqual([]);
  });

  test("an unprovided runTurn slot fails safe into handoff", async () => {
    const clock = new SimulatedClock();
    const actor = createActor(chatMachine, { clock, input: baseInput }).start();
    actor.send({ type: "inbox.message", messageId: "m1", at: 0 });
    clock.increment(3000);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(actor.getSnapshot().value).toMatchObject({ inbox: "handoff" });
    expect(actor.getSnapshot().context.lastError?.message).toBe("runTurn is not provided");
  });
});

describe("handoff", () => {
  test("silences the bot, records new messages, and resume answers them", async () => {
    const w = startChat();
    w.actor.send({ type: "admin.handoff", at: 0, reason: "VIP customer" });
    expect(w.inbox()).toBe("handoff");
    expect(w.effectsOf("handoffStarted")).toEqual([
      { type: "handoffStarted", by: "admin", reason: "VIP customer" },
    ]);
    expect(w.actor.getSnapshot().context.handoff).toEqual({ by: "admin", reason: "VIP customer" });
    w.message("m1");
    w.clock.increment(1000);
    w.message("m2");
    w.clock.increment(60_000);
    expect(w.turns).toHaveLength(0);
    expect(w.actor.getSnapshot().context.pending).toEqual(["m1", "m2"]);

    w.actor.send({ type: "admin.resume", at: w.clock.now() });
    expect(w.effectsOf("handoffEnded")).toHaveLength(1);
    expect(w.actor.getSnapshot().context.handoff).toBeNull();
    expect(w.inbox()).toBe("collecting");
    w.clock.increment(0); // the burst went quiet long ago
    expect(w.turns).toHaveLength(1);
    expect(w.turns[0]?.input.messageIds).toEqual(["m1", "m2"]);
  });

  test("resume with nothing unanswered goes idle; an operator reply clears what was pending", () => {
    const w = startChat();
    w.message("m1");
    w.actor.send({ type: "admin.handoff", at: 0 });
    expect(w.actor.getSnapshot().context.handoff).toEqual({ by: "admin", reason: "operator took over" });
    w.clock.increment(5000);
    expect(w.turns).toHaveLength(0);
    w.actor.send({ type: "admin.operator_replied", at: w.clock.now() });
    expect(w.actor.getSnapshot().context.pending).toEqual([]);
    w.actor.send({ type: "admin.resume", at: w.clock.now() });
    expect(w.inbox()).toBe("idle");
    w.clock.increment(60_000);
    expect(w.turns).toHaveLength(0);
  });

  test("admin handoff cancels a running turn: its signal aborts and its reply is never sent", async () => {
    const w = startChat();
    w.message("m1");
    w.clock.increment(3000);
    w.message("m2");
    const running = w.turns[0];
    w.actor.send({ type: "admin.handoff", at: w.clock.now() });
    expect(w.inbox()).toBe("handoff");
    expect(running?.signal.aborted).toBe(true);
    expect(w.actor.getSnapshot().context.pending).toEqual(["m1", "m2"]);

    await w.completeTurn(1, { reply: "too late" });
    expect(w.effectsOf("sendReply")).toEqual([]);
    expect(w.inbox()).toBe("handoff");

    w.actor.send({ type: "admin.resume", at: w.clock.now() });
    w.clock.increment(3000);
    expect(w.turns).toHaveLength(2);
    expect(w.turns[1]?.input).toMatchObject({ turn: 2, messageIds: ["m1", "m2"] });
    await w.completeTurn(2, { reply: "answer" });
    expect(w.effectsOf("sendReply").map((e) => [e.turn, e.output.reply])).toEqual([[2, "answer"]]);
  });

  test("a turn can ask for a human: its reply is sent, then the chat is handed off", async () => {
    const w = startChat();
    w.message("m1");
    w.clock.increment(3000);
    await w.completeTurn(1, {
      reply: "A colleague will call you",
      handoff: { reason: "wants a site visit" },
    });
    expect(w.effectsOf("sendReply").map((e) => e.output.reply)).toEqual(["A colleague will call you"]);
    expect(w.inbox()).toBe("handoff");
    expect(w.effectsOf("handoffStarted")).toEqual([
      { type: "handoffStarted", by: "agent", reason: "wants a site visit" },
    ]);
  });
});

describe("turn output moves the sales region", () => {
  test("sales events are applied in order through the chart; blocked and foreign ones change nothing", async () => {
    const w = startChat();
    w.message("m1");
    w.clock.increment(3000);
    await w.completeTurn(1, {
      salesEvents: [
        { type: "sales.move_to_qualifying", at: 3000 },
        { type: "sales.move_to_needs_analysis", at: 3000 },
        { type: "sales.move_to_solution", at: 3000 }, // blocked: no product discussed yet
        { type: "admin.set_stage", stage: "closing", at: 3000 } as never, // not a turn's to send
        { type: "sales.contact_saved", fields: ["name", "email"] },
      ],
    });
    const { context } = w.actor.getSnapshot();
    expect(context.stage).toBe("needs_analysis");
    expect(w.actor.getSnapshot().value).toEqual({ inbox: "idle", sales: "needs_analysis" });
    expect(context.customer).toEqual({ name: true, company: false, email: true });
    expect(context.stageHistory).toEqual([
      { stage: "qualifying", at: 3000, by: "agent" },
      { stage: "needs_analysis", at: 3000, by: "agent" },
    ]);
    expect(w.effectsOf("stageChanged")).toEqual([
      { type: "stageChanged", stage: "qualifying", at: 3000, by: "agent" },
      { type: "stageChanged", stage: "needs_analysis", at: 3000, by: "agent" },
    ]);

    w.message("m2");
    w.clock.increment(3000);
    expect(w.turns[1]?.input).toMatchObject({
      stage: "needs_analysis",
      customer: { name: true, email: true },
    });
    await w.completeTurn(2, {
      salesEvents: [
        { type: "sales.products_discussed", skus: ["CH-1", "DS-2"] },
        { type: "sales.move_to_solution", at: 6000 },
      ],
    });
    expect(w.actor.getSnapshot().context.stage).toBe("solution");
    expect(w.actor.getSnapshot().context.productsDiscussed).toEqual(["CH-1", "DS-2"]);
  });
});

describe("restore from a persisted snapshot", () => {
  function persistedMidDebounce() {
    const w = startChat({ now: 1000 });
    w.message("m1"); // deadline 4000
    w.clock.increment(1000);
    w.message("m2"); // deadline 5000
    const persisted = JSON.parse(JSON.stringify(w.actor.getPersistedSnapshot()));
    w.actor.stop();
    return persisted;
  }

  test("timers are not restored; inbox.rearm re-arms from the deadline kept in context", () => {
    const persisted = persistedMidDebounce();
    expect(persisted.context.debounceDeadline).toBe(5000);
    const w = startChat({ snapshot: persisted, now: 3500 });
    expect(w.inbox()).toBe("collecting");
    w.clock.increment(10_000);
    expect(w.turns).toHaveLength(0); // XState dropped the pending `after` timer

    const fresh = startChat({ snapshot: persisted, now: 3500 });
    fresh.actor.send({ type: "inbox.rearm", at: fresh.clock.now() });
    fresh.clock.increment(1499);
    expect(fresh.turns).toHaveLength(0);
    fresh.clock.increment(1);
    expect(fresh.turns).toHaveLength(1);
    expect(fresh.turns[0]?.input).toMatchObject({ turn: 1, messageIds: ["m1", "m2"] });
  });

  test("re-arming after the deadline passed answers at once", () => {
    const w = startChat({ snapshot: persistedMidDebounce(), now: 90_000 });
    w.actor.send({ type: "inbox.rearm", at: w.clock.now() });
    w.clock.increment(0);
    expect(w.turns).toHaveLength(1);
  });

  test("rearm is harmless outside collecting", () => {
    const w = startChat();
    w.actor.send({ type: "inbox.rearm", at: 0 });
    w.clock.increment(10_000);
    expect(w.inbox()).toBe("idle");
    expect(w.turns).toHaveLength(0);
  });

  test("restoring while replying runs the turn again with the same input", async () => {
    const w = startChat();
    w.message("m1");
    w.clock.increment(3000);
    const persisted = JSON.parse(JSON.stringify(w.actor.getPersistedSnapshot()));
    w.actor.stop();
    const restored = startChat({ snapshot: persisted, now: 3000 });
    expect(restored.turns).toHaveLength(1);
    expect(restored.turns[0]?.input).toEqual(w.turns[0]?.input as never);
    await restored.completeTurn(1);
    expect(restored.effectsOf("sendReply").map((e) => e.messageIds)).toEqual([["m1"]]);
    expect(restored.inbox()).toBe("idle");
  });

  test("sales stage, customer flags and history survive the round trip", () => {
    const w = startChat();
    w.actor.send({ type: "admin.set_stage", stage: "quoting", at: 5 });
    w.actor.send({ type: "sales.contact_saved", fields: ["name", "company"] });
    const persisted = JSON.parse(JSON.stringify(w.actor.getPersistedSnapshot()));
    const restored = startChat({ snapshot: persisted });
    const snap = restored.actor.getSnapshot();
    expect(snap.value).toEqual({ inbox: "idle", sales: "quoting" });
    expect(snap.context.customer).toEqual({ name: true, company: true, email: false });
    expect(snap.context.stageHistory).toEqual([{ stage: "quoting", at: 5, by: "admin" }]);
    expect(restored.effectsOf("stageChanged")).toEqual([]); // restore is not replay
  });
});

describe("pure steps with transition()", () => {
  test("the initial state starts in the input's stage with the input's customer flags", () => {
    const [fresh] = initialTransition(chatMachine, baseInput);
    expect(fresh.value).toEqual({ inbox: "idle", sales: "greeting" });
    const [resumed] = initialTransition(chatMachine, {
      ...baseInput,
      stage: "company_details",
      customer: { name: true },
    });
    expect(resumed.value).toEqual({ inbox: "idle", sales: "company_details" });
    expect(resumed.context.customer).toEqual({ name: true, company: false, email: false });
    expect(resumed.context.stageHistory).toEqual([]);
  });

  test("a message schedules the debounce as a delayed event without running anything", () => {
    const [s0] = initialTransition(chatMachine, baseInput);
    const [s1, actions] = transition(chatMachine, s0, { type: "inbox.message", messageId: "m1", at: 100 });
    expect(s1.value).toEqual({ inbox: "collecting", sales: "greeting" });
    expect(s1.context.debounceDeadline).toBe(3100);
    const raise = actions.find((a) => a.type === "xstate.raise");
    expect(raise?.params).toMatchObject({ delay: 3000 });
  });

  test("an event the current state does not handle leaves the snapshot as it was", () => {
    const [s0] = initialTransition(chatMachine, baseInput);
    const [same] = transition(chatMachine, s0, { type: "admin.resume", at: 1 });
    expect(same.value).toEqual(s0.value);
    expect(same.context).toEqual(s0.context);
  });

  test("admin.set_stage bypasses guards and is recorded; the same stage is a no-op", () => {
    let [snap]: [ChatSnapshot, unknown] = initialTransition(chatMachine, baseInput);
    [snap] = transition(chatMachine, snap, { type: "admin.set_stage", stage: "closing", at: 7 });
    expect(snap.value).toMatchObject({ sales: "closing" });
    [snap] = transition(chatMachine, snap, { type: "admin.set_stage", stage: "closing", at: 8 });
    [snap] = transition(chatMachine, snap, { type: "admin.set_stage", stage: "greeting", at: 9 });
    expect(snap.value).toMatchObject({ sales: "greeting" });
    expect(snap.context.stageHistory).toEqual([
      { stage: "closing", at: 7, by: "admin" },
      { stage: "greeting", at: 9, by: "admin" },
    ]);
  });

  test("stage history is bounded", () => {
    let [snap]: [ChatSnapshot, unknown] = initialTransition(chatMachine, baseInput);
    const total = chatLimits.stageHistory + 10;
    for (let i = 0; i < total; i++) {
      [snap] = transition(chatMachine, snap, {
        type: "admin.set_stage",
        stage: i % 2 === 0 ? "closing" : "greeting",
        at: i,
      });
    }
    expect(snap.context.stageHistory).toHaveLength(chatLimits.stageHistory);
    expect(snap.context.stageHistory.at(-1)).toEqual({ stage: "greeting", at: total - 1, by: "admin" });
  });
});
