/*
 * The chat statechart: one actor per active chat, two parallel regions.
 *
 * inbox — idle → collecting → replying → idle, plus handoff.
 * - Debounce: every `inbox.message` sets `debounceDeadline = at + debounceMs` and (re)enters `collecting`,
 *   whose `after: debounce` delay is `deadline − time of the entering event`. The delay is never computed
 *   from a clock inside the chart, so the same code runs under a SimulatedClock. XState does not persist
 *   pending timers: after restoring a snapshot the runtime sends `inbox.rearm` (harmless in any state), which
 *   re-enters `collecting` and arms the timer for what is left until the deadline (0 if it has passed).
 * - Mid-turn messages: while `replying`, new ids go to `midTurn`; the running turn is not re-planned. When it
 *   completes, its reply is sent and `midTurn` becomes the next burst (`collecting`, deadline = last mid-turn
 *   message + debounceMs, so a burst that is already quiet is answered at once). Nothing is lost and the
 *   customer never waits for a turn to be thrown away.
 * - Turn failure (`runTurn` rejects; it has already retried transient errors): go to `handoff` with
 *   `sendFallback` (the runtime sends a polite holding reply) and keep the burst as unanswered. Retrying here
 *   would mostly repeat the same failure while the customer waits.
 * - Turn output: a reply (or null), sales events the turn already checked against its copy of the chart
 *   (raised here in order; the chart stays the judge), and an optional handoff request (reply sent, then
 *   `handoff`). The reply is sent by the `sendReply` action on completion, so a cancelled turn sends nothing.
 * - handoff: the bot is silent; new message ids are still recorded in `pending`. `admin.operator_replied`
 *   clears them (a human answered). `admin.resume` goes to `collecting` when something is unanswered,
 *   else `idle`. `admin.handoff` from idle/collecting/replying goes there too; leaving `replying` stops the
 *   invoked turn (its abort signal fires) and a stopped turn's result is dropped by XState.
 * - Restore while `replying` restarts the invoked turn with the same input (XState restarts an active
 *   promise child); the runtime's turn must therefore be safe to repeat.
 * - Buffers hold message ids only (texts live in the store), deduplicated and capped at
 *   `chatLimits.bufferedIds` (oldest dropped), so memory per chat is bounded.
 *
 * sales (sales-region.ts) — seven stages. `sales.move_to_<stage>` transitions carry the LLM tool description;
 * guards protect business preconditions (products before solution, contact before quoting, quotation before
 * closing). A stage's entry action keeps `context.stage` and appends agent/admin moves to `stageHistory`.
 * `closing` is not `type: "final"`: it simply has no moves out, so `admin.set_stage` can still move the chat.
 * `routing` is a transient state that sends the region to `context.stage`, used at start (stage from input)
 * and by `admin.set_stage`.
 */
import type { DoneActorEvent, SnapshotFrom } from "xstate";
import { chatSetup, errorMessage } from "./chat-setup.ts";
import type { ChatContext, ChatEvent, HandoffInfo, SendReplyParams, TurnOutput } from "./chat-types.ts";
import { salesRegion } from "./sales-region.ts";

type TurnDone = { context: ChatContext; event: DoneActorEvent<TurnOutput> };
const turnOutput = ({ event }: TurnDone) => ({ output: event.output });
/** Actions of every successful turn: send its reply, apply its sales events, promote mid-turn messages. */
const completeTurn = [
  {
    type: "sendReply",
    params: ({ context, event }: TurnDone): SendReplyParams => ({
      turn: context.turn,
      messageIds: context.pending,
      output: event.output,
    }),
  },
  { type: "applyTurnEvents", params: turnOutput },
  "finishTurn",
] as const;
const adminHandoff = {
  type: "setHandoff",
  params: ({ event }: { event: ChatEvent }): HandoffInfo => ({
    by: "admin",
    reason: (event.type === "admin.handoff" && event.reason) || "operator took over",
  }),
} as const;

