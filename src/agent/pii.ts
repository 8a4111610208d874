/**
 * PII masking: phone numbers and emails are replaced by stable placeholders
 * (`[PHONE_1]`, `[EMAIL_1]`) before any text reaches the LLM, and restored in
 * what comes back. A vault holds the mapping for one conversation; seeding it
 * with stored entries keeps placeholders stable across turns.
 *
 * Detection errs on structure, not on "any long number": a phone must start
 * like one (`+`, `00`, `971`, a UAE `0` prefix, a UAE mobile `5x`) and have the
 * right digit count, or be an unbroken run of 10–15 digits. SKUs, order
 * numbers, prices, quantities, dimensions, dates and times do not fit those
 * shapes; a number glued to letters or a code (`ABC-12345678`) is never a phone.
 */

export type PiiKind = "PHONE" | "EMAIL";

export interface PiiEntry {
  placeholder: string;
  value: string;
}

export interface PiiVault {
  mask(text: string): string;
  unmask(text: string): string;
  /** Masks every string inside a JSON-like value (tool args and results); returns a copy. */
  maskDeep<T>(value: T): T;
  unmaskDeep<T>(value: T): T;
  /** The mappings made so far, seeded ones included, to store for the next turn. */
  entries(): PiiEntry[];
}

/** Arabic-Indic (U+0660–0669) and Eastern Arabic-Indic/Persian (U+06F0–06F9) digits → ASCII. */
export function toAsciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) & 0xf));
}

const EMAIL =
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}/g;

// One optional separator between digit groups.
const SEP = "[ \\u00A0.\\-]?";
// The UAE subscriber part: `123 4567`, `1234567` (7 digits, grouped or not).
const UAE_SUBSCRIBER = `(?:\\d{3}${SEP}\\d{4}|\\d{7})`;
// After the country code: mobile 5x + 7 digits, landline area 2/3/4/6/7/9 + 7 digits.
const UAE_NATIONAL = `(?:\\(0\\)${SEP})?(?:5\\d|[2-4679])${SEP}${UAE_SUBSCRIBER}`;

const PHONE_SHAPES = [
  // UAE international: +971 50 123 4567, 00971501234567, 971-50-1234567
  `(?:\\+|00)?971${SEP}${UAE_NATIONAL}`,
  // North America: +1 (415) 555-2671
  `(?:\\+|00)1${SEP}\\(?\\d{3}\\)?${SEP}\\d{3}${SEP}\\d{4}`,
  // Any other international number: + or 00, then 8–15 digits, each optionally after a separator or in parentheses
  `(?:\\+|00)[1-9](?:${SEP}\\(?\\d\\)?){7,14}`,
  // UAE national: 050 1234567, (050) 123-4567, 04 123 4567
  `\\(?0(?:5\\d|[2-4679])\\)?${SEP}${UAE_SUBSCRIBER}`,
  // UAE mobile written without the trunk 0: 50 123 4567
  `5[024568]${SEP}${UAE_SUBSCRIBER}`,
  // An unbroken run of 10–15 digits
  "\\d{10,15}",
];

// Not glued to a word, a code (`ABC-`, `SO-`), a decimal or another number; the
// trailing guard also refuses a phone-like prefix of a longer number or a time (`:30`).
const PHONE = new RegExp(
  `(?<![\\p{L}\\p{N}_+]|[\\p{L}\\p{N}][\\-/.])(?:${PHONE_SHAPES.join("|")})(?![\\p{L}\\p{N}_]|[\\-/.:]\\d)`,
  "gu",
);

const PLACEHOLDER = /\[(PHONE|EMAIL)_(\d+)\]/g;

const digitCount = (s: string) => s.replace(/\D/g, "").length;

/** A phone number's digits with its country code (UAE when written nationally): `+971 (0)50…`, `050…` → `97150…`. */
export function phoneDigits(raw: string): string {
  let d = toAsciiDigits(raw).replace(/\D/g, "");
  if (d.startsWith("00")) d = d.slice(2);
  else if (/^0[2-9]\d{7,8}$/.test(d)) d = `971${d.slice(1)}`;
  else if (/^5\d{8}$/.test(d)) d = `971${d}`;
  if (d.startsWith("9710")) d = `971${d.slice(4)}`; // +971 (0)50 …
  return d;
}

