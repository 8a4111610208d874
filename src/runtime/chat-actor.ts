/**
 * One chat's live actor: the chat statechart with its effect slots filled.
 * The turn runs as the chart's invoked promise and commits its reply, the
 * answered messages and the conversation changes in one transaction before it
 * resolves, so a turn the chart considers done is durable. Status and stage
 * changes the chart makes on its own (handoff, resume, admin override) are
 * written through a per-chat queue, in order.
 *
 * The chart is provided with its effects once per runtime, not once per
 * chat: `machine.provide` copies the whole machine (~30 KB), while an actor
 * of a shared machine costs a few KB. The effects find their chat's hooks by
 * conversation id.
 */
import { type Actor, createActor, fromPromise, type InspectionEvent, type Snapshot } from "xstate";
import type { Logger } from "../log.ts";
import {
  type ChatEvent,
  type ChatSnapshot,
  chatMachine,
  type SendFallbackParams,
  type TurnInput,
  type TurnOutput,
} from "../sales/index.ts";
import type { Conversation, ConversationPatch, Store } from "../store/index.ts";
import { holdingReplies } from "./holding-replies.ts";
import { burstLanguage } from "./holding-turn-runner.ts";
import type { TurnRunner } from "./turn-runner.ts";

export interface ChatActorDeps {
  store: Store;
  turnRunner: TurnRunner;
  logger: Logger;
  debounceMs: number;
  /** Splits a reply into the parts the outbox sends (Wazzup's length limit). */
  splitText: (text: string) => string[];
  /** A reply was queued: wake the outbox. */
  onReplyQueued: () => void;
  now?: () => number;
  inspect?: (event: InspectionEvent) => void;
}

export interface ChatActor {
  readonly chatId: string;
  readonly conversationId: string;
  send(event: ChatEvent): void;
  snapshot(): ChatSnapshot;
  /** Collecting a burst or running a turn: not to be passivated. */
  busy(): boolean;
  lastActiveAt(): number;
  /** Writes the persisted snapshot onto the conversation (passivation, shutdown). */
  persist(): Promise<void>;
  /** Waits for queued writes, then stops the actor (without persisting). */
  stop(): Promise<void>;
  /** Resolves when every write queued so far has finished. */
  settled(): Promise<void>;
}

/** What the shared machine's effects need from one live chat. */
interface ChatHooks {
  executeTurn(input: TurnInput, signal: AbortSignal): Promise<TurnOutput>;
  fallback(params: SendFallbackParams): void;
  patch(what: string, patch: ConversationPatch): void;
}

export interface ChatActorFactory {
  spawn(conversation: Conversation): ChatActor;
}

export function createChatActorFactory(deps: ChatActorDeps): ChatActorFactory {
  const hooks = new Map<string, ChatHooks>();
  const hooksOf = (conversationId: string) => {
    const h = hooks.get(conversationId);
    if (!h) throw new Error(`no live chat for conversation ${conversationId}`);
    return h;
  };
  const machine = chatMachine.provide({
    actors: {
      runTurn: fromPromise<TurnOutput, TurnInput>(({ input, signal }) =>
        hooksOf(input.conversationId).executeTurn(input, signal),
      ),
    },
    actions: {
      // The turn's reply was committed (with the stage it reached) before the turn resolved.
      sendReply: () => {},
      sendFallback: ({ context }, params) => hooksOf(context.conversationId).fallback(params),
      handoffStarted: ({ context }, info) =>
        hooksOf(context.conversationId).patch("handoff", { status: "handoff", handoffReason: info.reason }),
      handoffEnded: ({ context }) =>
        hooksOf(context.conversationId).patch("resume", { status: "active", handoffReason: null }),
      stageChanged: ({ context }, change) =>
        hooksOf(context.conversationId).patch("stage", { salesStage: change.stage }),
    },
  });
  return {
    spawn: (conversation) =>
      spawnChatActor({
        conversation,
        deps,
        machine,
        register: (h) => hooks.set(conversation.id, h),
        unregister: () => hooks.delete(conversation.id),
      }),
  };
}

type ProvidedChatMachine = ReturnType<typeof chatMachine.provide>;

type PersistedChat = { value?: { sales?: string }; context?: Record<string, unknown> };

/**
 * The chart's persisted snapshot (plain JSON on the row), brought in line with the row. The snapshot is
 * written at passivation and shutdown only; every turn commits its stage and the customer's details to
 * the row in the same transaction as the reply, so after a crash the row is newer and wins.
 */
export function reconcileSnapshot(conversation: Conversation): Snapshot<unknown> | undefined {
  const saved = conversation.snapshot as PersistedChat | null;
  if (!saved?.value || !saved.context) return undefined;
  return {
    ...saved,
    value: { ...saved.value, sales: conversation.salesStage },
    context: {
      ...saved.context,
      stage: conversation.salesStage,
      customer: {
        name: conversation.customerName !== null,
        company: conversation.companyName !== null,
        email: conversation.email !== null,
      },
    },
  } as unknown as Snapshot<unknown>;
}

