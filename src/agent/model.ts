/**
 * The chat model, built from config: OpenRouter's OpenAI-compatible chat
 * completions through its AI SDK provider, with usage accounting switched on
 * so every response carries `usage.cost`.
 */
import { createOpenRouter } from "@openrouter/ai-sdk-provider";
import type { LanguageModel, ProviderMetadata } from "ai";

export interface ChatModelOptions {
  /** OpenRouter API base, e.g. `https://openrouter.ai/api/v1` (requests go to `${baseUrl}/chat/completions`). */
  baseUrl: string;
  apiKey: string;
  /** OpenRouter model id, e.g. `deepseek/deepseek-chat`. */
  model: string;
  fetch?: typeof globalThis.fetch;
}

export function createChatModel({ baseUrl, apiKey, model, fetch }: ChatModelOptions): LanguageModel {
  const openrouter = createOpenRouter({ apiKey, baseURL: baseUrl, fetch });
  return openrouter.chat(model, { usage: { include: true } });
}

/**
 * Total cost of a generation in OpenRouter credits (USD): the sum of each
 * step's `providerMetadata.openrouter.usage.cost`, because the SDK's aggregated
 * usage has no cost. Null when no step reported one.
 */
export function sumCost(steps: ReadonlyArray<{ providerMetadata?: ProviderMetadata }>): number | null {
  let total: number | null = null;
  for (const step of steps) {
    const usage = step.providerMetadata?.openrouter?.usage;
    const cost = typeof usage === "object" && usage !== null ? (usage as { cost?: unknown }).cost : undefined;
    if (typeof cost === "number" && Number.isFinite(cost)) total = (total ?? 0) + cost;
  }
  return total;
}