/** A phone's identity regardless of how it was written. */
const phoneKey = (raw: string) => `PHONE:${phoneDigits(raw)}`;

const emailKey = (raw: string) => `EMAIL:${raw.toLowerCase()}`;

/** Spans of phone numbers in `text` (indices into the original string). */
export function findPhones(text: string): { start: number; end: number; value: string }[] {
  // Digit mapping keeps UTF-16 length, so indices found on the ASCII copy hold for the original.
  const ascii = toAsciiDigits(text);
  const found: { start: number; end: number; value: string }[] = [];
  for (const m of ascii.matchAll(PHONE)) {
    let value = m[0];
    // A dangling "(" or ")" may belong to the surrounding text, not the number.
    const open = (value.match(/\(/g) ?? []).length;
    const close = (value.match(/\)/g) ?? []).length;
    if (close > open && value.endsWith(")")) value = value.slice(0, -1);
    const n = digitCount(value);
    if (n < 8 || n > 15) continue;
    found.push({
      start: m.index,
      end: m.index + value.length,
      value: text.slice(m.index, m.index + value.length),
    });
  }
  return found;
}

export function findEmails(text: string): { start: number; end: number; value: string }[] {
  return [...text.matchAll(EMAIL)].map((m) => ({ start: m.index, end: m.index + m[0].length, value: m[0] }));
}

export function createPiiVault({ entries = [] }: { entries?: PiiEntry[] } = {}): PiiVault {
  const byKey = new Map<string, string>(); // identity key → placeholder
  const byPlaceholder = new Map<string, string>(); // placeholder → original value
  const counters: Record<PiiKind, number> = { PHONE: 0, EMAIL: 0 };

  const remember = (kind: PiiKind, key: string, placeholder: string, value: string) => {
    byKey.set(key, placeholder);
    byPlaceholder.set(placeholder, value);
    const n = Number(placeholder.match(/_(\d+)\]$/)?.[1] ?? 0);
    counters[kind] = Math.max(counters[kind], n);
  };

  for (const { placeholder, value } of entries) {
    const kind = placeholder.match(/^\[(PHONE|EMAIL)_\d+\]$/)?.[1] as PiiKind | undefined;
    if (!kind) continue;
    remember(kind, kind === "PHONE" ? phoneKey(value) : emailKey(value), placeholder, value);
  }

  const placeholderFor = (kind: PiiKind, key: string, value: string) => {
    const known = byKey.get(key);
    if (known) return known;
    const placeholder = `[${kind}_${counters[kind] + 1}]`;
    remember(kind, key, placeholder, value);
    return placeholder;
  };

  const replaceSpans = (
    text: string,
    spans: { start: number; end: number; value: string }[],
    kind: PiiKind,
  ) => {
    let out = "";
    let at = 0;
    for (const { start, end, value } of spans) {
      const key = kind === "PHONE" ? phoneKey(value) : emailKey(value);
      out += text.slice(at, start) + placeholderFor(kind, key, value);
      at = end;
    }
    return out + text.slice(at);
  };

  // Emails first, so digits inside an address are never read as a phone.
  const mask = (text: string) => {
    const withoutEmails = replaceSpans(text, findEmails(text), "EMAIL");
    return replaceSpans(withoutEmails, findPhones(withoutEmails), "PHONE");
  };
  const unmask = (text: string) =>
    text.replace(PLACEHOLDER, (placeholder) => byPlaceholder.get(placeholder) ?? placeholder);

  return {
    mask,
    unmask,
    maskDeep: (value) => mapStrings(value, mask),
    unmaskDeep: (value) => mapStrings(value, unmask),
    entries: () => [...byPlaceholder].map(([placeholder, value]) => ({ placeholder, value })),
  };
}

function mapStrings<T>(value: T, fn: (s: string) => string): T {
  if (typeof value === "string") return fn(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn)) as T;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)])) as T;
  }
  return value;
}
