/**
 * A tiny embedding model that fastembed loads for real (tokenizer.json through HF tokenizers, model.onnx
 * through onnxruntime), built into a temp dir at test time: no weights exist on this machine.
 *
 * The model is a mean-pooled bag of words. Every concept has one embedding row shared by its English and
 * Arabic words, so "كرسي" embeds like "chair": a deterministic, "multilingual" stand-in for e5. Rows mix a
 * group vector (seating, storage, colours, …) with the concept's own, so related concepts sit closer than
 * unrelated ones. Single characters are word pieces with small rows, so unknown words are never [UNK]
 * and never yield a zero vector. Recipe: shared/reference/stack.md §4.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onnx } from "onnx-proto";
import { createEmbedder, type ManagedEmbedder } from "../../src/catalog/embedder.ts";
import { silentLogger } from "../../src/log.ts";

type Group = "seating" | "tables" | "storage" | "lounge" | "accessories" | "colour" | "material" | "form";

/** [group, English words, Arabic words]: each row is one concept. */
const concepts: [Group, string[], string[]][] = [
  ["seating", ["chair"], ["كرسي", "كراسي"]],
  ["seating", ["seat", "seating"], ["مقعد", "مقاعد"]],
  ["seating", ["mesh"], ["شبكي", "شبك"]],
  ["seating", ["ergonomic"], ["مريح", "طبي"]],
  ["seating", ["executive", "manager"], ["تنفيذي", "مدير"]],
  ["seating", ["visitor", "guest"], ["زائر", "زوار", "ضيوف"]],
  ["seating", ["swivel"], ["دوار"]],
  ["seating", ["lumbar"], ["قطني"]],
  ["seating", ["stool"], ["ستول"]],
  ["seating", ["back", "backrest"], ["ظهر"]],
  ["seating", ["wheels", "castors"], ["عجلات"]],
  ["tables", ["desk"], ["مكتب", "مكاتب"]],
  ["tables", ["table"], ["طاولة", "طاولات", "طاوله"]],
  ["tables", ["meeting", "conference", "boardroom"], ["اجتماعات", "اجتماع", "مؤتمرات"]],
  ["tables", ["workstation", "workstations"], ["محطة", "محطات"]],
  ["tables", ["height"], ["ارتفاع"]],
  ["tables", ["adjustable"], ["تعديل", "قابل"]],
  ["tables", ["standing", "sit-stand"], ["وقوف", "واقف"]],
  ["tables", ["electric", "motorised"], ["كهربائي"]],
  ["tables", ["reception"], ["استقبال"]],
  ["tables", ["coffee"], ["قهوة"]],
  ["tables", ["round"], ["دائري", "دائرية"]],
  ["tables", ["rectangular"], ["مستطيل"]],
  ["tables", ["training"], ["تدريب"]],
  ["storage", ["cabinet", "cupboard"], ["خزانة", "دولاب"]],
  ["storage", ["locker", "lockers"], ["خزائن", "لوكر"]],
  ["storage", ["filing", "files"], ["ملفات", "ملف"]],
  ["storage", ["drawer", "drawers"], ["ادراج", "درج"]],
  ["storage", ["pedestal"], ["قاعدة"]],
  ["storage", ["bookcase", "bookshelf"], ["مكتبة"]],
  ["storage", ["shelf", "shelves", "shelving"], ["رف", "رفوف"]],
  ["storage", ["storage"], ["تخزين"]],
  ["storage", ["mobile"], ["متنقل"]],
  ["storage", ["lock"], ["قفل"]],
  ["lounge", ["sofa", "couch"], ["كنبة", "اريكة", "كنب"]],
  ["lounge", ["lounge"], ["استراحة", "صالة"]],
  ["lounge", ["pouf", "ottoman"], ["بوف"]],
  ["lounge", ["cushion"], ["وسادة"]],
  ["lounge", ["armchair"], ["فوتيه"]],
  ["lounge", ["booth", "pod"], ["كابينة"]],
  ["accessories", ["lamp", "light"], ["مصباح", "لمبة"]],
  ["accessories", ["monitor", "screen"], ["شاشة"]],
  ["accessories", ["arm"], ["ذراع"]],
  ["accessories", ["cable"], ["كابل", "اسلاك"]],
  ["accessories", ["whiteboard", "board"], ["سبورة"]],
  ["accessories", ["partition", "divider"], ["فاصل", "قاطع"]],
  ["accessories", ["footrest"], ["مسند"]],
  ["accessories", ["coat", "hanger"], ["علاقة"]],
  ["accessories", ["bin"], ["سلة"]],
  ["accessories", ["acoustic"], ["صوتي", "عازل"]],
  ["colour", ["black"], ["اسود", "سوداء"]],
  ["colour", ["white"], ["ابيض", "بيضاء"]],
  ["colour", ["grey", "gray"], ["رمادي"]],
  ["colour", ["brown"], ["بني"]],
  ["colour", ["blue"], ["ازرق", "زرقاء"]],
  ["colour", ["red"], ["احمر", "حمراء"]],
  ["colour", ["green"], ["اخضر", "خضراء"]],
  ["colour", ["beige"], ["بيج"]],
  ["colour", ["walnut"], ["جوز"]],
  ["colour", ["oak"], ["بلوط"]],
  ["material", ["leather"], ["جلد", "جلدي"]],
  ["material", ["fabric"], ["قماش"]],
  ["material", ["wood", "wooden"], ["خشب", "خشبي"]],
  ["material", ["glass"], ["زجاج", "زجاجي"]],
  ["material", ["metal", "steel"], ["معدن", "معدني", "حديد"]],
  ["material", ["plastic"], ["بلاستيك"]],
  ["material", ["marble"], ["رخام"]],
  ["form", ["large", "big"], ["كبير", "كبيرة"]],
  ["form", ["small", "compact"], ["صغير", "صغيرة"]],
  ["form", ["person", "people", "seater"], ["شخص", "اشخاص", "افراد"]],
  ["form", ["office"], ["مكتبي"]],
  ["form", ["staff", "employee"], ["موظف", "موظفين"]],
  ["form", ["home"], ["منزل"]],
  ["form", ["modular"], ["معياري"]],
  ["form", ["high"], ["عالي"]],
  ["form", ["low"], ["منخفض"]],
];

