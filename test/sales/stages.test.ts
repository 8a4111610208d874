import { describe, expect, test } from "bun:test";
import { initialTransition } from "xstate";
import {
  chatMachine,
  currentStage,
  isStage,
  stageDescription,
  stageIds,
  stageRules,
} from "../../src/sales/index.ts";
import { stages } from "../../src/store/records.ts";
import { baseInput } from "./chat-harness.ts";

describe("stages read from the chart", () => {
  test("stageIds equal the record type's stages, in order", () => {
    expect([...stageIds]).toEqual([...stages]);
  });

  test("every stage has rules and a description on its state node", () => {
    for (const stage of stageIds) {
      const rules = stageRules(stage);
      expect(rules.en.length).toBeGreaterThan(100);
      expect(rules.summary?.length ?? 0).toBeGreaterThan(10);
      expect(stageDescription(stage).length).toBeGreaterThan(10);
      expect(chatMachine.getStateNodeById(`chat.sales.${stage}`).meta?.rules).toBe(rules);
    }
    expect(stageRules("qualifying").en).toContain("one question");
  });

  test("isStage accepts the chart's stages only; the transient routing state is not a stage", () => {
    for (const stage of stages) expect(isStage(stage)).toBe(true);
    for (const value of ["routing", "idle", "", 3, null, "Greeting"]) expect(isStage(value)).toBe(false);
  });

  test("currentStage reads the snapshot", () => {
    const [snap] = initialTransition(chatMachine, { ...baseInput, stage: "quoting" });
    expect(currentStage(snap)).toBe("quoting");
  });
});
