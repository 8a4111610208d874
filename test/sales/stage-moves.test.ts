import { describe, expect, test } from "bun:test";
import { createActor, initialTransition, transition } from "xstate";
import {
  allowedStageMoves,
  type ChatSnapshot,
  type CustomerFlags,
  chatMachine,
  overrideStage,
  tryStageMove,
} from "../../src/sales/index.ts";
import type { Stage } from "../../src/store/records.ts";
import { stages } from "../../src/store/records.ts";
import { baseInput, startChat } from "./chat-harness.ts";

/** The sales flow as the business specified it, written out independently of the chart. */
const expectedMoves: Record<Stage, Stage[]> = {
  greeting: ["qualifying"],
  qualifying: ["needs_analysis"],
  needs_analysis: ["solution", "qualifying"],
  solution: ["company_details", "needs_analysis"],
  company_details: ["quoting", "solution"],
  quoting: ["closing", "solution"],
  closing: [],
};

function snapshotAt(
  stage: Stage,
  {
    customer = {},
    products = [],
    quotation = false,
  }: { customer?: Partial<CustomerFlags>; products?: string[]; quotation?: boolean } = {},
): ChatSnapshot {
  let [snap] = initialTransition(chatMachine, { ...baseInput, stage, customer });
  if (products.length > 0)
    [snap] = transition(chatMachine, snap, { type: "sales.products_discussed", skus: products });
  if (quotation) [snap] = transition(chatMachine, snap, { type: "sales.quotation_created" });
  return snap;
}

/** Every guard satisfied. */
const ready = { customer: { name: true, email: true }, products: ["CH-1"], quotation: true };

describe("allowedStageMoves", () => {
  test("from every stage it lists exactly the business's moves, as move_to_<stage> tools with descriptions", () => {
    for (const stage of stages) {
      const moves = allowedStageMoves(snapshotAt(stage, ready));
      expect(moves.map((m) => m.stage)).toEqual(expectedMoves[stage]);
      for (const move of moves) {
        expect(move.toolName).toBe(`move_to_${move.stage}`);
        expect(move.event).toBe(`sales.move_to_${move.stage}`);
        expect(move.description.length).toBeGreaterThan(20);
        expect(move.allowed).toBe(true);
        expect(move.reason).toBeUndefined();
      }
    }
  });

  test("guarded moves are listed as blocked, with the reason the model should hear", () => {
    const moves = allowedStageMoves(snapshotAt("needs_analysis"));
    expect(moves.map((m) => [m.toolName, m.allowed])).toEqual([
      ["move_to_solution", false],
      ["move_to_qualifying", true],
    ]);
    expect(moves[0]?.reason).toContain("search_products");
  });

  test("the moves do not depend on the inbox: they are offered during handoff too", () => {
    let [snap] = initialTransition(chatMachine, { ...baseInput, stage: "qualifying" });
    [snap] = transition(chatMachine, snap, { type: "admin.handoff", at: 1 });
    expect(allowedStageMoves(snap).map((m) => m.stage)).toEqual(["needs_analysis"]);
  });
});

describe("tryStageMove on a snapshot", () => {
  test("every move of the sales flow succeeds when its guard passes, recorded as the agent's", () => {
    let count = 0;
    for (const from of stages) {
      for (const to of expectedMoves[from]) {
        const result = tryStageMove(snapshotAt(from, ready), { stage: to, at: 42 });
        if (!result.ok) throw new Error(`${from} → ${to}: ${result.reason}`);
        expect(result.stage).toBe(to);
        expect(result.snapshot.value).toEqual({ inbox: "idle", sales: to });
        expect(result.snapshot.context.stage).toBe(to);
        expect(result.snapshot.context.stageHistory).toEqual([{ stage: to, at: 42, by: "agent" }]);
        count++;
      }
    }
    expect(count).toBe(10);
  });

  test("moves the flow does not have change nothing and say why", () => {
    const samples: [Stage, string][] = [
      ["greeting", "solution"],
      ["greeting", "closing"],
      ["qualifying", "quoting"],
      ["solution", "greeting"],
      ["company_details", "needs_analysis"],
      ["closing", "solution"],
      ["closing", "greeting"],
    ];
    for (const [from, to] of samples) {
      const snap = snapshotAt(from, ready);
      const result = tryStageMove(snap, { stage: to, at: 1 });
      expect(result).toEqual({
        ok: false,
        reason: expect.stringContaining(`there is no move from ${from} to ${to}`),
      });
      const [after] = transition(chatMachine, snap, { type: `sales.move_to_${to as Stage}`, at: 1 });
      expect(after.value).toEqual(snap.value);
      expect(after.context).toEqual(snap.context);
    }
    const fromClosing = tryStageMove(snapshotAt("closing"), { stage: "quoting", at: 1 });
    expect(fromClosing.ok ? "" : fromClosing.reason).toContain("moves from here: none");
  });

  test("unknown and current stages are refused as data", () => {
    expect(tryStageMove(snapshotAt("greeting"), { stage: "negotiation", at: 1 })).toEqual({
      ok: false,
      reason: expect.stringContaining('unknown stage "negotiation"'),
    });
    expect(tryStageMove(snapshotAt("solution"), { stage: "solution", at: 1 })).toEqual({
      ok: false,
      reason: "the chat is already in solution",
    });
  });
});

