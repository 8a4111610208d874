import { assign, enqueueActions, fromPromise, setup } from "xstate";
import { type Stage, stages } from "../store/records.ts";
import {
  type ChatContext,
  type ChatEvent,
  type ChatInput,
  type ContactField,
  chatLimits,
  type HandoffInfo,
  type MoveMeta,
  type SendFallbackParams,
  type SendReplyParams,
  type StageChange,
  type StageMeta,
  type TurnInput,
  type TurnOutput,
} from "./chat-types.ts";

function appendBounded(list: readonly string[], items: readonly string[], max: number): string[] {
  const added = items.filter((item, i) => !list.includes(item) && items.indexOf(item) === i);
  return [...list, ...added].slice(-max);
}

/** When the event that entered `collecting` happened: its `at`, or the finished turn's `output.at`. */
function eventTime(event: object): number | undefined {
  if ("at" in event && typeof event.at === "number") return event.at;
  if ("output" in event && typeof event.output === "object" && event.output && "at" in event.output) {
    return typeof event.output.at === "number" ? event.output.at : undefined;
  }
  return undefined;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Types and named implementations of the chat chart; effects are empty slots the runtime provides. */
export const chatSetup = setup({
  types: {} as {
    context: ChatContext;
    events: ChatEvent;
    input: ChatInput;
    meta: StageMeta;
    transitionMeta: MoveMeta;
  },
  actors: {
    runTurn: fromPromise<TurnOutput, TurnInput>(async () => {
      throw new Error("runTurn is not provided");
    }),
  },
  delays: {
    // Time left until the deadline, measured from the event that (re)entered `collecting`.
    debounce: ({ context, event }) => {
      const now = eventTime(event);
      if (context.debounceDeadline === null || now === undefined) return context.debounceMs;
      return Math.max(0, context.debounceDeadline - now);
    },
  },
  guards: {
    hasMidTurnMessages: ({ context }) => context.midTurn.length > 0,
    hasPending: ({ context }) => context.pending.length > 0,
    turnRequestsHandoff: (_, { output }: { output: TurnOutput }) => output.handoff !== null,
    hasProductsDiscussed: ({ context }) => context.productsDiscussed.length > 0,
    hasContactForQuote: ({ context }) =>
      context.customer.name && (context.customer.email || context.customer.company),
    hasQuotation: ({ context }) => context.quotations > 0,
    isStageChange: ({ context, event }) =>
      event.type === "admin.set_stage" &&
      event.stage !== context.stage &&
      (stages as readonly string[]).includes(event.stage),
    routesTo: ({ context }, { stage }: { stage: Stage }) => context.stage === stage,
  },
  actions: {
    // Effect slots: no-ops here, provided by the runtime with machine.provide().
    sendReply: (_, _params: SendReplyParams) => {},
    sendFallback: (_, _params: SendFallbackParams) => {},
    handoffStarted: (_, _params: HandoffInfo) => {},
    handoffEnded: () => {},
    stageChanged: (_, _params: StageChange) => {},

    bufferMessage: assign(({ context, event }, { into }: { into: "pending" | "midTurn" }) => {
      if (event.type !== "inbox.message") return {};
      if (context.pending.includes(event.messageId) || context.midTurn.includes(event.messageId)) return {};
      return {
        [into]: appendBounded(context[into], [event.messageId], chatLimits.bufferedIds),
        debounceDeadline: event.at + context.debounceMs,
      };
    }),
    startTurn: assign({ turn: ({ context }) => context.turn + 1 }),
    finishTurn: assign(({ context }) => ({
      pending: context.midTurn,
      midTurn: [],
      lastError: null,
      debounceDeadline: context.midTurn.length > 0 ? context.debounceDeadline : null,
    })),
    holdUnanswered: assign(({ context }) => ({
      pending: appendBounded(context.pending, context.midTurn, chatLimits.bufferedIds),
      midTurn: [],
    })),
    recordError: assign(({ context }, { error }: { error: unknown }) => ({
      lastError: { turn: context.turn, message: errorMessage(error) },
    })),
    setHandoff: assign((_, handoff: HandoffInfo) => ({ handoff })),
    clearHandoff: assign({ handoff: null }),
    clearPending: assign({ pending: [], debounceDeadline: null }),
    saveContact: assign(({ context, event }) => {
      if (event.type !== "sales.contact_saved") return {};
      const customer = { ...context.customer };
      for (const field of event.fields as ContactField[]) if (field in customer) customer[field] = true;
      return { customer };
    }),
    noteProducts: assign(({ context, event }) =>
      event.type === "sales.products_discussed"
        ? {
            productsDiscussed: appendBounded(
              context.productsDiscussed,
              event.skus,
              chatLimits.productsDiscussed,
            ),
          }
        : {},
    ),
    noteQuotation: assign({ quotations: ({ context }) => context.quotations + 1 }),
    selectStage: assign(({ event }) => (event.type === "admin.set_stage" ? { stage: event.stage } : {})),
  },
})
  // Actions that enqueue other named actions are added in a second step so their types can see the first set.
  .extend<{ applyTurnEvents: { output: TurnOutput }; enterStage: { stage: Stage } }>({
    actions: {
      applyTurnEvents: enqueueActions(({ enqueue }, { output }) => {
        // A turn may only move the sales region; inbox and admin events are not its to send.
        for (const event of output.salesEvents) if (event.type.startsWith("sales.")) enqueue.raise(event);
      }),
      enterStage: enqueueActions(({ enqueue, context, event }, { stage }) => {
        enqueue.assign({ stage });
        const by =
          event.type === "admin.set_stage"
            ? "admin"
            : event.type.startsWith("sales.move_to_")
              ? "agent"
              : null;
        const at = eventTime(event);
        if (by === null || at === undefined) return; // the initial entry is not a move
        const change: StageChange = { stage, at, by };
        enqueue.assign({ stageHistory: [...context.stageHistory, change].slice(-chatLimits.stageHistory) });
        enqueue({ type: "stageChanged", params: change });
      }),
    },
  });
