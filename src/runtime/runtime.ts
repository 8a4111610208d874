/**
 * The chat runtime of one node: ingress → bus → registry of chat actors →
 * turns → outbox. Built by the composition root from its ports; started and
 * stopped as one.
 */
import type { Logger } from "../log.ts";
import type { Metrics } from "../metrics.ts";
import type { Store } from "../store/index.ts";
import type { ChatBus, ChatCommand } from "./bus/index.ts";
import type { ChatActorDeps } from "./chat-actor.ts";
import { createIngress, type Ingress } from "./ingress.ts";
import type { MessageSender } from "./message-sender.ts";
import { createOutboxWorker, type OutboxWorker } from "./outbox-worker.ts";
import { type ChatRegistry, createChatRegistry } from "./registry.ts";
import type { TurnRunner } from "./turn-runner.ts";

export interface RuntimeOptions {
  store: Store;
  bus: ChatBus;
  turnRunner: TurnRunner;
  sender: MessageSender;
  logger: Logger;
  metrics: Metrics;
  debounceMs: number;
  actorIdleMs: number;
  maxLiveActors: number;
  splitText: (text: string) => string[];
  inspect?: ChatActorDeps["inspect"];
  outboxPollMs?: number;
  outboxLeaseMs?: number;
  now?: () => number;
}

export interface Runtime {
  ingress: Ingress;
  registry: ChatRegistry;
  outbox: OutboxWorker;
  bus: ChatBus;
  /** Sends an admin command to the chat's actor, wherever it lives. */
  command(chatId: string, command: ChatCommand): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createRuntime({
  store,
  bus,
  turnRunner,
  sender,
  logger,
  metrics,
  debounceMs,
  actorIdleMs,
  maxLiveActors,
  splitText,
  inspect,
  outboxPollMs,
  outboxLeaseMs,
  now = Date.now,
}: RuntimeOptions): Runtime {
  const outbox = createOutboxWorker({
    store,
    sender,
    logger,
    metrics,
    pollMs: outboxPollMs,
    leaseMs: outboxLeaseMs,
    now,
  });
  const registry = createChatRegistry({
    store,
    logger,
    metrics,
    idleMs: actorIdleMs,
    maxLive: maxLiveActors,
    now,
    actorDeps: {
      store,
      turnRunner,
      logger,
      debounceMs,
      splitText,
      onReplyQueued: () => outbox.wake(),
      now,
      inspect,
    },
  });
  const ingress = createIngress({ store, bus, logger, metrics, now });
  return {
    ingress,
    registry,
    outbox,
    bus,
    command: (chatId, command) => bus.publish(chatId, command),
    async start() {
      outbox.start();
      registry.start();
      await bus.start(registry.handle, {
        recover: registry.recover,
        passivate: registry.passivateAll,
        discard: registry.discard,
      });
    },
    async stop() {
      await bus.stop();
      await registry.stop();
      await outbox.stop();
    },
  };
}
