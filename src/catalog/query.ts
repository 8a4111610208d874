/**
 * The pure side of catalogue search: a customer's words (English, Arabic or mixed) → English search
 * terms, a SKU if one was typed, filters from the constraints they stated ("under 500 AED", "in stock",
 * "أقل من ٥٠٠ درهم") and hints (category, colour) for ranking. The store runs the search.
 */
import type { Language } from "../store/records.ts";
import { normalizeArabic, queryWords, translateArabicQuery } from "./glossary.ts";
import type { SpellingCorrector } from "./spelling.ts";

/** Constraints the customer stated: safe to apply as hard filters. */
export interface SearchFilters {
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
}

/**
 * What the query seems to be about: boost, do not filter. The labelled queries (bench/) show relevant
 * products outside the named category, e.g. a height-adjustable bench (Workstations) for "height
 * adjustable desk" (Desks); as a hard filter the category would drop them.
 */
export interface SearchHints {
  /** A catalogue category, exactly as named there (needs `categories`). */
  category?: string;
  /** A colour, when the query names exactly one. */
  color?: string;
}

export interface ParsedSearchQuery {
  original: string;
  language: Language;
  /** English, lower-case, stop words removed, spelling corrected, in query order without repeats. */
  terms: string[];
  /**
   * A SKU candidate in compact form (see `normalizeSku`): look it up first, and search `terms` when
   * no product has it. A single SKU-shaped token ("tj-chr-1001") is taken out of the terms; a spaced
   * one ("TJ ACC 9504") is less certain, so its words stay in them.
   */
  sku: string | null;
  filters: SearchFilters;
  hints: SearchHints;
  /** True when the corrector changed at least one word. */
  corrected: boolean;
}

/** The form SKUs are compared in: "tj-chr-1001", "TJ CHR 1001" and "TJCHR1001" are all "TJCHR1001". */
export function normalizeSku(sku: string): string {
  return sku.replace(/[^\p{L}\p{N}]/gu, "").toUpperCase();
}

const englishStopWords = new Set(
  `a an the for with without i i'm im me my we our us you your need needs want wants wanted looking look
  search searching find show give get some any do does did have has is are was be there of in on to and or
  what which who can could would should will like buy order price prices cost costs how much many it its
  this that these those from by at about also just something anything please pls hi hello hey thanks thank
  recommend suggest option options item items product products kindly good best more less than`.split(/\s+/),
);

/** Normalised forms (see `normalizeArabic`), since they are compared after it. */
const arabicStopWords = new Set(
  `في من علي الي عن مع هل عندكم عندك لديكم لديك عندي ابي ابغي ابغا بدي اريد نريد ابحث احتاج نحتاج محتاج
  عايز عاوز حابب لو سمحت ممكن انا نحن هذا هذه ذلك تلك التي الذي او ثم كم ما ماذا شو ايش لي لنا يا مرحبا
  السلام عليكم شكرا اعرض اعطني عطني فيه كل بعض اي جدا سعر اسعار بكم`
    .split(/\s+/)
    .map(normalizeArabic),
);

