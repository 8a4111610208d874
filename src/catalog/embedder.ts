/**
 * The embeddings port: what catalogue sync and search need from a model, the EMBEDDINGS setting that
 * picks one, and the factory that builds it (lazily: nothing loads or downloads until first use or
 * `ready()`).
 *
 * Default: `fastembed:fast-multilingual-e5-large` (1024 dims, Arabic and English in one space). It is
 * used when its files are already in the models dir; otherwise search stays lexical ("off: model not in
 * cache") unless the caller allows the one-time download (production start-up, `bun run sync`), which
 * fastembed performs from its own bucket with a progress bar. Tests never download.
 */
import { resolve } from "node:path";
import { ConfigError } from "../config.ts";
import type { Logger } from "../log.ts";
import {
  type FastembedModelName,
  fastembedModelNames,
  isFastembedModelCached,
  loadFastembedEmbedder,
} from "./embedders/fastembed.ts";
import { createLazyEmbedder, createUnavailableEmbedder } from "./embedders/lazy-embedder.ts";
import { loadOpenRouterEmbedder } from "./embedders/openrouter.ts";

export interface Embedder {
  /** The setting that made these vectors (e.g. `fastembed:fast-multilingual-e5-large`); stored beside them. */
  readonly model: string;
  /** Vector length; final once the model is loaded (`ready()` resolved true). */
  readonly dimensions: number;
  /** Vectors for catalogue/knowledge texts, in input order, as plain arrays (pgvector's mapping needs them). */
  embedDocuments(texts: string[]): Promise<number[][]>;
  embedQuery(text: string): Promise<number[]>;
}

/** For /ready: `off` (none or fallback with its reason), `idle` (loads on first use), then loading → ready | failed. */
export type EmbedderStatus = "off" | `off: ${string}` | "idle" | "loading" | "ready" | `failed: ${string}`;

export interface ManagedEmbedder extends Embedder {
  status(): EmbedderStatus;
  /** Loads the model if it is not loaded yet; true when embeddings can be used. Never rejects. */
  ready(): Promise<boolean>;
}

export type EmbedderProgress =
  | { phase: "download"; bytes: number }
  | { phase: "load" }
  | { phase: "embed"; done: number; total: number };

/** Cost of one embeddings API call, from OpenRouter's `usage.cost` (USD). */
export interface EmbeddingCost {
  model: string;
  cost: number;
  tokens: number;
}

export type EmbeddingsSpec =
  | { provider: "fastembed"; model: FastembedModelName }
  | { provider: "fastembed"; dir: string }
  | { provider: "openrouter"; model: string }
  | { provider: "none" };

export const defaultEmbeddingsSetting = "fastembed:fast-multilingual-e5-large";

const expected = `"fastembed:<model>" (${fastembedModelNames.join(", ")}, or an absolute model dir), "openrouter:<vendor>/<model>" or "none"`;

export function parseEmbeddingsSetting(setting: string): EmbeddingsSpec {
  const value = setting.trim();
  const fail = (): never => {
    throw new ConfigError("EMBEDDINGS", `${expected}; got ${JSON.stringify(setting)}`);
  };
  if (value.toLowerCase() === "none") return { provider: "none" };
  const colon = value.indexOf(":");
  if (colon < 0) return fail();
  const provider = value.slice(0, colon).toLowerCase();
  const model = value.slice(colon + 1).trim();
  if (provider === "fastembed") {
    const named = fastembedModelNames.find((name) => name === model);
    if (named) return { provider, model: named };
    if (/^\.{0,2}\//.test(model)) return { provider, dir: resolve(model) };
  }
  if (provider === "openrouter" && /^[\w.-]+\/[\w.:-]+$/.test(model)) return { provider, model };
  return fail();
}

/** The canonical setting string of a spec: the `model` recorded beside every vector. */
export function embeddingsSettingOf(spec: EmbeddingsSpec): string {
  if (spec.provider === "none") return "none";
  return `${spec.provider}:${"dir" in spec ? spec.dir : spec.model}`;
}

export interface CreateEmbedderOptions {
  spec: EmbeddingsSpec;
  /** fastembed's models dir (`MODELS_DIR`, default data/models). */
  cacheDir: string;
  openrouter: { baseUrl: string; apiKey: string | null };
  /** Lets fastembed download a named model that is not in `cacheDir`. Off in tests. */
  allowDownload?: boolean;
  fetch?: typeof fetch;
  logger: Logger;
  onProgress?: (progress: EmbedderProgress) => void;
  onCost?: (cost: EmbeddingCost) => void;
}

/** Null for `none`; otherwise an embedder that loads on first use and reports its status. */
export function createEmbedder({
  spec,
  cacheDir,
  openrouter,
  allowDownload = false,
  fetch,
  logger,
  onProgress,
  onCost,
}: CreateEmbedderOptions): ManagedEmbedder | null {
  if (spec.provider === "none") return null;
  const model = embeddingsSettingOf(spec);
  const log = logger.child({ component: "embeddings", model });
  if (spec.provider === "openrouter") {
    const { apiKey, baseUrl } = openrouter;
    if (!apiKey) return createUnavailableEmbedder({ model, reason: "OPENROUTER_API_KEY not set" });
    return createLazyEmbedder({
      model,
      logger: log,
      load: () =>
        loadOpenRouterEmbedder({ model, modelId: spec.model, baseUrl, apiKey, fetch, onCost, onProgress }),
    });
  }
  if ("model" in spec && !allowDownload && !isFastembedModelCached({ model: spec.model, cacheDir })) {
    log.info("embeddings off: model not in cache; search stays lexical", { cacheDir });
    return createUnavailableEmbedder({ model, reason: "model not in cache" });
  }
  return createLazyEmbedder({
    model,
    logger: log,
    load: () =>
      loadFastembedEmbedder({
        model,
        source: "dir" in spec ? { dir: spec.dir } : { name: spec.model, cacheDir, download: allowDownload },
        logger: log,
        onProgress,
      }),
  });
}
