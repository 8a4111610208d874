/**
 * One `move_to_<stage>` tool per stage. Which of them the model is offered is
 * decided per step from the chart (`TurnState.allowedMoves`); the description
 * is the chart's description of that move from the current stage. A move is
 * still checked against the chart when it runs.
 */
import { type Tool, tool } from "ai";
import { z } from "zod";
import { stageDescription, stageIds } from "../../sales/index.ts";
import type { Stage } from "../../store/records.ts";
import type { TurnState } from "../turn-state.ts";

export type StageToolName = `move_to_${Stage}`;

export const stageToolName = (stage: Stage): StageToolName => `move_to_${stage}`;

export function stageMoveTools({
  state,
  now,
}: {
  state: TurnState;
  now: () => number;
}): Record<StageToolName, Tool> {
  const entries = stageIds.map((stage) => [
    stageToolName(stage),
    tool({
      description: () =>
        state.allowedMoves().find((m) => m.stage === stage)?.description || stageDescription(stage),
      inputSchema: z.object({}),
      execute: async () => {
        const result = state.move(stage, now());
        return result.ok
          ? { ok: true as const, stage: result.stage }
          : { ok: false as const, reason: result.reason };
      },
    }),
  ]);
  return Object.fromEntries(entries) as Record<StageToolName, Tool>;
}
