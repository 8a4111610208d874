export { EmbedderError, type EmbedderErrorKind } from "./embedder-error.ts";
export {
  type FastembedModelName,
  type FastembedSource,
  fastembedModelNames,
  isFastembedModelCached,
  type LoadFastembedOptions,
  loadFastembedEmbedder,
} from "./fastembed.ts";
export { createLazyEmbedder, createUnavailableEmbedder } from "./lazy-embedder.ts";
export { type LoadOpenRouterOptions, loadOpenRouterEmbedder } from "./openrouter.ts";
