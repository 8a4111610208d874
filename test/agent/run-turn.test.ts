import { afterEach, describe, expect, test } from "bun:test";
import { tool } from "ai";
import { z } from "zod";
import { createChatModel } from "../../src/agent/model.ts";
import { createPiiVault } from "../../src/agent/pii.ts";
import { runTurn, TurnError } from "../../src/agent/run-turn.ts";
import {
  createFakeOpenRouter,
  delayed,
  errorReply,
  type FakeOpenRouter,
  type FakeScript,
  textReply,
  toolCallReply,
} from "../support/fake-openrouter.ts";

const fakes: FakeOpenRouter[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.stop()));
});

const serve = (script: FakeScript) => {
  const fake = createFakeOpenRouter({ script });
  fakes.push(fake);
  return fake;
};
const modelOn = (fake: FakeOpenRouter, model = "primary/model") =>
  createChatModel({ baseUrl: fake.url, apiKey: fake.apiKey, model });

const toolNames = (body: any): string[] => (body.tools ?? []).map((t: any) => t.function.name).sort();

function catalogTools() {
  const executed: { name: string; input: unknown }[] = [];
  const tools = {
    search_products: tool({
      description: "Search the catalogue",
      inputSchema: z.object({ query: z.string() }),
      execute: async (input) => {
        executed.push({ name: "search_products", input });
        return { items: [{ sku: "TJ-CHR-1001", name: "Ergo Mesh Chair", price: 1250, currency: "AED" }] };
      },
    }),
    request_human: tool({
      description: "Hand the chat to a human",
      inputSchema: z.object({ reason: z.string() }),
      execute: async (input) => {
        executed.push({ name: "request_human", input });
        return { ok: true };
      },
    }),
  };
  return { tools, executed };
}

const hello = [{ role: "user" as const, content: "I need an ergonomic chair" }];

