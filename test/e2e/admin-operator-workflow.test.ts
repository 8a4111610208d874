/**
 * The operator's whole workflow through the admin API on a running Noor with the LLM agent on (a scripted
 * fake OpenRouter) and a fake Wazzup: watch a live chat, steer its stage, take it over, reply as a human,
 * and hand it back to the bot, which then answers what the customer wrote meanwhile.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { stageRules } from "../../src/sales/index.ts";
import { systemText } from "../agent/support/agent-world.ts";
import { createFakeOpenRouter, type FakeOpenRouter, textReply } from "../support/fake-openrouter.ts";
import { createFakeWazzup, type FakeWazzup, inboundText } from "../support/fake-wazzup.ts";
import { eventually, type Harness, startNoor } from "../support/noor-harness.ts";

const chatId = "971509876543";
let llm: FakeOpenRouter;
let wazzup: FakeWazzup;
let noor: Harness;

beforeEach(async () => {
  llm = createFakeOpenRouter({
    script: (_request, i) =>
      textReply(`Bot answer ${i + 1}`, { promptTokens: 500, completionTokens: 20, cost: 0.0005 }),
  });
  wazzup = createFakeWazzup();
  noor = await startNoor({
    OPENROUTER_BASE_URL: llm.url,
    OPENROUTER_API_KEY: llm.apiKey,
    WAZZUP_API_URL: wazzup.url,
    WAZZUP_API_KEY: wazzup.apiKey,
  });
});
afterEach(async () => {
  await noor.stop();
  await wazzup.stop();
  await llm.stop();
});

const customer = async (text: string) =>
  expect((await noor.postWebhook(inboundText({ chatId, text }))).status).toBe(200);
const api = async (method: string, path: string, body?: unknown) => {
  const res = await noor.admin(path, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
};
const promptOf = (i: number) => systemText(llm.requests[i]?.body);

test("watch, steer, take over, reply, hand back", async () => {
  // The bot answers the customer.
  await customer("Hi, I need 12 ergonomic chairs for our office");
  expect((await wazzup.waitForSent(1))[0]?.text).toBe("Bot answer 1");

  // Watch: the live chat is listed and its history shows the model's answer and cost.
  const { body: list } = await api("GET", `/api/v1/conversations?status=active&phone=${chatId.slice(-6)}`);
  expect(list.total).toBe(1);
  const id = list.items[0].id;
  const watched = await eventually(async () => {
    const { body } = await api("GET", `/api/v1/conversations/${id}`);
    return body.messages.length === 2 ? body : null;
  });
  expect(watched.messages[1]).toMatchObject({
    role: "assistant",
    text: "Bot answer 1",
    tokensIn: 500,
    tokensOut: 20,
  });
  expect(watched.cost).toBeCloseTo(0.0005, 10);

  // Steer: move the chat to needs analysis; the next turn works by that stage's rules.
  const steered = await api("PATCH", `/api/v1/conversations/${id}`, { salesStage: "needs_analysis" });
  expect(steered.body.salesStage).toBe("needs_analysis");
  await customer("Mostly mesh chairs");
  await wazzup.waitForSent(2);
  const rules = stageRules("needs_analysis").en;
  expect(promptOf(1)).toContain(rules);
  expect(promptOf(0)).not.toContain(rules);

  // Take over: the bot goes silent.
  expect(
    (await api("POST", `/api/v1/conversations/${id}/handoff`, { reason: "large order" })).body.status,
  ).toBe("handoff");
  await customer("Can I get a discount for 12?");
  await Bun.sleep(400);
  expect(llm.requests).toHaveLength(2);
  expect(wazzup.sent).toHaveLength(2);

  // Reply as a human: the message reaches the customer and what was waiting counts as answered.
  const reply = await api("POST", `/api/v1/conversations/${id}/messages`, {
    text: "Yes, 10% off for 12 chairs. Omar",
  });
  expect(reply.status).toBe(201);
  expect((await wazzup.waitForSent(3))[2]).toMatchObject({
    chatId,
    text: "Yes, 10% off for 12 chairs. Omar",
  });
  expect(await noor.noor.store.messages.unanswered(id)).toHaveLength(0);
  await customer("Great, thanks!");
  await Bun.sleep(400);
  expect(llm.requests).toHaveLength(2);

  // Hand back: the bot answers what came in while the human had the chat.
  expect((await api("POST", `/api/v1/conversations/${id}/resume`)).body.status).toBe("active");
  expect((await wazzup.waitForSent(4))[3]?.text).toBe("Bot answer 3");
  const { body: final } = await api("GET", `/api/v1/conversations/${id}`);
  expect(final.messages.map((m: { role: string }) => m.role)).toEqual([
    "user",
    "assistant",
    "user",
    "assistant",
    "user",
    "operator",
    "user",
    "assistant",
  ]);
  const { body: stats } = await api("GET", "/api/v1/stats");
  expect(stats.costPerDay[0].usd).toBeCloseTo(0.0015, 10);
  expect(stats.responseTimeMs.count).toBe(3);
}, 20_000);
