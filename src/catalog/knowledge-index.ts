/**
 * The knowledge base: markdown documents (delivery, warranty, payment terms, …) cut into one chunk per
 * `##` section, titled "<document>: <section>" so a chunk read alone still says what it is about, and
 * stored per document (`replaceKnowledge` keeps unchanged chunks and their embeddings).
 */
import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "../log.ts";
import type { CatalogStore } from "../store/catalog-store.ts";
import type { KnowledgeChunkInput } from "../store/records.ts";

/** The documents shipped with Noor. */
export const defaultKnowledgeDir = fileURLToPath(new URL("./knowledge/", import.meta.url));

/** Text before the first `##` becomes a chunk of its own, titled by the document, when it says something. */
export function chunkKnowledge({
  source,
  markdown,
}: {
  source: string;
  markdown: string;
}): KnowledgeChunkInput[] {
  const lines = markdown.replace(/\r\n?/g, "\n").split("\n");
  const docTitle =
    lines
      .find((line) => /^#\s/.test(line))
      ?.replace(/^#\s+/, "")
      .trim() || basename(source).replace(/\.md$/i, "");
  const sections: { heading: string | null; body: string[] }[] = [{ heading: null, body: [] }];
  for (const line of lines) {
    const heading = /^##\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) sections.push({ heading: heading[1]!, body: [] });
    else if (!/^#\s/.test(line)) sections.at(-1)!.body.push(line);
  }
  return sections
    .map(({ heading, body }) => ({
      title: heading ? `${docTitle}: ${heading}` : docTitle,
      body: body.join("\n").trim(),
    }))
    .filter((chunk) => chunk.body.length > 0)
    .map((chunk, position) => ({ source, ...chunk, position }));
}

export interface IndexKnowledgeOptions {
  store: { catalog: CatalogStore };
  dir?: string;
  logger: Logger;
}

/** Reads every `*.md` in `dir` and stores its chunks; resolves to the counts. */
export async function indexKnowledge({
  store,
  dir = defaultKnowledgeDir,
  logger,
}: IndexKnowledgeOptions): Promise<{ documents: number; chunks: number }> {
  const files = (await readdir(dir)).filter((name) => name.toLowerCase().endsWith(".md")).sort();
  let chunks = 0;
  for (const file of files) {
    const found = chunkKnowledge({ source: file, markdown: await readFile(join(dir, file), "utf8") });
    await store.catalog.replaceKnowledge(file, found);
    chunks += found.length;
  }
  logger.info("knowledge indexed", { documents: files.length, chunks });
  return { documents: files.length, chunks };
}
