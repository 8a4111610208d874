/**
 * A whole Noor with the LLM agent on: the real composition root against a fake
 * OpenRouter (scripted "model"), a fake Wazzup (what the customer receives)
 * and a fake Zoho (quotations), with the catalogue as a sync from that Zoho
 * would leave it. Turns are driven through the webhook, one customer burst at
 * a time, and each turn's requests to the model are kept apart.
 */
import { mapZohoItem, type ZohoItem } from "../../../src/integrations/zoho/index.ts";
import type { Conversation, Message } from "../../../src/store/index.ts";
import {
  createFakeOpenRouter,
  type FakeOpenRouter,
  type FakeReply,
  type RecordedRequest,
  textReply,
} from "../../support/fake-openrouter.ts";
import {
  createFakeWazzup,
  type FakeSentMessage,
  type FakeWazzup,
  inboundText,
} from "../../support/fake-wazzup.ts";
import { createFakeZoho, type FakeZoho } from "../../support/fake-zoho.ts";
import { eventually, type Harness, startNoor } from "../../support/noor-harness.ts";

/** One model call: a fixed reply, or one computed from the request (e.g. echoing a tool result). */
export type ModelStep = FakeReply | ((request: RecordedRequest) => FakeReply);

export interface TurnRecord {
  customer: string;
  requests: RecordedRequest[];
  replies: FakeSentMessage[];
  assistant: Message;
  conversation: Conversation;
}

export interface AgentWorld {
  noor: Harness;
  llm: FakeOpenRouter;
  wazzup: FakeWazzup;
  zoho: FakeZoho;
  chatId: string;
  /** Queues the model's next answers, in call order. */
  script(...steps: ModelStep[]): void;
  /** A customer message; resolves when a reply to it reached Wazzup and is stored. */
  say(text: string): Promise<TurnRecord>;
  conversation(): Promise<Conversation>;
  stop(): Promise<void>;
}

export async function startAgentWorld({
  chatId = "971501112233",
  env = {},
  fallback = textReply("(no scripted reply)"),
}: {
  chatId?: string;
  env?: Record<string, string>;
  /** Answer when the script runs out. */
  fallback?: FakeReply;
} = {}): Promise<AgentWorld> {
  const steps: ModelStep[] = [];
  const llm = createFakeOpenRouter({
    script: (request, index) => {
      const step = steps[index] ?? fallback;
      return typeof step === "function" ? step(request) : step;
    },
  });
  const wazzup = createFakeWazzup();
  const zoho = createFakeZoho();
  const noor = await startNoor({
    OPENROUTER_BASE_URL: llm.url,
    OPENROUTER_API_KEY: llm.apiKey,
    LLM_MODEL: "deepseek/deepseek-chat",
    WAZZUP_API_URL: wazzup.url,
    WAZZUP_API_KEY: wazzup.apiKey,
    ZOHO_ACCOUNTS_URL: zoho.clientOptions.accountsUrl,
    ZOHO_CLIENT_ID: zoho.clientOptions.clientId,
    ZOHO_CLIENT_SECRET: zoho.clientOptions.clientSecret,
    ZOHO_REFRESH_TOKEN: zoho.clientOptions.refreshToken,
    ZOHO_ORGANIZATION_ID: zoho.clientOptions.organizationId,
    DEBOUNCE_MS: "50",
    ...env,
  });
  const items = zoho.loadDemoCatalog();
  await noor.noor.store.catalog.upsertProducts(
    items.map((item) => mapZohoItem(item as unknown as ZohoItem)!),
  );

  const conversation = async () => (await noor.noor.store.conversations.findOpen(chatId))!;
  return {
    noor,
    llm,
    wazzup,
    zoho,
    chatId,
    script: (...more) => {
      steps.push(...more);
    },
    conversation,
    async say(text) {
      const fromRequest = llm.requests.length;
      const fromSent = wazzup.sent.length;
      const res = await noor.postWebhook(inboundText({ chatId, text }));
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
      await wazzup.waitForSent(fromSent + 1, 10_000);
      const assistant = await eventually(async () => {
        const messages = await noor.noor.store.messages.list((await conversation()).id);
        const last = messages.at(-1);
        return last?.role === "assistant" ? last : null;
      });
      // The runtime commits the turn before it sends; the chart's own writes (handoff) follow.
      await Bun.sleep(20);
      return {
        customer: text,
        requests: llm.requests.slice(fromRequest),
        replies: wazzup.sent.slice(fromSent),
        assistant,
        conversation: await conversation(),
      };
    },
    async stop() {
      await noor.stop();
      await Promise.all([llm.stop(), wazzup.stop(), zoho.stop()]);
    },
  };
}

// --- reading what reached the model ------------------------------------------

export const systemText = (body: any): string =>
  body.messages
    .filter((m: any) => m.role === "system")
    .flatMap((m: any) => (typeof m.content === "string" ? [m.content] : m.content.map((p: any) => p.text)))
    .join("\n");

export const offeredTools = (request: RecordedRequest): string[] =>
  (request.body.tools ?? []).map((t: any) => t.function.name).sort();

export const offeredMoves = (request: RecordedRequest): string[] =>
  offeredTools(request).filter((name) => name.startsWith("move_to_"));

/** The JSON result of the latest call of `tool` the model sees in this request. */
export function lastToolResult(request: RecordedRequest, tool: string): any {
  const messages: any[] = request.body.messages;
  const callIds = new Set(
    messages.flatMap((m) =>
      (m.tool_calls ?? []).filter((c: any) => c.function.name === tool).map((c: any) => c.id),
    ),
  );
  const result = messages.filter((m) => m.role === "tool" && callIds.has(m.tool_call_id)).at(-1);
  if (!result) throw new Error(`no ${tool} result in the request`);
  return JSON.parse(result.content);
}
