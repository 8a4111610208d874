/**
 * What one turn has done so far, on a working copy of the chat's snapshot:
 * every sales event a tool produces is applied to the copy at once (pure
 * `transition`, nothing runs), so the guards and the moves offered to the next
 * step see it. The chart applies the same events, in the same order, when the
 * turn completes; it stays the judge.
 */
import { transition } from "xstate";
import {
  allowedStageMoves,
  type ChatSnapshot,
  type ContactField,
  currentStage,
  type SalesEvent,
  type StageMove,
  type StageMoveResult,
  tryStageMove,
} from "../sales/index.ts";
import type { ConversationPatch, Stage } from "../store/records.ts";

export type ContactPatch = Pick<ConversationPatch, "customerName" | "companyName" | "email" | "phone">;

export interface TurnState {
  snapshot(): ChatSnapshot;
  stage(): Stage;
  /** Moves the chart offers and allows now. */
  allowedMoves(): StageMove[];
  /** Sales events in the order they happened. */
  salesEvents(): SalesEvent[];
  contact(): ContactPatch;
  handoff(): { reason: string } | null;
  move(stage: string, at: number): StageMoveResult;
  productsDiscussed(skus: string[]): void;
  contactSaved(patch: ContactPatch): void;
  quotationCreated(): void;
  requestHuman(reason: string): void;
}

const contactFields: [keyof ContactPatch, ContactField | null][] = [
  ["customerName", "name"],
  ["companyName", "company"],
  ["email", "email"],
  ["phone", null], // the chart's guards do not need it
];

export function createTurnState(initial: ChatSnapshot): TurnState {
  let snapshot = initial;
  const events: SalesEvent[] = [];
  let contact: ContactPatch = {};
  let handoff: { reason: string } | null = null;

  const apply = (event: SalesEvent) => {
    snapshot = transition(snapshot.machine, snapshot, event)[0];
    events.push(event);
  };

  return {
    snapshot: () => snapshot,
    stage: () => currentStage(snapshot),
    allowedMoves: () => allowedStageMoves(snapshot).filter((m) => m.allowed),
    salesEvents: () => [...events],
    contact: () => ({ ...contact }),
    handoff: () => handoff,
    move(stage, at) {
      const result = tryStageMove(snapshot, { stage, at });
      if (result.ok) {
        snapshot = result.snapshot;
        events.push({ type: `sales.move_to_${result.stage}`, at });
      }
      return result;
    },
    productsDiscussed(skus) {
      if (skus.length > 0) apply({ type: "sales.products_discussed", skus });
    },
    contactSaved(patch) {
      contact = { ...contact, ...patch };
      const fields = contactFields.flatMap(([key, field]) => (field && patch[key] ? [field] : []));
      if (fields.length > 0) apply({ type: "sales.contact_saved", fields });
    },
    quotationCreated() {
      apply({ type: "sales.quotation_created" });
    },
    requestHuman(reason) {
      handoff ??= { reason };
    },
  };
}
