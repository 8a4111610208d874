/**
 * `bun run sync [--incremental]`: one catalogue sync from the configured Zoho (without Zoho, the demo
 * catalogue), with a progress line on stderr (pages, items, embedded) and a summary on stdout. The
 * embedding model is loaded first (downloaded once into MODELS_DIR if allowed) so changed products
 * are embedded as part of the run. A failure ends with one clear line and exit code 1.
 */
import {
  createCatalogSync,
  createEmbedder,
  createEmbeddingBackfill,
  type EmbedderProgress,
  parseEmbeddingsSetting,
} from "../catalog/index.ts";
import { loadConfig } from "../config.ts";
import { createZohoClient } from "../integrations/zoho/index.ts";
import { createLogger } from "../log.ts";
import { createStore } from "../store/index.ts";

/** One status line, redrawn in place on a terminal, printed every few seconds otherwise. */
function progressLine(stream = process.stderr) {
  const state = { pages: 0, items: 0, embedded: 0, note: "" };
  let drawn = false;
  let printedAt = 0;
  const text = () =>
    `sync: ${state.pages} page(s), ${state.items} item(s), ${state.embedded} embedded${state.note ? ` · ${state.note}` : ""}`;
  const draw = (force = false) => {
    if (stream.isTTY) {
      stream.write(`\r\x1b[2K${text()}`);
      drawn = true;
    } else if (force || Date.now() - printedAt > 2000) {
      stream.write(`${text()}\n`);
      printedAt = Date.now();
    }
  };
  return {
    update(change: Partial<typeof state>) {
      Object.assign(state, change);
      draw();
    },
    /** A log line above the progress line. */
    print(line: string) {
      if (drawn) stream.write("\r\x1b[2K");
      stream.write(`${line}\n`);
      if (drawn) draw();
    },
    done() {
      if (drawn) stream.write(`\r\x1b[2K`);
      else draw(true);
    },
  };
}

const describeModel = (p: EmbedderProgress) =>
  p.phase === "download"
    ? `downloading the model: ${(p.bytes / 1e6).toFixed(1)} MB`
    : p.phase === "load"
      ? "loading the model"
      : "";

async function main(): Promise<number> {
  const config = loadConfig();
  const incremental = process.argv.includes("--incremental");
  const bar = progressLine();
  const logger = createLogger({ level: "warn", write: (line) => bar.print(line) });
  const store = await createStore({ databaseUrl: config.databaseUrl });
  try {
    const zoho = config.zoho
      ? createZohoClient({ ...config.zoho, apiUrl: config.zoho.apiUrl ?? undefined })
      : null;
    const embedder = createEmbedder({
      spec: parseEmbeddingsSetting(config.embeddings),
      cacheDir: config.modelsDir,
      openrouter: { baseUrl: config.llm.baseUrl, apiKey: config.llm.apiKey },
      allowDownload: true,
      logger,
      onProgress: (p) => bar.update({ note: describeModel(p) }),
    });
    if (embedder && !(await embedder.ready()))
      bar.print(`embeddings ${embedder.status()}: products are not embedded`);
    bar.update({ note: "" });
    const embeddings =
      embedder && embedder.status() === "ready"
        ? createEmbeddingBackfill({
            store,
            embedder,
            logger,
            onProgress: ({ target, done }) => target === "products" && bar.update({ embedded: done }),
          })
        : null;
    const sync = createCatalogSync({
      store,
      zoho,
      embeddings,
      logger,
      onProgress: ({ pages, items }) => bar.update({ pages, items }),
    });
    const run = await sync.run({ kind: incremental ? "incremental" : "full" });
    bar.done();
    if (run.status === "failed") {
      console.error(`noor: sync failed: ${run.errors[0] ?? "unknown error"}`);
      return 1;
    }
    const seconds = (((run.finishedAt ?? Date.now()) - run.startedAt) / 1000).toFixed(1);
    const notes = run.errors.length > 0 ? ` (${run.errors.join("; ")})` : "";
    console.log(
      `sync ${run.kind} succeeded in ${seconds} s: ${run.itemsSeen} seen, ${run.itemsUpserted} upserted, ` +
        `${run.itemsDeactivated} deactivated, ${run.itemsEmbedded} embedded${notes}`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`noor: sync failed: ${error.message}`);
    process.exit(1);
  },
);
