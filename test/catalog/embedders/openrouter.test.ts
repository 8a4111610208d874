import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { EmbedderProgress, EmbeddingCost } from "../../../src/catalog/embedder.ts";
import { EmbedderError } from "../../../src/catalog/embedders/embedder-error.ts";
import {
  type LoadOpenRouterOptions,
  loadOpenRouterEmbedder,
} from "../../../src/catalog/embedders/openrouter.ts";
import {
  type FakeOpenRouterEmbeddings,
  startFakeOpenRouterEmbeddings,
} from "../../support/fake-openrouter-embeddings.ts";

let fake: FakeOpenRouterEmbeddings;
const delays: number[] = [];

beforeEach(() => {
  fake = startFakeOpenRouterEmbeddings({ apiKey: "sk-or-test", dimensions: 6, costPerToken: 0.001 });
  delays.length = 0;
});
afterEach(() => fake.stop());

const load = (options: Partial<LoadOpenRouterOptions> = {}) =>
  loadOpenRouterEmbedder({
    model: `openrouter:${options.modelId ?? "acme/embed"}`,
    modelId: "acme/embed",
    baseUrl: fake.url,
    apiKey: "sk-or-test",
    retry: { sleep: async (ms) => void delays.push(ms), random: () => 0.5 },
    ...options,
  });

const failure = (error: unknown) => {
  if (!EmbedderError.isInstance(error)) throw new Error(`expected an EmbedderError, got ${error}`);
  return {
    kind: error.kind,
    status: error.status,
    retryable: error.retryable,
    retryAfterMs: error.retryAfterMs,
  };
};

describe("OpenRouter embeddings adapter against a fake /embeddings", () => {
  test("speaks the wire protocol: POST …/embeddings {model, input} with the Bearer key", async () => {
    const embedder = await load();
    const vectors = await embedder.embedDocuments(["mesh chair", "oak desk"]);
    expect(vectors).toEqual([fake.vectorFor("mesh chair"), fake.vectorFor("oak desk")]);
    const last = fake.requests.at(-1)!;
    expect(last.path).toBe("/api/v1/embeddings");
    expect(last.authorization).toBe("Bearer sk-or-test");
    expect(last.body).toMatchObject({ model: "acme/embed", input: ["mesh chair", "oak desk"] });
  });

  test("an unknown model is measured with one probe call; a known one is not", async () => {
    const unknown = await load();
    expect(unknown.dimensions).toBe(6);
    expect(fake.requests).toHaveLength(1);
    const known = await load({ modelId: "openai/text-embedding-3-small" });
    expect(known.dimensions).toBe(1536);
    expect(fake.requests).toHaveLength(1);
  });

  test("vectors of the wrong size are refused, not stored", async () => {
    const known = await load({ modelId: "openai/text-embedding-3-small" });
    const error = await known.embedQuery("chair").catch((e: unknown) => e);
    expect(failure(error).kind).toBe("unavailable");
    expect((error as Error).message).toContain("1536");
  });

  test("documents go in batches, with progress and the cost of every call", async () => {
    const costs: EmbeddingCost[] = [];
    const progress: EmbedderProgress[] = [];
    const embedder = await load({
      batchSize: 2,
      onCost: (c) => costs.push(c),
      onProgress: (p) => progress.push(p),
    });
    costs.length = 0;
    const texts = ["a b", "c", "d e f", "g", "h"];
    const vectors = await embedder.embedDocuments(texts);
    expect(vectors).toEqual(texts.map((t) => fake.vectorFor(t)));
    expect(fake.requests.slice(1).map((r) => r.body.input)).toEqual([["a b", "c"], ["d e f", "g"], ["h"]]);
    expect(progress.map((p) => (p.phase === "embed" ? p.done : -1))).toEqual([2, 4, 5]);
    expect(costs.map((c) => c.tokens)).toEqual([3, 4, 1]);
    expect(costs.map((c) => c.cost)).toEqual([0.003, 0.004, 0.001]);
    expect(costs.every((c) => c.model === "openrouter:acme/embed")).toBe(true);
  });

  test("e5 models get their query:/passage: prefixes; others the bare text", async () => {
    const e5 = await load({ modelId: "intfloat/multilingual-e5-large" });
    await e5.embedQuery("كرسي");
    await e5.embedDocuments(["chair"]);
    const plain = await load();
    await plain.embedQuery("كرسي");
    expect(fake.requests.map((r) => r.body.input)).toEqual([
      ["dimensions"],
      ["query: كرسي"],
      ["passage: chair"],
      ["dimensions"],
      ["كرسي"],
    ]);
  });

  test("a 503 is retried under the shared policy, then succeeds", async () => {
    const embedder = await load();
    fake.failCall(2, { status: 503 });
    fake.failCall(3, { status: 502 });
    expect(await embedder.embedQuery("desk")).toEqual(fake.vectorFor("desk"));
    expect(fake.requests).toHaveLength(4);
    expect(delays).toHaveLength(2);
  });

  test("a 429 waits as long as Retry-After says", async () => {
    const embedder = await load();
    fake.failCall(2, { status: 429, headers: { "retry-after": "2" } });
    await embedder.embedQuery("desk");
    expect(delays).toEqual([2000]);
  });

  test("a bad key is unauthorized and not retried", async () => {
    const error = await load({ apiKey: "wrong" }).catch((e: unknown) => e);
    expect(failure(error)).toEqual({
      kind: "unauthorized",
      status: 401,
      retryable: false,
      retryAfterMs: undefined,
    });
    expect(fake.requests).toHaveLength(1);
  });

  test("a 400 is rejected; retries that run out keep the last error", async () => {
    const embedder = await load();
    fake.failCall(2, { status: 400 });
    expect(failure(await embedder.embedQuery("x").catch((e: unknown) => e)).kind).toBe("rejected");
    for (const call of [3, 4, 5, 6]) fake.failCall(call, { status: 500 });
    const error = await embedder.embedQuery("x").catch((e: unknown) => e);
    expect(failure(error)).toMatchObject({ kind: "unavailable", status: 500, retryable: true });
    expect(fake.requests).toHaveLength(6);
  });

  test("an unreachable server is a retryable unavailable error", async () => {
    await fake.stop();
    const error = await load({ retry: { maxAttempts: 1 } }).catch((e: unknown) => e);
    expect(failure(error)).toMatchObject({ kind: "unavailable", retryable: true });
  });
});
