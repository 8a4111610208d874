/**
 * The live chat actors of this node: spawned on a chat's first command,
 * rehydrated from the snapshot kept on the conversation, passivated (snapshot
 * persisted, actor stopped) after ACTOR_IDLE_MS or when the cap on live
 * actors is reached (least recently used first), all stopped cleanly on
 * shutdown. It is the only writer of a live conversation: the bus hands it
 * every command for the chats this node owns.
 */
import type { Logger } from "../log.ts";
import type { Metrics } from "../metrics.ts";
import type { Store } from "../store/index.ts";
import type { ChatCommand } from "./bus/index.ts";
import { type ChatActor, type ChatActorDeps, createChatActorFactory } from "./chat-actor.ts";

export interface ChatRegistryOptions {
  store: Store;
  actorDeps: ChatActorDeps;
  logger: Logger;
  metrics: Metrics;
  idleMs: number;
  maxLive: number;
  sweepMs?: number;
  now?: () => number;
}

export interface ChatRegistry {
  /** Applies one command to the chat's actor (spawning or rehydrating it first). */
  handle(chatId: string, command: ChatCommand): Promise<void>;
  /** Re-delivers unanswered messages of open conversations (start-up, shard takeover). */
  recover(filter?: (chatId: string) => boolean): Promise<number>;
  get(chatId: string): ChatActor | undefined;
  size(): number;
  /** Passivates idle actors now (the timer does it every sweepMs). */
  sweep(): Promise<number>;
  /** Persists and stops every actor (shutdown, or a chat's shard moving away). */
  passivateAll(filter?: (chatId: string) => boolean): Promise<void>;
  /** Stops actors without persisting: their shard was lost and another node may own them already. */
  discard(filter: (chatId: string) => boolean): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

export function createChatRegistry({
  store,
  actorDeps,
  logger,
  metrics,
  idleMs,
  maxLive,
  sweepMs = Math.min(60_000, Math.max(1000, Math.floor(idleMs / 4))),
  now = Date.now,
}: ChatRegistryOptions): ChatRegistry {
  // Insertion order is recency order: every use moves a chat to the end.
  const live = new Map<string, ChatActor>();
  /** Commands for one chat run one after another; different chats run concurrently. */
  const chains = new Map<string, Promise<void>>();
  const passivated = metrics.counter("chat_actors_passivated_total", "Chat actors persisted and stopped");
  metrics.gauge("chat_actors_live", "Live chat actors on this node", () => live.size);
  let timer: Timer | undefined;
  const actors = createChatActorFactory(actorDeps);

  const passivate = async (chatId: string, actor: ChatActor) => {
    live.delete(chatId);
    await actor.persist();
    await actor.stop();
    passivated.inc();
  };

  const enforceCap = async () => {
    if (live.size <= maxLive) return;
    for (const [chatId, actor] of live) {
      if (live.size <= maxLive) break;
      if (!actor.busy()) await passivate(chatId, actor);
    }
  };

  const actorFor = async (chatId: string, conversationId: string): Promise<ChatActor | null> => {
    const existing = live.get(chatId);
    if (existing?.conversationId === conversationId) {
      live.delete(chatId);
      live.set(chatId, existing);
      return existing;
    }
    // The chat moved on to a new conversation (the old one was closed): retire the old actor.
    if (existing) await passivate(chatId, existing);
    const conversation = await store.conversations.get(conversationId);
    if (!conversation || conversation.status === "closed") return null;
    const actor = actors.spawn(conversation);
    live.set(chatId, actor);
    await enforceCap();
    return actor;
  };

  const apply = async (chatId: string, command: ChatCommand) => {
    if (command.type === "close") {
      const actor = live.get(chatId);
      if (actor?.conversationId === command.conversationId) {
        live.delete(chatId);
        await actor.stop();
      }
      await store.conversations.update(command.conversationId, { status: "closed", snapshot: null });
      return;
    }
    const actor = await actorFor(chatId, command.conversationId);
    if (!actor) return;
    const at = command.at;
    switch (command.type) {
      case "inbound":
        actor.send({ type: "inbox.message", messageId: command.messageId, at });
        break;
      case "recover":
        for (const m of await store.messages.unanswered(command.conversationId)) {
          actor.send({ type: "inbox.message", messageId: m.id, at });
        }
        break;
      case "handoff":
        actor.send({ type: "admin.handoff", at, reason: command.reason });
        break;
      case "resume":
        actor.send({ type: "admin.resume", at });
        break;
      case "set_stage":
        actor.send({ type: "admin.set_stage", stage: command.stage, at });
        break;
      case "operator_replied": {
        // A human answered: what was waiting counts as answered, and the bot steps back.
        if (command.takeOver) actor.send({ type: "admin.handoff", at, reason: "a sales manager replied" });
        const pending = await store.messages.unanswered(command.conversationId);
        if (pending.length > 0) {
          await store.turns.commit({
            conversationId: command.conversationId,
            turnId: `${command.conversationId}:operator:${Bun.randomUUIDv7()}`,
            answeredMessageIds: pending.map((m) => m.id),
            reply: null,
          });
        }
        actor.send({ type: "admin.operator_replied", at });
        break;
      }
    }
    await actor.settled();
  };

  const handle = (chatId: string, command: ChatCommand) => {
    const run = (chains.get(chatId) ?? Promise.resolve()).then(() => apply(chatId, command));
    const tail = run.catch(() => {});
    chains.set(chatId, tail);
    void tail.then(() => {
      if (chains.get(chatId) === tail) chains.delete(chatId);
    });
    return run;
  };

  const sweep = async () => {
    const cutoff = now() - idleMs;
    let n = 0;
    for (const [chatId, actor] of [...live]) {
      if (actor.lastActiveAt() <= cutoff && !actor.busy()) {
        await passivate(chatId, actor);
        n++;
      }
    }
    return n;
  };

  return {
    handle,
    async recover(filter = () => true) {
      const conversations = await store.conversations.withUnanswered();
      let n = 0;
      for (const c of conversations) {
        if (!filter(c.chatId)) continue;
        await handle(c.chatId, { type: "recover", conversationId: c.id, at: now() });
        n++;
      }
      if (n > 0) logger.info("recovered chats with unanswered messages", { chats: n });
      return n;
    },
    get: (chatId) => live.get(chatId),
    size: () => live.size,
    sweep,
    async passivateAll(filter = () => true) {
      await Promise.all(
        [...live].filter(([chatId]) => filter(chatId)).map(([chatId, actor]) => passivate(chatId, actor)),
      );
    },
    async discard(filter) {
      const dropped = [...live].filter(([chatId]) => filter(chatId));
      for (const [chatId] of dropped) live.delete(chatId);
      await Promise.all(dropped.map(([, actor]) => actor.stop()));
    },
    start() {
      timer = setInterval(() => void sweep().catch((err) => logger.error("sweep failed", { err })), sweepMs);
      timer.unref?.();
    },
    async stop() {
      clearInterval(timer);
      await Promise.all([...chains.values()]);
      await Promise.all([...live].map(([chatId, actor]) => passivate(chatId, actor)));
    },
  };
}