function spawnChatActor({
  conversation,
  deps,
  machine,
  register,
  unregister,
}: {
  conversation: Conversation;
  deps: ChatActorDeps;
  machine: ProvidedChatMachine;
  register: (hooks: ChatHooks) => void;
  unregister: () => void;
}): ChatActor {
  const { store, turnRunner, logger, debounceMs, splitText, onReplyQueued, now = Date.now, inspect } = deps;
  const log = logger.child({ chatId: conversation.chatId, conversationId: conversation.id });
  let lastActive = now();
  let writes: Promise<unknown> = Promise.resolve();
  const enqueue = (what: string, write: () => Promise<unknown>) => {
    writes = writes.then(write).catch((error) => log.error(`chat write failed: ${what}`, { err: error }));
  };
  const patch = (what: string, p: ConversationPatch) =>
    enqueue(what, async () => {
      // Often already so: a turn that hands over commits the handoff with its reply.
      const current = await store.conversations.get(conversation.id);
      const unchanged =
        current && Object.entries(p).every(([k, v]) => current[k as keyof ConversationPatch] === v);
      if (!unchanged) await store.conversations.update(conversation.id, p, now());
    });

  const executeTurn = async (input: TurnInput, signal: AbortSignal): Promise<TurnOutput> => {
    const current = await store.conversations.get(input.conversationId);
    const unanswered = current ? await store.messages.unanswered(input.conversationId) : [];
    const burst = unanswered.filter((m) => input.messageIds.includes(m.id));
    if (!current || burst.length === 0) return { at: now(), reply: null, salesEvents: [], handoff: null };

    const result = await turnRunner.run({
      conversation: current,
      burst,
      snapshot: actor.getSnapshot(),
      signal,
      now: now(),
    });
    signal.throwIfAborted();
    const committed = await store.turns.commit({
      conversationId: current.id,
      turnId: `${current.id}:${input.turn}:${Bun.randomUUIDv7()}`,
      answeredMessageIds: burst.map((m) => m.id),
      reply: result.reply && {
        ...result.reply,
        parts: splitText(result.reply.text).map((text) => ({ text })),
      },
      conversationPatch: {
        ...result.conversationPatch,
        salesStage: result.stage,
        language: result.language,
        ...(result.handoff ? { status: "handoff" as const, handoffReason: result.handoff.reason } : {}),
      },
      now: now(),
    });
    if (!committed.ok) {
      // Answered already (a replayed turn, or another node in a rare overlap): nothing more to do.
      log.info("turn skipped", { reason: committed.reason, turn: input.turn });
      return { at: now(), reply: null, salesEvents: [], handoff: null };
    }
    if (result.reply) onReplyQueued();
    return {
      at: now(),
      reply: result.reply?.text ?? null,
      salesEvents: result.salesEvents,
      handoff: result.handoff,
      usage: result.reply?.model
        ? {
            model: result.reply.model,
            tokensIn: result.reply.tokensIn ?? 0,
            tokensOut: result.reply.tokensOut ?? 0,
            cost: result.reply.cost ?? null,
          }
        : undefined,
    };
  };

  /** The turn failed: a polite holding reply for the burst, and the chat goes to a human. */
  const commitFallback = async ({ messageIds, error }: SendFallbackParams) => {
    const current = await store.conversations.get(conversation.id);
    if (!current) return;
    const unanswered = (await store.messages.unanswered(conversation.id)).filter((m) =>
      messageIds.includes(m.id),
    );
    const language = burstLanguage(unanswered, current.language);
    const text = holdingReplies.failure[language];
    const committed = await store.turns.commit({
      conversationId: conversation.id,
      turnId: `${conversation.id}:fallback:${Bun.randomUUIDv7()}`,
      answeredMessageIds: [],
      reply: { text, parts: splitText(text).map((t) => ({ text: t })) },
      conversationPatch: { status: "handoff", handoffReason: `turn failed: ${error}`, language },
      now: now(),
    });
    if (committed.ok) onReplyQueued();
  };

  register({
    executeTurn,
    fallback(params) {
      log.warn("turn failed; handing over", { error: params.error, turn: params.turn });
      enqueue("fallback reply", () => commitFallback(params));
    },
    patch,
  });

  const input = {
    chatId: conversation.chatId,
    conversationId: conversation.id,
    debounceMs,
    stage: conversation.salesStage,
    customer: {
      name: conversation.customerName !== null,
      company: conversation.companyName !== null,
      email: conversation.email !== null,
    },
  };

  const restored = reconcileSnapshot(conversation);
  let actor: Actor<typeof machine>;
  try {
    actor = createActor(machine, { input, inspect, snapshot: restored as never });
    actor.start();
  } catch (error) {
    // A snapshot from an older chart can fail to restore: start fresh from the row.
    log.warn("snapshot not restorable; starting fresh", { err: error });
    actor = createActor(machine, { input, inspect });
    actor.start();
  }
  if (restored) actor.send({ type: "inbox.rearm", at: now() });
  // The row's status is the authority (a turn's commit or an admin command may be newer than the snapshot).
  const inHandoff = () => (actor.getSnapshot().value as { inbox?: string }).inbox === "handoff";
  if (conversation.status === "handoff" && !inHandoff()) {
    actor.send({ type: "admin.handoff", at: now(), reason: conversation.handoffReason ?? "" });
  } else if (conversation.status === "active" && inHandoff()) {
    actor.send({ type: "admin.resume", at: now() });
  }

  return {
    chatId: conversation.chatId,
    conversationId: conversation.id,
    send(event) {
      lastActive = now();
      actor.send(event);
    },
    snapshot: () => actor.getSnapshot(),
    busy() {
      const inbox = (actor.getSnapshot().value as { inbox?: string }).inbox;
      return inbox === "collecting" || inbox === "replying";
    },
    lastActiveAt: () => lastActive,
    async persist() {
      const snapshot = actor.getPersistedSnapshot();
      enqueue("snapshot", () => store.conversations.update(conversation.id, { snapshot }, now()));
      await writes;
    },
    async stop() {
      actor.stop();
      await writes;
      unregister();
    },
    settled: () => writes.then(() => {}),
  };
}