describe("runTurn", () => {
  test("tool loop: tool call → tool result → text, with usage and cost summed over steps", async () => {
    const fake = serve([
      toolCallReply([{ name: "search_products", args: { query: "ergonomic chair" } }], {
        promptTokens: 100,
        completionTokens: 20,
        cost: 0.0012,
      }),
      textReply("We have the Ergo Mesh Chair (TJ-CHR-1001) at 1250 AED.", {
        promptTokens: 150,
        completionTokens: 30,
        cost: 0.0021,
      }),
    ]);
    const { tools, executed } = catalogTools();
    const result = await runTurn({
      models: [modelOn(fake)],
      instructions: "You are Noor.",
      messages: hello,
      tools,
    });

    expect(result.text).toBe("We have the Ergo Mesh Chair (TJ-CHR-1001) at 1250 AED.");
    expect(result.model).toBe("primary/model");
    expect(result.toolCalls).toEqual([{ name: "search_products", input: { query: "ergonomic chair" } }]);
    expect(executed).toEqual([{ name: "search_products", input: { query: "ergonomic chair" } }]);
    expect(result.usage).toEqual({ tokensIn: 250, tokensOut: 50 });
    expect(result.cost).toBeCloseTo(0.0033, 10);
    expect(result.steps).toHaveLength(2);

    const second = fake.requests[1]!.body.messages;
    const toolMessage = second.find((m: any) => m.role === "tool");
    expect(toolMessage.name).toBe("search_products");
    expect(JSON.parse(toolMessage.content).items[0].sku).toBe("TJ-CHR-1001");
    expect(fake.requests[0]!.body.messages[0]).toEqual({
      role: "system",
      content: [{ type: "text", text: "You are Noor." }],
    });
  });

  test("cost is null when the provider reports none", async () => {
    const fake = serve([textReply("Hello!")]);
    const result = await runTurn({ models: [modelOn(fake)], instructions: "x", messages: hello, tools: {} });
    expect(result.text).toBe("Hello!");
    expect(result.cost).toBeNull();
    expect(result.toolCalls).toEqual([]);
  });

  test("retries a transient error on the same model", async () => {
    const fake = serve([errorReply(429, { retryAfterSeconds: 0 }), textReply("Hi again")]);
    const result = await runTurn({
      models: [modelOn(fake)],
      instructions: "x",
      messages: hello,
      tools: {},
      maxRetries: 1,
    });
    expect(result.text).toBe("Hi again");
    expect(fake.requests).toHaveLength(2);
  });

  test("falls back to the second model when the first one 500s", async () => {
    const fake = serve((request) =>
      request.body.model === "primary/model"
        ? errorReply(500)
        : textReply("from the fallback", { cost: 0.001 }),
    );
    const result = await runTurn({
      models: [modelOn(fake, "primary/model"), modelOn(fake, "fallback/model")],
      instructions: "x",
      messages: hello,
      tools: {},
      maxRetries: 0,
    });
    expect(result.text).toBe("from the fallback");
    expect(result.model).toBe("fallback/model");
    expect(fake.requests.map((r) => r.body.model)).toEqual(["primary/model", "fallback/model"]);
    expect(result.cost).toBe(0.001);
  });

  test("the fallback continues after the steps already done; tools are not run twice", async () => {
    const fake = serve((request, i) => {
      if (i === 0)
        return toolCallReply([{ name: "search_products", args: { query: "chair" } }], { cost: 0.01 });
      if (request.body.model === "primary/model") return errorReply(503);
      return textReply("Here is what I found.", { cost: 0.02 });
    });
    const { tools, executed } = catalogTools();
    const result = await runTurn({
      models: [modelOn(fake, "primary/model"), modelOn(fake, "fallback/model")],
      instructions: "x",
      messages: hello,
      tools,
      maxRetries: 0,
    });
    expect(result.text).toBe("Here is what I found.");
    expect(executed).toHaveLength(1);
    expect(result.toolCalls).toEqual([{ name: "search_products", input: { query: "chair" } }]);
    expect(result.cost).toBeCloseTo(0.03, 10);
    const fallbackMessages = fake.requests[2]!.body.messages.map((m: any) => m.role);
    expect(fallbackMessages).toEqual(["system", "user", "assistant", "tool"]);
  });

  test("when every model fails the turn fails with the last error", async () => {
    const fake = serve((request) => errorReply(request.body.model === "a/model" ? 500 : 400));
    const error = await runTurn({
      models: [modelOn(fake, "a/model"), modelOn(fake, "b/model")],
      instructions: "x",
      messages: hello,
      tools: {},
      maxRetries: 0,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(TurnError);
    expect(error.kind).toBe("rejected");
    expect(error.status).toBe(400);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain("a/model");
    expect(error.message).toContain("b/model");
  });

  test("a provider outage is a retryable 'unavailable' failure", async () => {
    const fake = serve(() => errorReply(502, { retryAfterSeconds: 0 }));
    const error = await runTurn({
      models: [modelOn(fake)],
      instructions: "x",
      messages: hello,
      tools: {},
      maxRetries: 1,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(TurnError);
    expect(error.kind).toBe("unavailable");
    expect(error.retryable).toBe(true);
    expect(error.status).toBe(502);
    expect(fake.requests).toHaveLength(2);
  });

  test("a slow model times the turn out; no fallback is tried", async () => {
    const fake = serve((request) =>
      request.body.model === "slow/model" ? delayed(textReply("too late"), 5_000) : textReply("fallback"),
    );
    const error = await runTurn({
      models: [modelOn(fake, "slow/model"), modelOn(fake, "fallback/model")],
      instructions: "x",
      messages: hello,
      tools: {},
      timeoutMs: 150,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(TurnError);
    expect(error.kind).toBe("timeout");
    expect(fake.requests.map((r) => r.body.model)).toEqual(["slow/model"]);
  });

  test("the caller's abort stops the turn", async () => {
    const fake = serve(() => delayed(textReply("too late"), 5_000));
    const controller = new AbortController();
    const pending = runTurn({
      models: [modelOn(fake, "a/model"), modelOn(fake, "b/model")],
      instructions: "x",
      messages: hello,
      tools: {},
      abortSignal: controller.signal,
    });
    while (fake.requests.length === 0) await Bun.sleep(5);
    controller.abort(new Error("new message arrived"));
    const error = await pending.catch((e) => e);
    expect(error).toBeInstanceOf(TurnError);
    expect(error.kind).toBe("aborted");
    expect(error.cause.message).toBe("new message arrived");
    expect(fake.requests).toHaveLength(1);
  });

  test("activeTools is recomputed before each step", async () => {
    let stage = "qualifying";
    const tools = {
      move_to_needs_analysis: tool({
        description: "Move to needs analysis",
        inputSchema: z.object({}),
        execute: async () => {
          stage = "needs_analysis";
          return { ok: true };
        },
      }),
      move_to_solution: tool({
        description: "Move to solution",
        inputSchema: z.object({}),
        execute: async () => ({ ok: true }),
      }),
      request_human: tool({
        description: "Hand over",
        inputSchema: z.object({}),
        execute: async () => ({ ok: true }),
      }),
    };
    const fake = serve([
      toolCallReply([{ name: "move_to_needs_analysis", args: {} }]),
      textReply("How many people will use the office?"),
    ]);
    const result = await runTurn({
      models: [modelOn(fake)],
      instructions: "x",
      messages: hello,
      tools,
      activeTools: () =>
        stage === "qualifying"
          ? ["move_to_needs_analysis", "request_human"]
          : ["move_to_solution", "request_human", "not_a_tool"],
    });
    expect(result.text).toBe("How many people will use the office?");
    expect(toolNames(fake.requests[0]!.body)).toEqual(["move_to_needs_analysis", "request_human"]);
    expect(toolNames(fake.requests[1]!.body)).toEqual(["move_to_solution", "request_human"]);
  });

  test("the last allowed step offers no tools, so the turn ends in text", async () => {
    const fake = serve([
      toolCallReply([{ name: "search_products", args: { query: "desk" } }]),
      textReply("I found one desk."),
    ]);
    const { tools } = catalogTools();
    const result = await runTurn({
      models: [modelOn(fake)],
      instructions: "x",
      messages: hello,
      tools,
      maxSteps: 2,
    });
    expect(result.text).toBe("I found one desk.");
    expect(toolNames(fake.requests[0]!.body)).toEqual(["request_human", "search_products"]);
    expect(toolNames(fake.requests[1]!.body)).toEqual([]);
  });

  test("with a PII vault around it, no raw phone or email reaches the server", async () => {
    const vault = createPiiVault();
    const saved: unknown[] = [];
    const tools = {
      save_contact: tool({
        description: "Save the customer's contact details",
        inputSchema: z.object({ email: z.string(), phone: z.string() }),
        // The caller's wrapping: the tool sees real values, the model only placeholders.
        execute: async (input) => {
          const real = vault.unmaskDeep(input);
          saved.push(real);
          return vault.maskDeep({ ok: true, saved: real });
        },
      }),
    };
    const fake = serve([
      toolCallReply([{ name: "save_contact", args: { email: "[EMAIL_1]", phone: "[PHONE_1]" } }]),
      textReply("Thanks! I will send the quotation to [EMAIL_1] and call [PHONE_1] if needed."),
    ]);
    const messages = [
      {
        role: "user" as const,
        content: vault.mask("My email is Sara.Q@acme-group.ae and mobile +971 50 123 4567"),
      },
    ];
    const instructions = vault.mask("You are Noor. The customer writes from WhatsApp 0501234567.");
    expect(instructions).toBe("You are Noor. The customer writes from WhatsApp [PHONE_1].");
    const result = await runTurn({ models: [modelOn(fake)], instructions, messages, tools });

    expect(saved).toEqual([{ email: "Sara.Q@acme-group.ae", phone: "+971 50 123 4567" }]);
    expect(vault.unmask(result.text)).toBe(
      "Thanks! I will send the quotation to Sara.Q@acme-group.ae and call +971 50 123 4567 if needed.",
    );
    const wire = JSON.stringify(fake.requests.map((r) => r.body));
    for (const leak of ["Sara.Q", "acme-group", "123 4567", "1234567", "501234567"])
      expect(wire).not.toContain(leak);
    expect(wire).toContain("[EMAIL_1]");
    expect(wire).toContain("[PHONE_1]");
  });

  test("needs at least one model", async () => {
    const error = await runTurn({ models: [], instructions: "x", messages: hello, tools: {} }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(TurnError);
    expect(error.kind).toBe("rejected");
  });
});