/** English plural → singular, enough to match "lockers" to "Locker" (not a full stemmer). */
function singular(word: string): string {
  if (word.length <= 3 || word.endsWith("ss")) return word;
  if (word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (/(?:ch|sh|x|ss)es$/.test(word)) return word.slice(0, -2);
  return word.endsWith("s") ? word.slice(0, -1) : word;
}

/** Catalogue category names with the (singular) words of each: Reception Desks → reception, desk. */
export type CategoryIndex = ReadonlyMap<string, readonly string[]>;

export function createCategoryIndex(categories: Iterable<string>): CategoryIndex {
  return new Map(
    [...new Set(categories)].map((category) => [
      category,
      (category.toLowerCase().match(/[a-z]{2,}/g) ?? []).map(singular),
    ]),
  );
}

/**
 * The category whose whole name the query says ("reception desk" → Reception Desks, over Desks), or
 * undefined when none or two equally long ones are said.
 */
function categoryFor(terms: string[], index: CategoryIndex): string | undefined {
  const said = new Set(terms.map(singular));
  const named = [...index].filter(([, words]) => words.length > 0 && words.every((w) => said.has(w)));
  const longest = Math.max(0, ...named.map(([, words]) => words.length));
  const best = named.filter(([, words]) => words.length === longest);
  return best.length === 1 ? best[0]![0] : undefined;
}

const colorOf: Record<string, string> = {
  gray: "grey",
  ...Object.fromEntries(
    "black white grey brown blue red green beige navy teal yellow orange pink purple silver gold"
      .split(" ")
      .map((c) => [c, c]),
  ),
};

// Prices. Text is normalised (Arabic digits, alef, ة→ه) and lower-cased before these run.
// `\b` is ASCII-only, so word edges are spelled out to work for Arabic too.
const wordStart = String.raw`(?<![\p{L}\p{N}])`;
const wordEnd = String.raw`(?![\p{L}\p{N}])`;
const number = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(\s*k${wordEnd})?`;
const currency = String.raw`(?:aed|dhs?|dirhams?|درهم|دراهم|د\.?\s?ا)${wordEnd}`;
/** A number followed by a unit is a size or a count, not a price. */
const notAQuantity = String.raw`(?!\s*(?:people|persons?|seaters?|seats?|users?|cm|mm|m|kg|drawers?|doors?|shelves|pcs|شخص|اشخاص|افراد|مقاعد|سم|ادراج)${wordEnd})`;
const price = String.raw`${number}${notAQuantity}(?:\s*${currency})?`;
const pricedNumber = String.raw`${number}\s*${currency}`;

type PriceRule = { pattern: RegExp; set: "max" | "min" | "range" };
const rule = (set: PriceRule["set"], source: string): PriceRule => ({
  pattern: new RegExp(wordStart + source, "u"),
  set,
});

/** Tried in order; each match is cut out of the text so later rules and the terms do not see it. */
const priceRules: PriceRule[] = [
  rule("range", String.raw`(?:between|from)\s+${price}\s+(?:and|to|-)\s+${price}`),
  rule("range", String.raw`(?:بين|من)\s+${price}\s*(?:و|الي|لين|حتي|-)\s*${price}`),
  rule("range", String.raw`${number}\s*(?:-|–|to)\s*${pricedNumber}`),
  rule(
    "max",
    String.raw`(?:under|below|less than|cheaper than|lower than|max(?:imum)?|up to|upto|within|no more than|not more than|at most|budget(?: of| is)?(?: around)?)\s+${price}`,
  ),
  rule(
    "max",
    String.raw`(?:اقل من|ارخص من|تحت|حتي|لغايه|بحد اقصي|لا يزيد عن|ميزانيه|بميزانيه|بحدود|في حدود)\s*${price}`,
  ),
  rule("max", String.raw`${price}\s+(?:or less|or below|or under|max(?:imum)?|او اقل)`),
  rule(
    "min",
    String.raw`(?:over|above|more than|greater than|at least|min(?:imum)?|starting (?:at|from))\s+${price}`,
  ),
  rule("min", String.raw`(?:اكثر من|اعلي من|فوق|لا يقل عن)\s*${price}`),
  rule("min", String.raw`${price}\s*(?:or more|and above|and up|\+|او اكثر)`),
  rule("min", String.raw`(?:from|من)\s+${pricedNumber}`),
  // A bare price ("a chair 500 aed") is read as a budget.
  rule("max", pricedNumber),
];

function amount(digits: string | undefined, thousands: string | undefined): number | null {
  if (!digits) return null;
  const value = Number(digits.replace(/,/g, "")) * (thousands ? 1000 : 1);
  return Number.isFinite(value) && value > 0 ? value : null;
}

function extractPrices(text: string): { rest: string; minPrice?: number; maxPrice?: number } {
  let rest = text;
  const found: { minPrice?: number; maxPrice?: number } = {};
  for (const { pattern, set } of priceRules) {
    const match = pattern.exec(rest);
    if (!match) continue;
    const first = amount(match[1], match[2]);
    const second = amount(match[3], match[4]);
    if (set === "range" && first !== null && second !== null) {
      found.minPrice = Math.min(first, second);
      found.maxPrice = Math.max(first, second);
    } else if (set === "max" && first !== null) {
      found.maxPrice ??= first;
    } else if (set === "min" && first !== null) {
      found.minPrice ??= first;
    }
    rest = `${rest.slice(0, match.index)} ${rest.slice(match.index + match[0].length)}`;
  }
  return { rest, ...found };
}

const inStockPattern =
  /\b(?:in[- ]stock|available(?: now| today)?|ready stock)\b|في المخزون|متوفر(?:ه)?|متاح(?:ه)?|موجود(?:ه)?/u;

/** Letters and digits mixed (two of each at least), like TJ-CHR-1001; not a size such as h120cm. */
function isSkuShaped(token: string): boolean {
  const compact = normalizeSku(token);
  if (compact.length < 5 || compact.length > 32 || !/^[A-Z0-9]+$/.test(compact)) return false;
  const letters = compact.replace(/[^A-Z]/g, "").length;
  const digits = compact.length - letters;
  const sizeOrAmount = /^[A-Z]?\d+(?:X\d+)*[A-Z]{0,3}$/.test(compact);
  return letters >= 2 && digits >= 2 && !sizeOrAmount;
}

function extractSku(text: string): { rest: string; sku: string | null } {
  const explicit = /\bsku\s*[:#]?\s*([a-z0-9][a-z0-9_/.-]*)/iu.exec(text);
  if (explicit) {
    return { rest: text.replace(explicit[0], " "), sku: normalizeSku(explicit[1]!) || null };
  }
  const token = text.match(/[a-z0-9]+(?:[-_/.][a-z0-9]+)*/giu)?.find(isSkuShaped);
  if (token) return { rest: text.replace(token, " "), sku: normalizeSku(token) };
  return { rest: text, sku: spacedSku(text) };
}

/** "tj acc 9504": two or three short letter groups (not stop words) before a 3–6 digit number. */
function spacedSku(text: string): string | null {
  const tokens = text.match(/[a-z0-9]+/gu) ?? [];
  for (const [i, token] of tokens.entries()) {
    if (!/^\d{3,6}$/.test(token)) continue;
    let start = i;
    while (
      start > 0 &&
      i - start < 3 &&
      /^[a-z]{2,4}$/.test(tokens[start - 1]!) &&
      !englishStopWords.has(tokens[start - 1]!)
    ) {
      start--;
    }
    if (i - start >= 2) return normalizeSku(tokens.slice(start, i + 1).join(""));
  }
  return null;
}

/** By letters: Arabic when it has at least as many Arabic letters as Latin ones (SKUs taken out). */
function detectLanguage(text: string): Language {
  const arabic = text.match(/\p{Script=Arabic}/gu)?.length ?? 0;
  const latin = text.match(/\p{Script=Latin}/gu)?.length ?? 0;
  return arabic > 0 && arabic >= latin ? "ar" : "en";
}

/** The one colour the terms name, or undefined when they name none or several. */
function colorFor(terms: string[]): string | undefined {
  const colors = new Set(terms.flatMap((term) => (Object.hasOwn(colorOf, term) ? [colorOf[term]!] : [])));
  return colors.size === 1 ? [...colors][0] : undefined;
}

export function parseSearchQuery(
  text: string,
  { corrector, categories }: { corrector?: SpellingCorrector; categories?: CategoryIndex } = {},
): ParsedSearchQuery {
  const normalized = normalizeArabic(text).toLowerCase().replace(/\s+/g, " ");
  const { rest: withoutSku, sku } = extractSku(normalized);
  // A SKU's letters say nothing about the customer's language.
  const language = detectLanguage(withoutSku);
  const { rest: withoutPrices, minPrice, maxPrice } = extractPrices(withoutSku);
  const inStock = inStockPattern.test(withoutPrices);
  const remaining = withoutPrices.replace(new RegExp(inStockPattern.source, "gu"), " ");

  const words = /\p{Script=Arabic}/u.test(remaining)
    ? translateArabicQuery(remaining)
    : queryWords(remaining);
  let corrected = false;
  const terms: string[] = [];
  const isNoise = (word: string) =>
    englishStopWords.has(word) || arabicStopWords.has(word) || /^\p{L}$/u.test(word);
  for (const word of words) {
    const lower = word.toLowerCase();
    if (isNoise(lower)) continue;
    const fixed = corrector ? corrector.correct(lower) : lower;
    if (fixed !== lower) corrected = true;
    if (!isNoise(fixed) && !terms.includes(fixed)) terms.push(fixed);
  }

  const filters: SearchFilters = {};
  if (minPrice !== undefined) filters.minPrice = minPrice;
  if (maxPrice !== undefined) filters.maxPrice = maxPrice;
  if (inStock) filters.inStock = true;
  const hints: SearchHints = {};
  const category = categories && categoryFor(terms, categories);
  if (category) hints.category = category;
  const color = colorFor(terms);
  if (color) hints.color = color;

  return { original: text, language, terms, sku, filters, hints, corrected };
}
