import type { Logger } from "../../log.ts";
import type { Embedder, EmbedderStatus, ManagedEmbedder } from "../embedder.ts";
import { EmbedderError } from "./embedder-error.ts";

type State =
  | { status: "idle" }
  | { status: "loading"; loaded: Promise<Embedder> }
  | { status: "ready"; embedder: Embedder }
  | { status: "failed"; reason: string; error: EmbedderError };

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]!.slice(0, 200);
}

/**
 * Wraps an adapter's `load` so it runs once, on first use or `ready()`, concurrent callers sharing it.
 * A failed load is final (status `failed: <reason>`): every later call rejects with an `unavailable`
 * EmbedderError, and search falls back to lexical.
 */
export function createLazyEmbedder({
  model,
  load,
  logger,
}: {
  model: string;
  load: () => Promise<Embedder>;
  logger: Logger;
}): ManagedEmbedder {
  let state: State = { status: "idle" };

  const loaded = (): Promise<Embedder> => {
    switch (state.status) {
      case "ready":
        return Promise.resolve(state.embedder);
      case "failed":
        return Promise.reject(state.error);
      case "loading":
        return state.loaded;
      case "idle": {
        const started = Date.now();
        logger.info("embeddings loading");
        const promise = load().then(
          (embedder) => {
            state = { status: "ready", embedder };
            logger.info("embeddings ready", { dimensions: embedder.dimensions, ms: Date.now() - started });
            return embedder;
          },
          (cause: unknown) => {
            const reason = describe(cause);
            const error = new EmbedderError({
              kind: "unavailable",
              message: `embeddings ${model} failed to load: ${reason}`,
              cause,
            });
            state = { status: "failed", reason, error };
            logger.error("embeddings failed to load", { err: cause, reason });
            throw error;
          },
        );
        state = { status: "loading", loaded: promise };
        return promise;
      }
    }
  };

  return {
    model,
    get dimensions() {
      return state.status === "ready" ? state.embedder.dimensions : 0;
    },
    status: () => (state.status === "failed" ? `failed: ${state.reason}` : state.status),
    ready: () =>
      loaded().then(
        () => true,
        () => false,
      ),
    embedDocuments: async (texts) => (await loaded()).embedDocuments(texts),
    embedQuery: async (text) => (await loaded()).embedQuery(text),
  };
}

/** An embedder that is configured but cannot run (no model files, no API key): status `off: <reason>`. */
export function createUnavailableEmbedder({
  model,
  reason,
}: {
  model: string;
  reason: string;
}): ManagedEmbedder {
  const refuse = () =>
    Promise.reject(new EmbedderError({ kind: "unavailable", message: `embeddings ${model} off: ${reason}` }));
  return {
    model,
    dimensions: 0,
    status: (): EmbedderStatus => `off: ${reason}`,
    ready: () => Promise.resolve(false),
    embedDocuments: refuse,
    embedQuery: refuse,
  };
}
