import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createEmbedder,
  defaultEmbeddingsSetting,
  type EmbeddingCost,
  embeddingsSettingOf,
  parseEmbeddingsSetting,
} from "../../../src/catalog/embedder.ts";
import { EmbedderError } from "../../../src/catalog/embedders/embedder-error.ts";
import { ConfigError } from "../../../src/config.ts";
import { silentLogger } from "../../../src/log.ts";
import {
  type FakeOpenRouterEmbeddings,
  startFakeOpenRouterEmbeddings,
} from "../../support/fake-openrouter-embeddings.ts";
import { buildTinyModel, type TinyModel } from "../../support/tiny-model.ts";

describe("parseEmbeddingsSetting", () => {
  test("reads the three accepted forms", () => {
    expect(parseEmbeddingsSetting("none")).toEqual({ provider: "none" });
    expect(parseEmbeddingsSetting(" NONE ")).toEqual({ provider: "none" });
    expect(parseEmbeddingsSetting(defaultEmbeddingsSetting)).toEqual({
      provider: "fastembed",
      model: "fast-multilingual-e5-large",
    });
    expect(parseEmbeddingsSetting("fastembed:fast-bge-small-en-v1.5")).toEqual({
      provider: "fastembed",
      model: "fast-bge-small-en-v1.5",
    });
    expect(parseEmbeddingsSetting("fastembed:/srv/models/my-e5")).toEqual({
      provider: "fastembed",
      dir: "/srv/models/my-e5",
    });
    expect(parseEmbeddingsSetting("openrouter:openai/text-embedding-3-small")).toEqual({
      provider: "openrouter",
      model: "openai/text-embedding-3-small",
    });
  });

  test("a relative model dir is made absolute", () => {
    const spec = parseEmbeddingsSetting("fastembed:./data/models/tiny");
    expect(spec).toEqual({ provider: "fastembed", dir: join(process.cwd(), "data/models/tiny") });
  });

  test("the canonical setting string round-trips", () => {
    for (const setting of [
      "none",
      defaultEmbeddingsSetting,
      "openrouter:qwen/qwen3-embedding-8b",
      "fastembed:/m",
    ]) {
      expect(embeddingsSettingOf(parseEmbeddingsSetting(setting))).toBe(setting);
    }
  });

  test.each([
    "",
    "fastembed",
    "fastembed:",
    "fastembed:e5-large",
    "openrouter:",
    "openrouter:text-embedding-3-small",
    "sentence-transformers:all-MiniLM",
  ])("rejects %p, naming EMBEDDINGS and the accepted forms", (setting) => {
    let thrown: unknown;
    try {
      parseEmbeddingsSetting(setting);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const message = (thrown as Error).message;
    expect(message).toStartWith("EMBEDDINGS:");
    expect(message).toContain("fastembed:<model>");
    expect(message).toContain("openrouter:<vendor>/<model>");
    expect(message).toContain("none");
    expect(message).toContain("fast-multilingual-e5-large");
    expect(message).toContain(JSON.stringify(setting));
  });
});

describe("createEmbedder", () => {
  let tiny: TinyModel;
  let fake: FakeOpenRouterEmbeddings;
  const scratch: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), "noor-models-"));
    scratch.push(dir);
    return dir;
  };
  const base = { openrouter: { baseUrl: "http://127.0.0.1:9/api/v1", apiKey: null }, logger: silentLogger };

  beforeAll(async () => {
    tiny = await buildTinyModel();
    fake = startFakeOpenRouterEmbeddings({ apiKey: "or-key", dimensions: 12 });
  });
  afterEach(async () => {
    await Promise.all(scratch.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  afterAll(async () => {
    await tiny.remove();
    await fake.stop();
  });

  test("none gives no embedder", async () => {
    expect(createEmbedder({ ...base, spec: { provider: "none" }, cacheDir: await tempDir() })).toBeNull();
  });

  test("the default model missing from the cache falls back to lexical and downloads nothing", async () => {
    const cacheDir = await tempDir();
    const embedder = createEmbedder({
      ...base,
      spec: parseEmbeddingsSetting(defaultEmbeddingsSetting),
      cacheDir,
    });
    expect(embedder).not.toBeNull();
    expect(embedder!.status()).toBe("off: model not in cache");
    expect(await embedder!.ready()).toBe(false);
    const error = await embedder!.embedQuery("chair").catch((e: unknown) => e);
    expect(EmbedderError.isInstance(error) && error.kind).toBe("unavailable");
    expect(await readdir(cacheDir)).toEqual([]);
  });

  test("a named model already in the cache loads offline, lazily", async () => {
    const cacheDir = await tempDir();
    await buildTinyModel({ dir: join(cacheDir, "fast-multilingual-e5-large"), tokenTypeIds: false });
    const embedder = createEmbedder({
      ...base,
      spec: parseEmbeddingsSetting(defaultEmbeddingsSetting),
      cacheDir,
    })!;
    expect(embedder.model).toBe(defaultEmbeddingsSetting);
    expect(embedder.status()).toBe("idle");
    expect(embedder.dimensions).toBe(0);
    const [vector] = await embedder.embedDocuments(["ergonomic mesh chair"]);
    expect(embedder.status()).toBe("ready");
    expect(embedder.dimensions).toBe(tiny.dimensions);
    expect(vector).toHaveLength(tiny.dimensions);
  });

  test("a model dir loads through fastembed's CUSTOM path; concurrent first calls share one load", async () => {
    const embedder = createEmbedder({
      ...base,
      spec: parseEmbeddingsSetting(`fastembed:${tiny.dir}`),
      cacheDir: "",
    })!;
    const first = embedder.embedQuery("كرسي");
    expect(embedder.status()).toBe("loading");
    const [arabic, english, ok] = await Promise.all([first, embedder.embedQuery("chair"), embedder.ready()]);
    expect(ok).toBe(true);
    expect(embedder.status()).toBe("ready");
    expect(arabic).toEqual(english);
  });

  test("a model that cannot load reports failed: <reason> and refuses calls", async () => {
    const empty = await tempDir();
    const embedder = createEmbedder({ ...base, spec: { provider: "fastembed", dir: empty }, cacheDir: "" })!;
    expect(await embedder.ready()).toBe(false);
    expect(embedder.status()).toStartWith("failed: ");
    expect(embedder.status()).toContain("tokenizer.json");
    const error = await embedder.embedDocuments(["chair"]).catch((e: unknown) => e);
    expect(EmbedderError.isInstance(error) && error.kind).toBe("unavailable");
  });

  test("openrouter measures an unknown model's size and reports cost", async () => {
    const costs: EmbeddingCost[] = [];
    const embedder = createEmbedder({
      ...base,
      spec: parseEmbeddingsSetting("openrouter:acme/embed-small"),
      cacheDir: "",
      openrouter: { baseUrl: fake.url, apiKey: "or-key" },
      onCost: (cost) => costs.push(cost),
    })!;
    expect(embedder.status()).toBe("idle");
    expect(await embedder.ready()).toBe(true);
    expect(embedder.dimensions).toBe(12);
    expect(await embedder.embedQuery("desk")).toEqual(fake.vectorFor("desk"));
    expect(costs.map((c) => c.model)).toEqual(["openrouter:acme/embed-small", "openrouter:acme/embed-small"]);
    expect(costs.every((c) => c.cost > 0)).toBe(true);
  });

  test("openrouter without an API key is off", () => {
    const embedder = createEmbedder({
      ...base,
      spec: parseEmbeddingsSetting("openrouter:acme/x"),
      cacheDir: "",
    })!;
    expect(embedder.status()).toBe("off: OPENROUTER_API_KEY not set");
  });
});
