import { describe, expect, test } from "bun:test";
import { statechartJson, statechartMermaid } from "../../src/sales/index.ts";
import { stages } from "../../src/store/records.ts";

type Json = Record<string, any>;

const salesMoves = [
  ["greeting", "qualifying"],
  ["qualifying", "needs_analysis"],
  ["needs_analysis", "solution"],
  ["needs_analysis", "qualifying"],
  ["solution", "company_details"],
  ["solution", "needs_analysis"],
  ["company_details", "quoting"],
  ["company_details", "solution"],
  ["quoting", "closing"],
  ["quoting", "solution"],
];

describe("statechartJson", () => {
  const json = statechartJson() as Json;
  const sales = json.states.sales;

  test("is plain JSON with both regions and all seven stages carrying rules and descriptions", () => {
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(json.id).toBe("chat");
    expect(json.type).toBe("parallel");
    expect(Object.keys(json.states.inbox.states)).toEqual(["idle", "collecting", "replying", "handoff"]);
    for (const stage of stages) {
      expect(sales.states[stage].meta.rules.en).toBeString();
      expect(sales.states[stage].description).toBeString();
    }
  });

  test("holds the ten stage moves with their descriptions and guards, plus the admin override", () => {
    const found: string[][] = [];
    for (const [from, node] of Object.entries<Json>(sales.states)) {
      for (const [event, t] of Object.entries<Json>(node.on ?? {})) {
        expect(event).toBe(`sales.move_to_${t.target}`);
        expect(t.description).toBeString();
        found.push([from, t.target]);
      }
    }
    expect(found.sort()).toEqual([...salesMoves].sort());
    expect(sales.states.company_details.on["sales.move_to_quoting"].guard).toBe("hasContactForQuote");
    expect(sales.on["admin.set_stage"]).toMatchObject({ target: ".routing", guard: "isStageChange" });
    expect(sales.states.closing.on).toBeUndefined();
  });

  test("names every effect slot, so the JSON lost nothing but parameter functions", () => {
    const replying = json.states.inbox.states.replying;
    expect(replying.invoke).toMatchObject({ id: "turn", src: "runTurn" });
    expect(replying.invoke.onDone.at(-1).actions).toEqual([
      { type: "sendReply" },
      { type: "applyTurnEvents" },
      "finishTurn",
    ]);
    expect(JSON.stringify(json)).not.toContain("null");
  });
});

describe("statechartMermaid", () => {
  const mermaid = statechartMermaid();

  test("is a stateDiagram-v2 with every move_to_* edge of the sales region", () => {
    expect(mermaid.startsWith("stateDiagram-v2\n")).toBe(true);
    for (const [from, to] of salesMoves)
      expect(mermaid).toMatch(new RegExp(`\\n\\s+${from} --> ${to} : move_to_${to}\\b`));
    expect(mermaid.match(/ : move_to_/g)).toHaveLength(salesMoves.length);
    expect(mermaid).toContain("[*] --> greeting");
    expect(mermaid).not.toContain("routing -->");
    expect(mermaid).toContain("%% admin.set_stage (any state)");
  });

  test("draws the inbox region with the debounce, the turn's outcomes and handoff", () => {
    for (const edge of [
      "[*] --> idle",
      "idle --> collecting : inbox.message",
      "collecting --> replying : after debounce",
      "replying --> collecting : turn done [hasMidTurnMessages]",
      "replying --> handoff : turn failed",
      "replying --> handoff : admin.handoff",
      "handoff --> collecting : admin.resume [hasPending]",
    ]) {
      expect(mermaid).toContain(edge);
    }
  });
});
