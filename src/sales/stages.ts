import type { Stage } from "../store/records.ts";
import { type ChatSnapshot, chatMachine } from "./chat-machine.ts";
import type { StageMeta } from "./chat-types.ts";

const salesRegion = chatMachine.getStateNodeById("chat.sales");

function stageNode(stage: Stage) {
  return chatMachine.getStateNodeById(`chat.sales.${stage}`);
}

/** Stage ids in chart order: the sales region's states that carry rules (the transient `routing` has none). */
export const stageIds: readonly Stage[] = Object.values(salesRegion.states)
  .filter((node) => node.meta?.rules !== undefined)
  .map((node) => node.key as Stage);

export function isStage(value: unknown): value is Stage {
  return typeof value === "string" && (stageIds as readonly string[]).includes(value);
}

/** What the assistant does in this stage, from the state node's meta. */
export function stageRules(stage: Stage): StageMeta["rules"] {
  const rules = stageNode(stage).meta?.rules;
  if (!rules) throw new Error(`stage ${stage} has no rules in the chart`);
  return rules;
}

export function stageDescription(stage: Stage): string {
  return stageNode(stage).description ?? "";
}

export function currentStage(snapshot: ChatSnapshot): Stage {
  return snapshot.context.stage;
}
