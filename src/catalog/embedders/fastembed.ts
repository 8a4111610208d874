/**
 * fastembed adapter: ONNX models on the CPU, loaded from the models dir (named models, downloaded there
 * once by fastembed when allowed) or from any dir holding the same files (`EmbeddingModel.CUSTOM`).
 *
 * Inference runs on the main thread: onnxruntime's `run()` is synchronous native code, and under Bun
 * 1.4.5 a second Worker loading onnxruntime's addon aborts the process, so it cannot move to workers.
 * To keep the event loop responsive, documents go in small batches with a yield between them, and
 * texts are padded to a modest `maxLength` (fastembed pads every text to that fixed length).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { EmbeddingModel, FlagEmbedding as FlagEmbeddingModel } from "fastembed";
import type { Logger } from "../../log.ts";
import type { Embedder, EmbedderProgress } from "../embedder.ts";

export const fastembedModelNames = [
  "fast-multilingual-e5-large",
  "fast-bge-small-en-v1.5",
  "fast-bge-small-en",
  "fast-bge-base-en-v1.5",
  "fast-bge-base-en",
  "fast-bge-small-zh-v1.5",
  "fast-all-MiniLM-L6-v2",
] as const satisfies readonly `${Exclude<EmbeddingModel, EmbeddingModel.CUSTOM>}`[];

export type FastembedModelName = (typeof fastembedModelNames)[number];

/** The ONNX file fastembed opens for a named model (its own rule). */
function modelFileOf(name: FastembedModelName): string {
  return name === "fast-multilingual-e5-large" || name === "fast-all-MiniLM-L6-v2"
    ? "model.onnx"
    : "model_optimized.onnx";
}

/** True when `cacheDir/<model>/` holds what fastembed needs, so loading it touches no network. */
export function isFastembedModelCached({ model, cacheDir }: { model: FastembedModelName; cacheDir: string }) {
  const dir = join(cacheDir, model);
  return existsSync(join(dir, "tokenizer.json")) && existsSync(join(dir, modelFileOf(model)));
}

export type FastembedSource =
  | { dir: string }
  | { name: FastembedModelName; cacheDir: string; download: boolean };

export interface LoadFastembedOptions {
  /** The setting string reported as `Embedder.model`. */
  model: string;
  source: FastembedSource;
  /** Texts per inference call; each call blocks the event loop while it runs. */
  batchSize?: number;
  /** Tokens per text (longer texts are cut, shorter ones padded to it). */
  maxLength?: number;
  downloadPollMs?: number;
  logger: Logger;
  onProgress?: (progress: EmbedderProgress) => void;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function hiddenSizeIn(dir: string): number | null {
  try {
    const config = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
    const size = config?.hidden_size;
    return Number.isInteger(size) && size > 0 ? size : null;
  } catch {
    return null;
  }
}

/** Reports the growing tarball while fastembed downloads it (its own progress bar only draws on a TTY). */
function watchDownload({
  file,
  everyMs,
  logger,
  onProgress,
}: {
  file: string;
  everyMs: number;
  logger: Logger;
  onProgress?: (progress: EmbedderProgress) => void;
}): () => void {
  const timer = setInterval(() => {
    if (!existsSync(file)) return;
    const bytes = statSync(file).size;
    logger.info("embeddings model downloading", { bytes });
    onProgress?.({ phase: "download", bytes });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

export async function loadFastembedEmbedder({
  model,
  source,
  batchSize = 4,
  maxLength = 128,
  downloadPollMs = 5000,
  logger,
  onProgress,
}: LoadFastembedOptions): Promise<Embedder> {
  // Imported here, not at the top: it loads onnxruntime's native library, which `none`/openrouter never need.
  const { EmbeddingModel, FlagEmbedding } = await import("fastembed");
  onProgress?.({ phase: "load" });
  let flag: FlagEmbeddingModel;
  let modelDir: string;
  if ("dir" in source) {
    modelDir = source.dir;
    const modelName = existsSync(join(modelDir, "model.onnx")) ? "model.onnx" : "model_optimized.onnx";
    flag = await FlagEmbedding.init({
      model: EmbeddingModel.CUSTOM,
      modelAbsoluteDirPath: modelDir,
      modelName,
      maxLength,
    });
  } else {
    const { name, cacheDir, download } = source;
    modelDir = join(cacheDir, name);
    const fetched = !existsSync(modelDir);
    if (fetched && !download) throw new Error(`model not in cache (${modelDir})`);
    await mkdir(cacheDir, { recursive: true });
    const tarball = join(cacheDir, `${name}.tar.gz`);
    const stopWatching = fetched
      ? watchDownload({ file: tarball, everyMs: downloadPollMs, logger, onProgress })
      : null;
    try {
      flag = await FlagEmbedding.init({
        model: name as Exclude<EmbeddingModel, EmbeddingModel.CUSTOM>,
        cacheDir,
        maxLength,
        showDownloadProgress: fetched,
      });
    } catch (error) {
      // fastembed trusts any tarball or model dir it finds, so a half-done download must not stay behind.
      if (fetched)
        await Promise.all([rm(tarball, { force: true }), rm(modelDir, { recursive: true, force: true })]);
      throw error;
    } finally {
      stopWatching?.();
    }
  }

  const dimensions = hiddenSizeIn(modelDir) ?? (await flag.queryEmbed("dimensions")).length;

  return {
    model,
    dimensions,
    async embedDocuments(texts) {
      const vectors: number[][] = [];
      for await (const batch of flag.passageEmbed(texts, batchSize)) {
        for (const vector of batch) vectors.push(Array.from(vector));
        onProgress?.({ phase: "embed", done: vectors.length, total: texts.length });
        await yieldToEventLoop();
      }
      return vectors;
    },
    async embedQuery(text) {
      return Array.from(await flag.queryEmbed(text));
    },
  };
}