describe("guards", () => {
  test("solution needs at least one product discussed", () => {
    const blocked = tryStageMove(snapshotAt("needs_analysis"), { stage: "solution", at: 1 });
    expect(blocked.ok).toBe(false);
    expect(
      tryStageMove(snapshotAt("needs_analysis", { products: ["DS-9"] }), { stage: "solution", at: 1 }).ok,
    ).toBe(true);
  });

  test("quoting needs the customer's name plus email or company", () => {
    const attempt = (customer: Partial<CustomerFlags>) =>
      tryStageMove(snapshotAt("company_details", { customer }), { stage: "quoting", at: 1 });
    for (const customer of [{}, { name: true }, { email: true, company: true }]) {
      const result = attempt(customer);
      expect(result).toEqual({
        ok: false,
        reason: expect.stringContaining("name and their email or company"),
      });
    }
    expect(attempt({ name: true, email: true }).ok).toBe(true);
    expect(attempt({ name: true, company: true }).ok).toBe(true);
  });

  test("contact flags saved by sales.contact_saved open the quoting guard", () => {
    let snap = snapshotAt("company_details");
    [snap] = transition(chatMachine, snap, { type: "sales.contact_saved", fields: ["name"] });
    expect(tryStageMove(snap, { stage: "quoting", at: 1 }).ok).toBe(false);
    [snap] = transition(chatMachine, snap, { type: "sales.contact_saved", fields: ["company"] });
    expect(tryStageMove(snap, { stage: "quoting", at: 1 }).ok).toBe(true);
  });

  test("closing needs a quotation", () => {
    expect(tryStageMove(snapshotAt("quoting"), { stage: "closing", at: 1 })).toEqual({
      ok: false,
      reason: expect.stringContaining("create_quotation"),
    });
    expect(tryStageMove(snapshotAt("quoting", { quotation: true }), { stage: "closing", at: 1 }).ok).toBe(
      true,
    );
  });

  test("backward moves are never guarded", () => {
    expect(tryStageMove(snapshotAt("quoting"), { stage: "solution", at: 1 }).ok).toBe(true);
    expect(tryStageMove(snapshotAt("needs_analysis"), { stage: "qualifying", at: 1 }).ok).toBe(true);
  });
});

describe("on a live actor", () => {
  test("a snapshot taken mid-turn can be moved purely, leaving the actor and its turn alone", () => {
    const w = startChat();
    w.message("m1");
    w.clock.increment(3000);
    const during = w.actor.getSnapshot();
    expect(during.value).toEqual({ inbox: "replying", sales: "greeting" });
    const first = tryStageMove(during, { stage: "qualifying", at: 3001 });
    if (!first.ok) throw new Error(first.reason);
    const second = tryStageMove(first.snapshot, { stage: "needs_analysis", at: 3002 });
    expect(second.ok && second.snapshot.context.stage).toBe("needs_analysis");
    expect(w.actor.getSnapshot().value).toEqual({ inbox: "replying", sales: "greeting" });
    expect(w.turns[0]?.signal.aborted).toBe(false);
  });

  test("an allowed move is sent; a blocked one leaves the actor's snapshot untouched", () => {
    const actor = createActor(chatMachine, { input: { ...baseInput, stage: "company_details" } }).start();
    const before = actor.getSnapshot();
    const blocked = tryStageMove(actor, { stage: "quoting", at: 5 });
    expect(blocked.ok).toBe(false);
    expect(actor.getSnapshot()).toBe(before);

    const moved = tryStageMove(actor, { stage: "solution", at: 6 });
    expect(moved.ok).toBe(true);
    expect(actor.getSnapshot().value).toEqual({ inbox: "idle", sales: "solution" });
    expect(actor.getSnapshot().context.stageHistory).toEqual([{ stage: "solution", at: 6, by: "agent" }]);
    actor.stop();
  });
});

describe("overrideStage (admin)", () => {
  test("moves from any stage to any other stage, closing included, recorded as the admin's", () => {
    for (const from of stages) {
      for (const to of stages) {
        if (from === to) continue;
        const result = overrideStage(snapshotAt(from), { stage: to, at: 9 });
        if (!result.ok) throw new Error(`${from} → ${to}: ${result.reason}`);
        expect(result.snapshot.value).toEqual({ inbox: "idle", sales: to });
        expect(result.snapshot.context.stageHistory).toEqual([{ stage: to, at: 9, by: "admin" }]);
      }
    }
  });

  test("refuses unknown and current stages, and works on a live actor", () => {
    expect(overrideStage(snapshotAt("closing"), { stage: "won", at: 1 }).ok).toBe(false);
    expect(overrideStage(snapshotAt("closing"), { stage: "closing", at: 1 })).toEqual({
      ok: false,
      reason: "the chat is already in closing",
    });
    const actor = createActor(chatMachine, { input: { ...baseInput, stage: "closing" } }).start();
    expect(overrideStage(actor, { stage: "needs_analysis", at: 3 }).ok).toBe(true);
    expect(actor.getSnapshot().context.stage).toBe("needs_analysis");
    actor.stop();
  });
});