export const chatMachine = chatSetup.createMachine({
  id: "chat",
  type: "parallel",
  context: ({ input }) => ({
    chatId: input.chatId,
    conversationId: input.conversationId,
    debounceMs: input.debounceMs,
    debounceDeadline: null,
    pending: [],
    midTurn: [],
    stage: input.stage ?? "greeting",
    customer: { name: false, company: false, email: false, ...input.customer },
    productsDiscussed: [],
    quotations: 0,
    stageHistory: [],
    turn: 0,
    lastError: null,
    handoff: null,
  }),
  states: {
    inbox: {
      description: "Collects customer messages into bursts and answers each burst with one turn.",
      initial: "idle",
      states: {
        idle: {
          description: "Nothing to answer.",
          on: {
            "inbox.message": {
              target: "collecting",
              actions: { type: "bufferMessage", params: { into: "pending" } },
            },
            "admin.handoff": {
              target: "handoff",
              actions: adminHandoff,
            },
          },
        },
        collecting: {
          description: "Waiting for debounceMs of silence after the last message before answering the burst.",
          after: { debounce: { target: "replying" } },
          on: {
            "inbox.message": {
              target: "collecting",
              reenter: true,
              actions: { type: "bufferMessage", params: { into: "pending" } },
            },
            "inbox.rearm": { target: "collecting", reenter: true },
            "admin.handoff": {
              target: "handoff",
              actions: adminHandoff,
            },
          },
        },
        replying: {
          description: "One turn answers the pending burst; messages arriving now wait for the next turn.",
          entry: "startTurn",
          invoke: {
            id: "turn",
            src: "runTurn",
            input: ({ context }) => ({
              chatId: context.chatId,
              conversationId: context.conversationId,
              turn: context.turn,
              messageIds: context.pending,
              stage: context.stage,
              customer: context.customer,
              productsDiscussed: context.productsDiscussed,
            }),
            onDone: [
              {
                guard: { type: "turnRequestsHandoff", params: turnOutput },
                target: "handoff",
                actions: [
                  ...completeTurn,
                  {
                    type: "setHandoff",
                    params: ({ event }) => ({ by: "agent", reason: event.output.handoff?.reason ?? "" }),
                  },
                ],
              },
              {
                guard: "hasMidTurnMessages",
                target: "collecting",
                actions: completeTurn,
              },
              {
                target: "idle",
                actions: completeTurn,
              },
            ],
            onError: {
              target: "handoff",
              actions: [
                {
                  type: "sendFallback",
                  params: ({ context, event }) => ({
                    turn: context.turn,
                    messageIds: [...context.pending, ...context.midTurn],
                    error: errorMessage(event.error),
                  }),
                },
                "holdUnanswered",
                { type: "recordError", params: ({ event }) => ({ error: event.error }) },
                {
                  type: "setHandoff",
                  params: ({ event }) => ({
                    by: "error",
                    reason: `turn failed: ${errorMessage(event.error)}`,
                  }),
                },
              ],
            },
          },
          on: {
            "inbox.message": { actions: { type: "bufferMessage", params: { into: "midTurn" } } },
            "admin.handoff": {
              target: "handoff",
              actions: ["holdUnanswered", adminHandoff],
            },
          },
        },
        handoff: {
          description: "A human owns the chat: the bot is silent; messages are recorded as unanswered.",
          entry: {
            type: "handoffStarted",
            params: ({ context }) => context.handoff ?? { by: "admin", reason: "" },
          },
          exit: ["clearHandoff", "handoffEnded"],
          on: {
            "inbox.message": { actions: { type: "bufferMessage", params: { into: "pending" } } },
            "admin.operator_replied": { actions: "clearPending" },
            "admin.resume": [{ guard: "hasPending", target: "collecting" }, { target: "idle" }],
          },
        },
      },
    },
    sales: salesRegion,
  },
});

export type ChatMachine = typeof chatMachine;
export type ChatSnapshot = SnapshotFrom<ChatMachine>;
