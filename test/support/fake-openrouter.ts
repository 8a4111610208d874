/**
 * A fake OpenRouter speaking OpenAI chat completions on a real socket
 * (127.0.0.1, port 0). It answers `POST /chat/completions` from a script — a
 * list of replies by call number or a function of the request — and records
 * every request body it accepted, so tests can assert what reached "the LLM".
 */
import { abortableSleep } from "../../src/util/retry.ts";

export interface FakeUsage {
  promptTokens?: number;
  completionTokens?: number;
  /** OpenRouter's `usage.cost` in credits (USD); omitted when undefined. */
  cost?: number;
}

export interface FakeToolCall {
  name: string;
  args: Record<string, unknown>;
  id?: string;
}

/** What the fake sends back for one call: a status, a JSON body, and an optional delay before it. */
export interface FakeReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

/** One accepted request: the parsed JSON body as OpenRouter would receive it. */
export interface RecordedRequest {
  body: any;
  headers: Headers;
}

export type FakeScript = FakeReply[] | ((request: RecordedRequest, callIndex: number) => FakeReply);

export interface FakeOpenRouter {
  /** Use as the provider's baseURL (requests go to `${url}/chat/completions`). */
  url: string;
  apiKey: string;
  requests: RecordedRequest[];
  stop(): Promise<void>;
}

let replyCounter = 0;
const nextId = (prefix: string) => `${prefix}-${++replyCounter}`;

const usageJson = ({ promptTokens = 10, completionTokens = 5, cost }: FakeUsage = {}) => ({
  prompt_tokens: promptTokens,
  completion_tokens: completionTokens,
  total_tokens: promptTokens + completionTokens,
  ...(cost === undefined ? {} : { cost }),
});

const completion = ({
  message,
  finishReason,
  usage,
}: {
  message: Record<string, unknown>;
  finishReason: string;
  usage?: FakeUsage;
}): FakeReply => ({
  status: 200,
  body: {
    id: nextId("gen"),
    object: "chat.completion",
    created: 1_700_000_000,
    provider: "Fake",
    choices: [{ index: 0, message, finish_reason: finishReason }],
    usage: usageJson(usage),
  },
});

export const textReply = (text: string, usage?: FakeUsage): FakeReply =>
  completion({ message: { role: "assistant", content: text }, finishReason: "stop", usage });

export const toolCallReply = (calls: FakeToolCall[], usage?: FakeUsage): FakeReply =>
  completion({
    message: {
      role: "assistant",
      content: null,
      tool_calls: calls.map(({ name, args, id = nextId("call") }) => ({
        id,
        type: "function",
        function: { name, arguments: JSON.stringify(args) },
      })),
    },
    finishReason: "tool_calls",
    usage,
  });

/** An OpenRouter-shaped error (`{error:{code,message}}`), e.g. 429 with Retry-After or 500. */
export const errorReply = (
  status: number,
  {
    message = `fake error ${status}`,
    retryAfterSeconds,
  }: { message?: string; retryAfterSeconds?: number } = {},
): FakeReply => ({
  status,
  body: { error: { code: status, message } },
  headers: retryAfterSeconds === undefined ? undefined : { "retry-after": String(retryAfterSeconds) },
});

/** The same reply, sent only after `ms` (or never, if the client gives up first). */
export const delayed = (reply: FakeReply, ms: number): FakeReply => ({ ...reply, delayMs: ms });

const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

export function createFakeOpenRouter({
  apiKey = "test-openrouter-key",
  script,
}: {
  apiKey?: string;
  script: FakeScript;
}): FakeOpenRouter {
  const requests: RecordedRequest[] = [];

  const replyFor = (request: RecordedRequest, callIndex: number): FakeReply => {
    if (typeof script === "function") return script(request, callIndex);
    return (
      script[callIndex] ?? errorReply(500, { message: `fake script has no reply for call ${callIndex}` })
    );
  };

  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const { pathname } = new URL(req.url);
      if (req.method !== "POST" || pathname !== "/chat/completions") {
        return jsonResponse(404, { error: { code: 404, message: `no route ${req.method} ${pathname}` } });
      }
      if (req.headers.get("authorization") !== `Bearer ${apiKey}`) {
        return jsonResponse(401, { error: { code: 401, message: "No auth credentials found" } });
      }
      let body: any;
      try {
        body = await req.json();
      } catch {
        return jsonResponse(400, { error: { code: 400, message: "body is not JSON" } });
      }
      if (typeof body?.model !== "string" || !Array.isArray(body.messages) || body.stream === true) {
        return jsonResponse(400, {
          error: { code: 400, message: "expected {model, messages}, no streaming" },
        });
      }
      const request: RecordedRequest = { body, headers: req.headers };
      const callIndex = requests.push(request) - 1;
      const reply = replyFor(request, callIndex);
      if (reply.delayMs) {
        try {
          await abortableSleep(reply.delayMs, req.signal);
        } catch {
          return new Response(null, { status: 499 }); // the client went away
        }
      }
      // Like OpenRouter, a completion names the model that answered.
      const answer = reply.status === 200 ? { model: body.model, ...(reply.body as object) } : reply.body;
      return jsonResponse(reply.status, answer, reply.headers);
    },
  });

  return {
    url: `http://127.0.0.1:${server.port}`,
    apiKey,
    requests,
    stop: () => server.stop(true),
  };
}
