/**
 * OpenRouter adapter: `POST {baseUrl}/embeddings` through the AI SDK provider. Retries follow the one
 * retry policy (util/retry.ts), so the SDK's own retries are off; the cost OpenRouter returns in
 * `usage.cost` goes to `onCost` per call.
 */
import { createOpenRouter } from "@openrouter/ai-sdk-provider";
import { APICallError, type EmbeddingModel, embed, embedMany } from "ai";
import { parseRetryAfter, type RetryOptions, withRetry } from "../../util/retry.ts";
import type { Embedder, EmbedderProgress, EmbeddingCost } from "../embedder.ts";
import { EmbedderError, type EmbedderErrorKind } from "./embedder-error.ts";

/** Models whose size we know; any other is measured with one probe call at load. */
const knownDimensions: Record<string, number> = {
  "openai/text-embedding-3-small": 1536,
  "openai/text-embedding-3-large": 3072,
  "openai/text-embedding-ada-002": 1536,
};

/** e5 models were trained with these prefixes; other models want the bare text. */
function prefixesFor(modelId: string) {
  return /(^|[/-])(multilingual-)?e5-/i.test(modelId)
    ? { query: "query: ", passage: "passage: " }
    : { query: "", passage: "" };
}

function kindOf(status: number | undefined): EmbedderErrorKind {
  if (status === 401 || status === 402 || status === 403) return "unauthorized";
  if (status === 429) return "rate_limited";
  if (status === undefined || status >= 500) return "unavailable";
  return "rejected";
}

function retryAfterMs(headers: Record<string, string> | undefined): number | undefined {
  const ms = Number(headers?.["retry-after-ms"]);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  return parseRetryAfter(headers?.["retry-after"]);
}

function toEmbedderError(error: unknown): unknown {
  if (EmbedderError.isInstance(error) || (error instanceof Error && error.name === "AbortError"))
    return error;
  if (APICallError.isInstance(error)) {
    return new EmbedderError({
      kind: kindOf(error.statusCode),
      message: `OpenRouter embeddings: ${error.statusCode ?? "no response"} ${error.message}`,
      status: error.statusCode,
      retryable: error.isRetryable,
      retryAfterMs: retryAfterMs(error.responseHeaders),
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new EmbedderError({
    kind: "unavailable",
    message: `OpenRouter embeddings: ${message}`,
    cause: error,
  });
}

function costIn(providerMetadata: unknown): number {
  const cost = (providerMetadata as { openrouter?: { usage?: { cost?: unknown } } } | undefined)?.openrouter
    ?.usage?.cost;
  return typeof cost === "number" && Number.isFinite(cost) ? cost : 0;
}

export interface LoadOpenRouterOptions {
  /** The setting string reported as `Embedder.model`. */
  model: string;
  /** OpenRouter's model id, e.g. `openai/text-embedding-3-small`. */
  modelId: string;
  baseUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
  /** Texts per request. */
  batchSize?: number;
  retry?: RetryOptions;
  onCost?: (cost: EmbeddingCost) => void;
  onProgress?: (progress: EmbedderProgress) => void;
}

export async function loadOpenRouterEmbedder({
  model,
  modelId,
  baseUrl,
  apiKey,
  fetch,
  batchSize = 64,
  retry,
  onCost,
  onProgress,
}: LoadOpenRouterOptions): Promise<Embedder> {
  const provider = createOpenRouter({ apiKey, baseURL: baseUrl, fetch, appName: "Noor" });
  const embeddingModel: EmbeddingModel = provider.textEmbeddingModel(modelId);
  const prefixes = prefixesFor(modelId);
  let dimensions = knownDimensions[modelId] ?? 0;

  /** Checks what came back: one finite vector per text, all of the model's length. */
  const checked = (vectors: number[][], expected: number): number[][] => {
    const size = dimensions || vectors[0]?.length || 0;
    const bad =
      vectors.length !== expected ||
      size === 0 ||
      vectors.some((v) => v.length !== size || !v.every(Number.isFinite));
    if (bad) {
      throw new EmbedderError({
        kind: "unavailable",
        message: `OpenRouter embeddings: expected ${expected} vectors of ${size || "some"} numbers, got ${vectors.length}`,
      });
    }
    return vectors;
  };

  const attempt = async <T extends { usage: { tokens: number }; providerMetadata?: unknown }>(
    call: () => Promise<T>,
  ): Promise<T> => {
    const result = await withRetry(
      () => call().catch((error) => Promise.reject(toEmbedderError(error))),
      retry,
    );
    onCost?.({ model, cost: costIn(result.providerMetadata), tokens: result.usage.tokens });
    return result;
  };

  const embedBatch = async (values: string[]) => {
    const result = await attempt(() => embedMany({ model: embeddingModel, values, maxRetries: 0 }));
    return checked(result.embeddings, values.length);
  };

  if (dimensions === 0) dimensions = (await embedBatch(["dimensions"]))[0]!.length;

  return {
    model,
    dimensions,
    async embedDocuments(texts) {
      const vectors: number[][] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        const batch = texts.slice(start, start + batchSize).map((text) => prefixes.passage + text);
        vectors.push(...(await embedBatch(batch)));
        onProgress?.({ phase: "embed", done: vectors.length, total: texts.length });
      }
      return vectors;
    },
    async embedQuery(text) {
      const result = await attempt(() =>
        embed({ model: embeddingModel, value: prefixes.query + text, maxRetries: 0 }),
      );
      return checked([result.embedding], 1)[0]!;
    },
  };
}
