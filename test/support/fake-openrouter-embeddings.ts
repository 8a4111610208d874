/**
 * A fake OpenRouter embeddings endpoint on 127.0.0.1: `POST …/embeddings` with `{model, input}` answers
 * `{object:"list", data:[{object:"embedding", index, embedding}], model, usage:{prompt_tokens,
 * total_tokens, cost}}` as OpenRouter (OpenAI-compatible) does. It checks the Bearer key, records every
 * request, and fails calls by number when told to. Vectors are deterministic: each word of a text adds a
 * fixed pseudo-random direction, so texts sharing words come out close.
 */

export interface RecordedEmbeddingsRequest {
  path: string;
  authorization: string | null;
  body: { model?: unknown; input?: unknown; [key: string]: unknown };
}

export interface ScriptedFailure {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeOpenRouterEmbeddings {
  /** Base URL to give the provider (`…/api/v1`). */
  url: string;
  requests: RecordedEmbeddingsRequest[];
  /** Make call number `call` (1-based, counting every request) fail as given. */
  failCall(call: number, failure: ScriptedFailure): void;
  /** The vector the fake returns for `text` (before the client sees it). */
  vectorFor(text: string): number[];
  stop(): Promise<void>;
}

function hash(text: string): number {
  let h = 2166136261;
  for (const char of text) h = Math.imul(h ^ char.codePointAt(0)!, 16777619);
  return h >>> 0;
}

function wordDirection(word: string, dimensions: number): number[] {
  let state = hash(word);
  return Array.from({ length: dimensions }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2147483648 - 1;
  });
}

export function fakeVector(text: string, dimensions: number): number[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [text];
  const sum = new Array<number>(dimensions).fill(0);
  for (const word of words) {
    for (const [i, x] of wordDirection(word, dimensions).entries()) sum[i]! += x;
  }
  const norm = Math.hypot(...sum) || 1;
  return sum.map((x) => x / norm);
}

export function startFakeOpenRouterEmbeddings({
  apiKey = "test-key",
  dimensions = 8,
  costPerToken = 0.000001,
}: {
  apiKey?: string;
  dimensions?: number;
  costPerToken?: number;
} = {}): FakeOpenRouterEmbeddings {
  const requests: RecordedEmbeddingsRequest[] = [];
  const failures = new Map<number, ScriptedFailure>();

  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const path = new URL(request.url).pathname;
      const authorization = request.headers.get("authorization");
      const body = (await request.json().catch(() => ({}))) as RecordedEmbeddingsRequest["body"];
      requests.push({ path, authorization, body });
      const failure = failures.get(requests.length);
      if (failure) {
        return Response.json(
          failure.body ?? { error: { code: failure.status, message: "scripted failure" } },
          {
            status: failure.status,
            headers: failure.headers,
          },
        );
      }
      if (request.method !== "POST" || !path.endsWith("/embeddings")) {
        return Response.json({ error: { code: 404, message: "not found" } }, { status: 404 });
      }
      if (authorization !== `Bearer ${apiKey}`) {
        return Response.json({ error: { code: 401, message: "No auth credentials found" } }, { status: 401 });
      }
      const input = typeof body.input === "string" ? [body.input] : body.input;
      if (
        typeof body.model !== "string" ||
        !Array.isArray(input) ||
        !input.every((t) => typeof t === "string")
      ) {
        return Response.json(
          { error: { code: 400, message: "model and input are required" } },
          { status: 400 },
        );
      }
      const tokens = input.reduce((n, text) => n + (text.match(/\S+/g)?.length ?? 0), 0);
      return Response.json({
        id: `emb-${requests.length}`,
        object: "list",
        model: body.model,
        provider: "Fake",
        data: input.map((text, index) => ({
          object: "embedding",
          index,
          embedding: fakeVector(text, dimensions),
        })),
        usage: { prompt_tokens: tokens, total_tokens: tokens, cost: tokens * costPerToken },
      });
    },
  });

  return {
    url: `http://127.0.0.1:${server.port}/api/v1`,
    requests,
    failCall: (call, failure) => failures.set(call, failure),
    vectorFor: (text) => fakeVector(text, dimensions),
    stop: () => server.stop(true),
  };
}