/** Pieces that carry no meaning: e5 prefixes, plural endings, Arabic article and conjunction prefixes. */
const silentPieces = [
  "passage",
  "query",
  ":",
  "-",
  ",",
  ".",
  "/",
  "the",
  "a",
  "for",
  "with",
  "and",
  "##s",
  "##es",
  "ال",
  "و",
  "ب",
  "لل",
  "وال",
  "بال",
];

const latinChars = "abcdefghijklmnopqrstuvwxyz0123456789";
const arabicChars = "ابتثجحخدذرزسشصضطظعغفقكلمنهويةىء";
const specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"];

/** What BertNormalizer(lowercase, strip_accents) makes of a word: أ→ا, ئ→ي, no diacritics. */
function normalizeLikeBert(word: string): string {
  return word
    .normalize("NFD")
    .replace(/\p{Mn}/gu, "")
    .toLowerCase();
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function unitVector(random: () => number, dimensions: number): number[] {
  const v = Array.from({ length: dimensions }, () => random() * 2 - 1);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

export const tinyModelDimensions = 48;

interface Vocabulary {
  tokens: Map<string, number>;
  rows: number[][];
}

function buildVocabulary(dimensions: number): Vocabulary {
  const random = seededRandom(20240601);
  const tokens = new Map<string, number>();
  const rows: number[][] = [];
  const zero = () => new Array<number>(dimensions).fill(0);
  const add = (token: string, row: number[]) => {
    if (tokens.has(token)) return;
    tokens.set(token, rows.length);
    rows.push(row);
  };
  for (const token of specials) add(token, zero());
  for (const token of silentPieces) add(normalizeLikeBert(token), zero());

  const groups = new Map<Group, number[]>();
  for (const [group, english, arabic] of concepts) {
    if (!groups.has(group)) groups.set(group, unitVector(random, dimensions));
    const groupVector = groups.get(group)!;
    const own = unitVector(random, dimensions);
    const row = own.map((x, i) => 0.866 * x + 0.5 * groupVector[i]!);
    for (const word of english) add(normalizeLikeBert(word), row);
    for (const word of arabic) {
      const normalized = normalizeLikeBert(word);
      add(normalized, row);
      // After an Arabic prefix piece (ال، و، ب) the rest of the word is a continuation piece.
      add(`##${normalized}`, row);
    }
  }
  for (const char of latinChars + arabicChars) {
    const row = unitVector(random, dimensions).map((x) => x * 0.2);
    add(char, row);
    add(`##${char}`, row);
  }
  return { tokens, rows };
}

function tokenizerJson(tokens: Map<string, number>) {
  const special = (token: string) => ({
    id: tokens.get(token),
    content: token,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const templateToken = (token: string) => ({ id: token, ids: [tokens.get(token)], tokens: [token] });
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: specials.map(special),
    normalizer: {
      type: "BertNormalizer",
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: true,
      lowercase: true,
    },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [
        { SpecialToken: { id: "[CLS]", type_id: 0 } },
        { Sequence: { id: "A", type_id: 0 } },
        { SpecialToken: { id: "[SEP]", type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: "[CLS]", type_id: 0 } },
        { Sequence: { id: "A", type_id: 0 } },
        { SpecialToken: { id: "[SEP]", type_id: 0 } },
        { Sequence: { id: "B", type_id: 1 } },
        { SpecialToken: { id: "[SEP]", type_id: 1 } },
      ],
      special_tokens: { "[CLS]": templateToken("[CLS]"), "[SEP]": templateToken("[SEP]") },
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: "[UNK]",
      continuing_subword_prefix: "##",
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(tokens),
    },
  };
}

const { DataType } = onnx.TensorProto;

function floatTensor(name: string, dims: number[], values: number[]): onnx.ITensorProto {
  return onnx.TensorProto.create({
    name,
    dims,
    dataType: DataType.FLOAT,
    rawData: new Uint8Array(new Float32Array(values).buffer),
  });
}

function int64Tensor(name: string, values: number[]): onnx.ITensorProto {
  return onnx.TensorProto.create({
    name,
    dims: [values.length],
    dataType: DataType.INT64,
    int64Data: values,
  });
}

function valueInfo(name: string, elemType: number, dims: (number | string)[]): onnx.IValueInfoProto {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType,
        shape: onnx.TensorShapeProto.create({
          dim: dims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })),
        }),
      }),
    }),
  });
}

