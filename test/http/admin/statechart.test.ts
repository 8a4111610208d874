/** GET /api/v1/statechart: the chart as Stately-importable JSON and as Mermaid. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { chatMachine, statechartJson } from "../../../src/sales/index.ts";
import { type AdminWorld, startAdminWorld } from "./admin-world.ts";

let world: AdminWorld;
beforeAll(async () => {
  world = await startAdminWorld();
});
afterAll(() => world.stop());

const contractStages = [
  "greeting",
  "qualifying",
  "needs_analysis",
  "solution",
  "company_details",
  "quoting",
  "closing",
];

/** [from, to] for every `sales.move_to_<stage>` transition in the served JSON. */
function moves(json: any): [string, string][] {
  return Object.entries<any>(json.states.sales.states).flatMap(([from, node]) =>
    Object.entries<any>(node.on ?? {})
      .filter(([event]) => event.startsWith("sales.move_to_"))
      .map(([event, t]): [string, string] => {
        expect(event).toBe(`sales.move_to_${t.target}`);
        return [from, t.target];
      }),
  );
}

test("JSON (the default) is the machine config with all seven stages and their transitions", async () => {
  const res = await world.noor.admin("/api/v1/statechart");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toStartWith("application/json");
  const json = (await res.json()) as any;
  expect(json).toEqual(statechartJson());
  expect(json).toMatchObject({ id: chatMachine.id, type: "parallel" });
  const stageStates = Object.keys(json.states.sales.states).filter(
    (s) => json.states.sales.states[s].meta?.rules,
  );
  expect(stageStates).toEqual(contractStages);
  const found = moves(json);
  expect(found.length).toBeGreaterThanOrEqual(contractStages.length - 1);
  // Every stage but the last has a move forward, and every stage is reachable.
  for (const [i, stage] of contractStages.entries()) {
    if (i < contractStages.length - 1) expect(found.some(([from]) => from === stage)).toBe(true);
    if (i > 0) expect(found.some(([, to]) => to === stage)).toBe(true);
  }
  expect(json.states.sales.on["admin.set_stage"]).toBeDefined();
  expect(Object.keys(json.states.inbox.states)).toEqual(
    expect.arrayContaining(["idle", "collecting", "replying", "handoff"]),
  );
  expect((await world.noor.admin("/api/v1/statechart?format=json")).status).toBe(200);
});

test("?format=mermaid is a text/plain stateDiagram-v2 with every stage move as an edge", async () => {
  const json = (await (await world.noor.admin("/api/v1/statechart")).json()) as any;
  const res = await world.noor.admin("/api/v1/statechart?format=mermaid");
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toStartWith("text/plain");
  const text = await res.text();
  expect(text.split("\n")[0]).toBe("stateDiagram-v2");
  for (const [from, to] of moves(json)) expect(text).toContain(`${from} --> ${to} : move_to_${to}`);
  for (const stage of contractStages) expect(text).toContain(stage);
});

test("an unknown format is 422", async () => {
  const res = await world.noor.admin("/api/v1/statechart?format=svg");
  expect(res.status).toBe(422);
});
