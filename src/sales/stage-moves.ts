import { getNextTransitions, transition } from "xstate";
import type { Stage } from "../store/records.ts";
import type { ChatSnapshot } from "./chat-machine.ts";
import type { ChatEvent, StageMoveEventType } from "./chat-types.ts";
import { isStage, stageIds } from "./stages.ts";

const movePrefix = "sales.move_to_";

export interface StageMove {
  stage: Stage;
  event: StageMoveEventType;
  toolName: `move_to_${Stage}`;
  /** The transition's description: the tool description given to the model. */
  description: string;
  allowed: boolean;
  /** Why the move is blocked now (only when `allowed` is false). */
  reason?: string;
}

/** A live actor (the move is sent to it) or a snapshot (the move is computed purely). */
export type ChatTarget = ChatSnapshot | { getSnapshot(): ChatSnapshot; send(event: ChatEvent): void };

export type StageMoveResult =
  | { ok: true; stage: Stage; snapshot: ChatSnapshot }
  | { ok: false; reason: string };

export interface StageMoveOptions {
  /** Requested stage; a string because it may come from a model's tool call or an HTTP body. */
  stage: string;
  /** Epoch ms recorded in the stage history. */
  at: number;
}

/**
 * The moves the chart offers from the current stage, guarded ones included: `allowed` says whether the
 * guard passes now, `reason` (from the transition's meta) why not.
 */
export function allowedStageMoves(snapshot: ChatSnapshot): StageMove[] {
  return getNextTransitions(snapshot).flatMap((t) => {
    const eventType = String(t.eventType);
    if (!eventType.startsWith(movePrefix)) return [];
    const stage = eventType.slice(movePrefix.length) as Stage;
    const allowed = snapshot.can({ type: eventType as StageMoveEventType, at: 0 });
    const reason = allowed
      ? {}
      : { reason: t.meta?.blockedReason ?? `moving to ${stage} is not allowed yet` };
    return [
      {
        stage,
        event: eventType as StageMoveEventType,
        toolName: `move_to_${stage}` as const,
        description: t.description ?? "",
        allowed,
        ...reason,
      },
    ];
  });
}

function snapshotOf(target: ChatTarget): ChatSnapshot {
  return "getSnapshot" in target ? target.getSnapshot() : target;
}

function apply(target: ChatTarget, event: ChatEvent): ChatSnapshot {
  if ("send" in target) {
    target.send(event);
    return target.getSnapshot();
  }
  return transition(target.machine, target, event)[0];
}

function checkTarget(
  snapshot: ChatSnapshot,
  stage: string,
): { ok: true; stage: Stage } | { ok: false; reason: string } {
  if (!isStage(stage))
    return { ok: false, reason: `unknown stage "${stage}"; stages are ${stageIds.join(", ")}` };
  if (stage === snapshot.context.stage) return { ok: false, reason: `the chat is already in ${stage}` };
  return { ok: true, stage };
}

/**
 * Moves the sales region as the agent would. A move the chart does not offer, or whose guard fails,
 * changes nothing and comes back as `{ ok: false, reason }`.
 */
export function tryStageMove(target: ChatTarget, { stage, at }: StageMoveOptions): StageMoveResult {
  const snapshot = snapshotOf(target);
  const checked = checkTarget(snapshot, stage);
  if (!checked.ok) return checked;
  const moves = allowedStageMoves(snapshot);
  const move = moves.find((m) => m.stage === checked.stage);
  if (!move) {
    const offered = moves.map((m) => m.stage).join(", ") || "none";
    return {
      ok: false,
      reason: `there is no move from ${snapshot.context.stage} to ${stage}; moves from here: ${offered}`,
    };
  }
  if (!move.allowed) return { ok: false, reason: move.reason ?? `moving to ${stage} is not allowed yet` };
  return { ok: true, stage: checked.stage, snapshot: apply(target, { type: move.event, at }) };
}

/** The operator's override: any stage from any stage, recorded as `by: "admin"`. */
export function overrideStage(target: ChatTarget, { stage, at }: StageMoveOptions): StageMoveResult {
  const checked = checkTarget(snapshotOf(target), stage);
  if (!checked.ok) return checked;
  return {
    ok: true,
    stage: checked.stage,
    snapshot: apply(target, { type: "admin.set_stage", stage: checked.stage, at }),
  };
}
