import { type Actor, createActor, fromPromise, SimulatedClock } from "xstate";
import {
  type ChatInput,
  type ChatMachine,
  type ChatSnapshot,
  chatMachine,
  type HandoffInfo,
  type SendFallbackParams,
  type SendReplyParams,
  type StageChange,
  type TurnInput,
  type TurnOutput,
} from "../../src/sales/index.ts";

export interface TurnCall {
  input: TurnInput;
  signal: AbortSignal;
  resolve(output: TurnOutput): void;
  reject(error: unknown): void;
}

export type Effect =
  | ({ type: "sendReply" } & SendReplyParams)
  | ({ type: "sendFallback" } & SendFallbackParams)
  | ({ type: "handoffStarted" } & HandoffInfo)
  | { type: "handoffEnded" }
  | ({ type: "stageChanged" } & StageChange);

export const baseInput: ChatInput = { chatId: "chat-1", conversationId: "conv-1", debounceMs: 3000 };

/** The chart with every slot provided by test doubles: turns we settle by hand, effects we record. */
export function providedMachine() {
  const turns: TurnCall[] = [];
  const effects: Effect[] = [];
  const machine = chatMachine.provide({
    actors: {
      runTurn: fromPromise<TurnOutput, TurnInput>(
        ({ input, signal }) =>
          new Promise<TurnOutput>((resolve, reject) => {
            turns.push({ input, signal, resolve, reject });
          }),
      ),
    },
    actions: {
      sendReply: (_, params) => effects.push({ type: "sendReply", ...params }),
      sendFallback: (_, params) => effects.push({ type: "sendFallback", ...params }),
      handoffStarted: (_, params) => effects.push({ type: "handoffStarted", ...params }),
      handoffEnded: () => effects.push({ type: "handoffEnded" }),
      stageChanged: (_, params) => effects.push({ type: "stageChanged", ...params }),
    },
  });
  return { machine, turns, effects };
}

export interface ChatWorld {
  actor: Actor<ChatMachine>;
  clock: SimulatedClock;
  turns: TurnCall[];
  effects: Effect[];
  /** A customer message received now (by the simulated clock). */
  message(messageId: string): void;
  /** Lets settled turn promises reach the chart. */
  settle(): Promise<void>;
  inbox(): string;
  effectsOf<T extends Effect["type"]>(type: T): Extract<Effect, { type: T }>[];
  /** Resolves turn number `turn` (1-based) now, then lets the chart see it. */
  completeTurn(turn: number, output?: Partial<TurnOutput>): Promise<void>;
  failTurn(turn: number, error: unknown): Promise<void>;
}

export function startChat({
  input = {},
  snapshot,
  now = 0,
}: {
  input?: Partial<ChatInput>;
  snapshot?: unknown;
  now?: number;
} = {}): ChatWorld {
  const { machine, turns, effects } = providedMachine();
  const clock = new SimulatedClock();
  clock.set(now);
  const actor = createActor(machine, {
    clock,
    input: { ...baseInput, ...input },
    ...(snapshot === undefined ? {} : { snapshot: snapshot as ChatSnapshot }),
  }).start();
  const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  const call = (turn: number) => {
    const found = turns[turn - 1];
    if (!found) throw new Error(`turn ${turn} was never started`);
    return found;
  };
  return {
    actor,
    clock,
    turns,
    effects,
    message: (messageId) => actor.send({ type: "inbox.message", messageId, at: clock.now() }),
    settle,
    inbox: () => (actor.getSnapshot().value as { inbox: string }).inbox,
    effectsOf: (type) => effects.filter((e) => e.type === type) as never,
    completeTurn: async (turn, output = {}) => {
      call(turn).resolve({
        at: clock.now(),
        reply: `reply ${turn}`,
        salesEvents: [],
        handoff: null,
        ...output,
      });
      await settle();
    },
    failTurn: async (turn, error) => {
      call(turn).reject(error);
      await settle();
    },
  };
}
