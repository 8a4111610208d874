import type { AnyStateNode, AnyTransitionDefinition } from "xstate";
import { chatMachine } from "./chat-machine.ts";

/**
 * The chart as its machine config in plain JSON (the form Stately Studio imports): states, transitions with
 * descriptions and guards, stage meta. Implementations are named, so nothing but parameter functions is lost.
 */
export function statechartJson(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(chatMachine.config));
}

/** A state that only routes elsewhere (`always`, no events): drawn as the region's entry, not as a state. */
function isTransient(node: AnyStateNode): boolean {
  return node.always !== undefined && node.always.length > 0 && node.transitions.size === 0;
}

function entryState(region: AnyStateNode): AnyStateNode | undefined {
  const initial = region.initial?.target[0];
  if (!initial || !isTransient(initial)) return initial;
  return initial.always?.find((t) => !t.guard)?.target?.[0];
}

function guardName(t: AnyTransitionDefinition): string | undefined {
  const guard: unknown = t.guard;
  if (typeof guard === "string") return guard;
  if (guard && typeof guard === "object" && "type" in guard) return String(guard.type);
  return undefined;
}

function eventLabel(eventType: string): string {
  if (eventType.startsWith("sales.")) return eventType.slice("sales.".length);
  const after = /^xstate\.after\.([^.]+)\./.exec(eventType);
  if (after) return `after ${after[1]}`;
  const actor = /^xstate\.(done|error)\.actor\.(.+)$/.exec(eventType);
  if (actor) return `${actor[2]} ${actor[1] === "done" ? "done" : "failed"}`;
  return eventType;
}

function label(t: AnyTransitionDefinition): string {
  const guard = guardName(t);
  return guard ? `${eventLabel(String(t.eventType))} [${guard}]` : eventLabel(String(t.eventType));
}

function regionLines(region: AnyStateNode): string[] {
  const lines = [`  state ${region.key} {`];
  const entry = entryState(region);
  if (entry) lines.push(`    [*] --> ${entry.key}`);
  for (const node of Object.values(region.states)) {
    if (isTransient(node)) continue;
    for (const t of [...node.transitions.values()].flat()) {
      const target = t.target?.[0];
      if (target?.parent === region) lines.push(`    ${node.key} --> ${target.key} : ${label(t)}`);
    }
  }
  // Region-level transitions into a transient state (the admin override) reach every state: note them.
  for (const t of [...region.transitions.values()].flat()) {
    const target = t.target?.[0];
    if (target && isTransient(target))
      lines.push(`    %% ${String(t.eventType)} (any state): ${t.description ?? ""}`);
  }
  lines.push("  }");
  return lines;
}

/** A Mermaid stateDiagram-v2 of both parallel regions, every edge labelled with its event (`move_to_x`). */
export function statechartMermaid(): string {
  const regions = Object.values(chatMachine.root.states);
  return ["stateDiagram-v2", ...regions.flatMap(regionLines)].join("\n");
}
