/**
 * Crash safety, shown by killing a real `bun src/main.ts` with SIGKILL and
 * starting it again on the same SQLite file: every burst is answered exactly
 * once — no loss, no duplicate.
 */
import { afterAll, afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { holdingReplies } from "../../src/runtime/index.ts";
import { createFakeOpenRouter, delayed, textReply } from "../support/fake-openrouter.ts";
import { createFakeWazzup, type FakeWazzup, inboundText } from "../support/fake-wazzup.ts";
import { eventually } from "../support/noor-harness.ts";
import { killStrayNoors, type RunningNoor, spawnNoor, tempDir } from "../support/spawn-noor.ts";

let wazzup: FakeWazzup;
afterEach(async () => {
  await wazzup?.stop();
});
afterAll(killStrayNoors);

function env(databaseUrl: string, extra: Record<string, string> = {}) {
  return {
    DATABASE_URL: databaseUrl,
    WAZZUP_API_URL: wazzup.url,
    WAZZUP_API_KEY: wazzup.apiKey,
    WEBHOOK_TOKEN: "crash-test-token",
    OUTBOX_LEASE_MS: "1500",
    ...extra,
  };
}

async function post(noor: RunningNoor, body: unknown) {
  const res = await fetch(`${noor.url}/webhooks/wazzup/crash-test-token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

const sentTo = (chatId: string) => wazzup.sent.filter((s) => s.chatId === chatId);

describe("SIGKILL and restart on the same store", () => {
  test("killed mid-debounce: after restart each burst is answered once", async () => {
    wazzup = createFakeWazzup();
    const databaseUrl = `sqlite:${join(tempDir(), "noor.sqlite")}`;
    const first = await spawnNoor({ env: env(databaseUrl, { DEBOUNCE_MS: "1500" }) });
    const chats = ["971500000101", "971500000102", "971500000103"];
    for (const chatId of chats) {
      await post(first, inboundText({ chatId, text: "Hello" }));
      await post(first, inboundText({ chatId, text: "I need 10 desks" }));
    }
    first.kill("SIGKILL");
    await first.exited();
    expect(wazzup.sent).toHaveLength(0);

    const second = await spawnNoor({ env: env(databaseUrl, { DEBOUNCE_MS: "200" }) });
    await wazzup.waitForSent(3, 10_000);
    await Bun.sleep(800);
    for (const chatId of chats) {
      expect(sentTo(chatId).map((s) => s.text)).toEqual([holdingReplies.handoff.en]);
    }
    await second.stop();
  }, 30_000);

  test("killed mid-turn (the LLM is still thinking): after restart the burst is answered once", async () => {
    wazzup = createFakeWazzup();
    // The first model call hangs long enough to kill the node inside the turn; later calls answer at once.
    const llm = createFakeOpenRouter({
      script: (_request, call) =>
        call === 0
          ? delayed(textReply("too late"), 10_000)
          : textReply("Welcome to Treejar! How can I help?"),
    });
    const databaseUrl = `sqlite:${join(tempDir(), "noor.sqlite")}`;
    const llmEnv = { DEBOUNCE_MS: "50", OPENROUTER_BASE_URL: llm.url, OPENROUTER_API_KEY: llm.apiKey };
    const first = await spawnNoor({ env: env(databaseUrl, llmEnv) });
    await post(first, inboundText({ chatId: "971500000401", text: "Hello" }));
    await eventually(() => llm.requests.length === 1, { timeoutMs: 5000 });
    first.kill("SIGKILL");
    await first.exited();
    expect(wazzup.sent).toHaveLength(0);

    const second = await spawnNoor({ env: env(databaseUrl, llmEnv) });
    await eventually(() => sentTo("971500000401").length >= 1, { timeoutMs: 10_000 });
    await Bun.sleep(800);
    expect(sentTo("971500000401").map((s) => s.text)).toEqual(["Welcome to Treejar! How can I help?"]);
    await second.stop();
    await llm.stop();
  }, 30_000);

  test("killed between commit and send: the queued reply goes out once after restart", async () => {
    // The first send hangs, so the reply is committed but its send never completes before the kill.
    wazzup = createFakeWazzup({ script: { 1: { delayMs: 5000 } } });
    const databaseUrl = `sqlite:${join(tempDir(), "noor.sqlite")}`;
    const first = await spawnNoor({ env: env(databaseUrl, { DEBOUNCE_MS: "50" }) });
    await post(first, inboundText({ chatId: "971500000201", text: "Hi" }));
    await eventually(() => wazzup.requests.length === 1, { timeoutMs: 5000 });
    first.kill("SIGKILL");
    await first.exited();

    const second = await spawnNoor({ env: env(databaseUrl, { DEBOUNCE_MS: "50" }) });
    await eventually(() => sentTo("971500000201").length >= 1, { timeoutMs: 10_000 });
    await Bun.sleep(2500);
    expect(sentTo("971500000201")).toHaveLength(1);
    await second.stop();
  }, 30_000);

  test("a killed node's duplicate webhook deliveries after restart never make a second reply", async () => {
    wazzup = createFakeWazzup();
    const databaseUrl = `sqlite:${join(tempDir(), "noor.sqlite")}`;
    const body = inboundText({ chatId: "971500000301", text: "Hello" });
    const first = await spawnNoor({ env: env(databaseUrl, { DEBOUNCE_MS: "50" }) });
    await post(first, body);
    await wazzup.waitForSent(1, 5000);
    first.kill("SIGKILL");
    await first.exited();
    const second = await spawnNoor({ env: env(databaseUrl, { DEBOUNCE_MS: "50" }) });
    await post(second, body);
    await Bun.sleep(600);
    expect(sentTo("971500000301")).toHaveLength(1);
    await second.stop();
  }, 30_000);
});