const node = (opType: string, input: string[], output: string[], attribute: onnx.IAttributeProto[] = []) =>
  onnx.NodeProto.create({ opType, input, output, name: output[0], attribute });

/**
 * Mean of the token rows over the attention mask, emitted already pooled as `last_hidden_state [B,1,D]`
 * (fastembed takes row 0 and L2-normalises it).
 */
function modelBytes({ rows, tokenTypeIds }: { rows: number[][]; tokenTypeIds: boolean }): Uint8Array {
  const dimensions = rows[0]!.length;
  const inputs = [
    valueInfo("input_ids", DataType.INT64, ["batch", "sequence"]),
    valueInfo("attention_mask", DataType.INT64, ["batch", "sequence"]),
  ];
  const initializer = [
    floatTensor("word_embeddings", [rows.length, dimensions], rows.flat()),
    int64Tensor("axis_2", [2]),
    int64Tensor("axis_1", [1]),
  ];
  const nodes = [node("Gather", ["word_embeddings", "input_ids"], ["word_vectors"])];
  if (tokenTypeIds) {
    inputs.push(valueInfo("token_type_ids", DataType.INT64, ["batch", "sequence"]));
    initializer.push(floatTensor("type_embeddings", [2, dimensions], new Array(2 * dimensions).fill(0)));
    nodes.push(
      node("Gather", ["type_embeddings", "token_type_ids"], ["type_vectors"]),
      node("Add", ["word_vectors", "type_vectors"], ["token_vectors"]),
    );
  } else {
    nodes.push(node("Identity", ["word_vectors"], ["token_vectors"]));
  }
  nodes.push(
    node("Cast", ["attention_mask"], ["mask_float"], [{ name: "to", type: 2, i: DataType.FLOAT }]),
    node("Unsqueeze", ["mask_float", "axis_2"], ["mask_3d"]),
    node("Mul", ["token_vectors", "mask_3d"], ["masked"]),
    node("ReduceSum", ["masked", "axis_1"], ["summed"], [{ name: "keepdims", type: 2, i: 1 }]),
    node("ReduceSum", ["mask_3d", "axis_1"], ["counts"], [{ name: "keepdims", type: 2, i: 1 }]),
    node("Div", ["summed", "counts"], ["last_hidden_state"]),
  );
  const graph = onnx.GraphProto.create({
    name: "tiny-bag-of-words",
    node: nodes,
    initializer,
    input: inputs,
    output: [valueInfo("last_hidden_state", DataType.FLOAT, ["batch", 1, dimensions])],
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: "noor-tests",
    opsetImport: [{ domain: "", version: 13 }],
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

export interface TinyModel {
  /** The directory holding model.onnx, tokenizer.json and the config files. */
  dir: string;
  dimensions: number;
  /** Every English and Arabic concept word the model knows. */
  words: string[];
  remove(): Promise<void>;
}

export interface BuildTinyModelOptions {
  /** Where to write the files; a fresh temp dir by default (removed by `remove()`). */
  dir?: string;
  /** e5 models take no token_type_ids input; leave it out to stand in for one. */
  tokenTypeIds?: boolean;
  /** Fixed padded length fastembed will use (`model_max_length`). */
  maxLength?: number;
}

export async function buildTinyModel({
  dir,
  tokenTypeIds = true,
  maxLength = 48,
}: BuildTinyModelOptions = {}): Promise<TinyModel> {
  const target = dir ?? (await mkdtemp(join(tmpdir(), "noor-tiny-model-")));
  await mkdir(target, { recursive: true });
  const { tokens, rows } = buildVocabulary(tinyModelDimensions);
  await Promise.all([
    Bun.write(join(target, "model.onnx"), modelBytes({ rows, tokenTypeIds })),
    Bun.write(join(target, "tokenizer.json"), JSON.stringify(tokenizerJson(tokens))),
    Bun.write(
      join(target, "config.json"),
      JSON.stringify({ model_type: "bert", hidden_size: tinyModelDimensions, pad_token_id: 0 }),
    ),
    Bun.write(
      join(target, "tokenizer_config.json"),
      JSON.stringify({ model_max_length: maxLength, pad_token: "[PAD]", do_lower_case: true }),
    ),
    Bun.write(
      join(target, "special_tokens_map.json"),
      JSON.stringify({ pad_token: "[PAD]", unk_token: "[UNK]", cls_token: "[CLS]", sep_token: "[SEP]" }),
    ),
  ]);
  return {
    dir: target,
    dimensions: tinyModelDimensions,
    words: concepts.flatMap(([, english, arabic]) => [...english, ...arabic]),
    remove: () => rm(target, { recursive: true, force: true }),
  };
}

/** The tiny model loaded through the real fastembed path (`createEmbedder` with a local model dir). */
export function tinyModelEmbedder(tiny: TinyModel): ManagedEmbedder {
  return createEmbedder({
    spec: { provider: "fastembed", dir: tiny.dir },
    cacheDir: tiny.dir,
    openrouter: { baseUrl: "http://127.0.0.1:9", apiKey: null },
    logger: silentLogger,
  })!;
}
