/**
 * Live inspection of the chat actors in Stately's inspector (INSPECT_PORT). The bridge server from
 * `@statelyai/inspect/server` serves a page at http://localhost:PORT that embeds https://stately.ai/inspect
 * (so the browser needs internet) and relays events over a WebSocket on the same port; the actors report to
 * it through a WebSocket inspector. Each chat actor is listed as `chat <chatId>` so one chat can be picked
 * out. Opt-in and for trusted machines: the port has no auth, and the chart's context (chat id, message
 * ids, stage) reaches the browser page.
 */
import { createWebSocketInspector, type StatelyInspectionEvent } from "@statelyai/inspect";
import { createInspectorServer } from "@statelyai/inspect/server";
import type { InspectionEvent } from "xstate";
import type { Logger } from "../log.ts";

export interface Inspector {
  /** The bridge page to open in a browser. */
  readonly url: string;
  /** Give this to the chat actors (`createRuntime({ inspect })`). */
  inspect(event: InspectionEvent): void;
  stop(): void;
}

/** Names a chat actor after its chat, so the inspector's actor list tells chats apart. */
export function nameChatActor(event: StatelyInspectionEvent): StatelyInspectionEvent {
  if (event.type !== "@xstate.actor") return event;
  const chatId: unknown = event.snapshot?.context?.chatId;
  return typeof chatId === "string" ? { ...event, name: `chat ${chatId}` } : event;
}

export function startInspector({ port, logger }: { port: number; logger: Logger }): Inspector {
  const server = createInspectorServer({ port, autoOpen: false });
  const inspector = createWebSocketInspector({ url: `ws://127.0.0.1:${port}`, serialize: nameChatActor });
  const url = `http://localhost:${port}`;
  logger.info("stately inspector is serving the chat actors", { url });
  return {
    url,
    inspect: (event) => inspector.inspect.next?.(event),
    stop() {
      inspector.stop();
      server.stop();
    },
  };
}
