import { afterEach, describe, expect, test } from "bun:test";
import { APICallError, generateText } from "ai";
import { createChatModel, sumCost } from "../../src/agent/model.ts";
import { createFakeOpenRouter, type FakeOpenRouter, textReply } from "../support/fake-openrouter.ts";

let fake: FakeOpenRouter | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

describe("createChatModel", () => {
  test("speaks OpenRouter chat completions with usage accounting on", async () => {
    fake = createFakeOpenRouter({
      script: [textReply("مرحبا! كيف أساعدك؟", { promptTokens: 12, completionTokens: 7, cost: 0.00042 })],
    });
    const model = createChatModel({
      baseUrl: fake.url,
      apiKey: fake.apiKey,
      model: "deepseek/deepseek-chat",
    });
    const result = await generateText({ model, instructions: "Be brief.", prompt: "مرحبا" });

    expect(result.text).toBe("مرحبا! كيف أساعدك؟");
    expect(result.usage.inputTokens).toBe(12);
    expect(result.usage.outputTokens).toBe(7);
    expect(sumCost(result.steps)).toBe(0.00042);
    const [request] = fake.requests;
    expect(request!.headers.get("authorization")).toBe(`Bearer ${fake.apiKey}`);
    expect(request!.body.model).toBe("deepseek/deepseek-chat");
    expect(request!.body.usage).toEqual({ include: true });
    expect(request!.body.messages[0]).toEqual({
      role: "system",
      content: [{ type: "text", text: "Be brief." }],
    });
  });

  test("a wrong key is refused with a non-retryable 401", async () => {
    fake = createFakeOpenRouter({ script: [textReply("never")] });
    const model = createChatModel({ baseUrl: fake.url, apiKey: "wrong", model: "x/y" });
    const error = await generateText({ model, prompt: "hi", maxRetries: 0 }).catch((e) => e);
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error.statusCode).toBe(401);
    expect(error.isRetryable).toBe(false);
    expect(fake.requests).toHaveLength(0);
  });

  test("uses the fetch it is given", async () => {
    fake = createFakeOpenRouter({ script: [textReply("ok")] });
    const seen: string[] = [];
    const model = createChatModel({
      baseUrl: fake.url,
      apiKey: fake.apiKey,
      model: "x/y",
      fetch: Object.assign(
        (input: string | URL | Request, init?: RequestInit) => {
          seen.push(String(input));
          return fetch(input, init);
        },
        { preconnect: fetch.preconnect },
      ),
    });
    await generateText({ model, prompt: "hi" });
    expect(seen).toEqual([`${fake.url}/chat/completions`]);
  });
});

describe("sumCost", () => {
  const step = (cost: unknown) => ({ providerMetadata: { openrouter: { usage: { cost } } } as any });

  test("sums the cost of every step", () => {
    expect(sumCost([step(0.001), step(0.002), step(0.0005)])).toBeCloseTo(0.0035, 10);
  });

  test("is null when no step reported a cost", () => {
    expect(sumCost([])).toBeNull();
    expect(sumCost([{ providerMetadata: undefined }, { providerMetadata: { other: {} } }])).toBeNull();
    expect(sumCost([step(undefined), step("0.1")])).toBeNull();
  });

  test("skips steps without a cost and counts the rest", () => {
    expect(sumCost([step(undefined), step(0.25), { providerMetadata: undefined }])).toBe(0.25);
    expect(sumCost([step(0)])).toBe(0);
  });
});
