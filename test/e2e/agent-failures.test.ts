/**
 * When the LLM fails or the budget is spent, through the whole system: the
 * customer gets a polite reply in their language, the chat goes to a human,
 * and nothing is lost (the burst stays unanswered until a turn answers it).
 */
import { afterEach, describe, expect, test } from "bun:test";
import { holdingReplies } from "../../src/runtime/index.ts";
import { type AgentWorld, startAgentWorld } from "../agent/support/agent-world.ts";
import { delayed, errorReply, textReply } from "../support/fake-openrouter.ts";
import { eventually } from "../support/noor-harness.ts";

let world: AgentWorld;
afterEach(async () => {
  await world.stop();
});

const unanswered = async () => world.noor.noor.store.messages.unanswered((await world.conversation()).id);

describe("LLM failures", () => {
  test("a 500 after the retries: polite fallback, handoff, the burst kept; resumed, it is answered", async () => {
    const failure = errorReply(500, { retryAfterSeconds: 0 });
    world = await startAgentWorld({ chatId: "971503330001" });
    world.script(
      failure,
      failure,
      failure,
      textReply("Hello again! Yes, we have desks. How many do you need?"),
    );

    const turn = await world.say("Hi, I need 10 office desks");
    expect(world.llm.requests).toHaveLength(3); // the first call and two retries
    expect(turn.replies[0]!.text).toBe(holdingReplies.failure.en);
    expect(turn.assistant.cost).toBeNull();
    const handedOver = await eventually(async () => {
      const c = await world.conversation();
      return c.status === "handoff" ? c : null;
    });
    expect(handedOver.handoffReason).toContain("turn failed");
    expect((await unanswered()).map((m) => m.text)).toEqual(["Hi, I need 10 office desks"]);

    // A manager resumes the bot: the held burst is answered by the next turn.
    await world.noor.noor.runtime.command(world.chatId, {
      type: "resume",
      conversationId: handedOver.id,
      at: Date.now(),
    });
    const [, answer] = await world.wazzup.waitForSent(2, 10_000);
    expect(answer!.text).toBe("Hello again! Yes, we have desks. How many do you need?");
    expect(JSON.stringify(world.llm.requests[3]!.body.messages)).toContain("Hi, I need 10 office desks");
    await eventually(async () => (await unanswered()).length === 0);
    expect((await world.conversation()).status).toBe("active");
  }, 15_000);

  test("a timeout: the Arabic fallback, handoff, the burst kept", async () => {
    world = await startAgentWorld({
      chatId: "971503330002",
      env: { LLM_TURN_TIMEOUT_MS: "1000" },
      fallback: delayed(textReply("too late"), 5_000),
    });
    const turn = await world.say("مرحبا، أحتاج كراسي مكتب");
    expect(turn.replies[0]!.text).toBe(holdingReplies.failure.ar);
    const c = await eventually(async () => {
      const c = await world.conversation();
      return c.status === "handoff" ? c : null;
    });
    expect(c).toMatchObject({ language: "ar" });
    expect(c.handoffReason).toContain("longer than 1000 ms");
    expect(await unanswered()).toHaveLength(1);
  }, 15_000);
});

describe("budget limits", () => {
  test("over the per-minute turn limit: no LLM call, the limit reply, handoff with the reason", async () => {
    world = await startAgentWorld({ chatId: "971503330003", env: { LLM_MAX_TURNS_PER_MINUTE: "1" } });
    world.script(textReply("Hello! What are you looking for?", { cost: 0.0004 }));
    await world.say("Hello");
    const second = await world.say("I need chairs");
    expect(world.llm.requests).toHaveLength(1);
    expect(second.replies[0]!.text).toBe(holdingReplies.limit.en);
    expect(second.conversation).toMatchObject({ status: "handoff" });
    expect(second.conversation.handoffReason).toContain("turn rate limit");
    expect(await unanswered()).toHaveLength(0);
  }, 15_000);

  test("the daily cost ceiling reached: no LLM call, the limit reply, handoff with the reason", async () => {
    world = await startAgentWorld({ chatId: "971503330004", env: { LLM_DAILY_COST_LIMIT: "0.001" } });
    world.script(textReply("Hello! What are you looking for?", { cost: 0.0012 }));
    const first = await world.say("Hello");
    expect(first.assistant.cost).toBeCloseTo(0.0012, 10);
    const second = await world.say("I need chairs");
    expect(world.llm.requests).toHaveLength(1);
    expect(second.replies[0]!.text).toBe(holdingReplies.limit.en);
    expect(second.conversation).toMatchObject({ status: "handoff" });
    expect(second.conversation.handoffReason).toContain("daily LLM cost limit");
  }, 15_000);
});
