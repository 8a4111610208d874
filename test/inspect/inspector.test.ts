/** INSPECT_PORT: the Stately inspector bridge receives the live chat actors of a running Noor. */
import { afterEach, expect, test } from "bun:test";
import type { StatelyActorEvent, StatelyInspectionEvent } from "@statelyai/inspect";
import { nameChatActor } from "../../src/inspect/index.ts";
import { inboundText } from "../support/fake-wazzup.ts";
import { eventually, type Harness, startNoor } from "../support/noor-harness.ts";
import { freePort } from "../support/spawn-noor.ts";

let noor: Harness | undefined;
let socket: WebSocket | undefined;
afterEach(async () => {
  socket?.close();
  await noor?.stop();
  noor = undefined;
});

test("a browser-side client of the bridge sees each chat actor by its chat id, with its events", async () => {
  const port = freePort();
  noor = await startNoor({ INSPECT_PORT: String(port) });

  const page = await fetch(`http://127.0.0.1:${port}/`);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain("https://stately.ai/inspect");
  expect(html).toContain(`ws://localhost:${port}`);

  const received: StatelyInspectionEvent[] = [];
  socket = new WebSocket(`ws://127.0.0.1:${port}`);
  socket.onmessage = (e) => received.push(JSON.parse(String(e.data)));
  await new Promise((resolve, reject) => {
    socket!.onopen = resolve;
    socket!.onerror = reject;
  });

  await noor.postWebhook(inboundText({ chatId: "971501230000", text: "Hello" }));
  const actor = await eventually(() =>
    received.find(
      (e): e is StatelyActorEvent => e.type === "@xstate.actor" && e.name === "chat 971501230000",
    ),
  );
  expect(actor.definition).toContain('"id":"chat"');
  await eventually(() =>
    received.some(
      (e) =>
        e.type === "@xstate.event" && e.sessionId === actor.sessionId && e.event.type === "inbox.message",
    ),
  );
  await eventually(() =>
    received.some(
      (e) =>
        e.type === "@xstate.snapshot" &&
        e.sessionId === actor.sessionId &&
        (e.snapshot as { value?: { inbox?: string } }).value?.inbox === "handoff",
    ),
  );
});

test("stopping Noor stops the bridge", async () => {
  const port = freePort();
  noor = await startNoor({ INSPECT_PORT: String(port) });
  expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
  await noor.stop();
  noor = undefined;
  await eventually(() =>
    fetch(`http://127.0.0.1:${port}/`).then(
      () => false,
      () => true,
    ),
  );
});

test("only a chat actor's event is renamed, after the chat id in its context", () => {
  const base = { rootId: "x:0", sessionId: "x:0", createdAt: "0", id: "1", _version: "0.7.2" };
  const actor = {
    ...base,
    type: "@xstate.actor",
    name: "chat",
    definition: undefined,
    parentId: undefined,
    snapshot: { context: { chatId: "971500000001" } },
  } as StatelyInspectionEvent;
  expect(nameChatActor(actor)).toMatchObject({ name: "chat 971500000001", sessionId: "x:0" });
  const child = { ...actor, name: "turn", snapshot: { status: "active" } } as StatelyInspectionEvent;
  expect(nameChatActor(child)).toBe(child);
  const event = {
    ...base,
    type: "@xstate.event",
    event: { type: "inbox.message" },
    sourceId: undefined,
  } as StatelyInspectionEvent;
  expect(nameChatActor(event)).toBe(event);
});
