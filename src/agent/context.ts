/**
 * The model's view of the conversation: the last few messages verbatim, and a
 * rule-based summary of everything older (no LLM call, so it costs nothing and
 * cannot invent facts). The summary keeps what a salesperson would jot down:
 * who the customer is, products and SKUs, quantities, budget, and requests.
 *
 * Output is raw text: the caller masks PII in both history and summary.
 */
import type { ModelMessage } from "ai";
import type { Conversation, Message } from "../store/records.ts";
import { toAsciiDigits } from "./pii.ts";

export interface ContextOptions {
  /** The conversation's messages, oldest first. */
  messages: Message[];
  conversation: Pick<Conversation, "customerName" | "companyName">;
  /** How many of the latest messages go to the model verbatim. */
  recentCount?: number;
  maxSummaryChars?: number;
}

export interface ModelContext {
  /** Facts from the messages older than the recent window; null when there are none. */
  summary: string | null;
  history: ModelMessage[];
}

export function buildContext({
  messages,
  conversation,
  recentCount = 10,
  maxSummaryChars = 1200,
}: ContextOptions): ModelContext {
  const cut = Math.max(0, messages.length - recentCount);
  const older = messages.slice(0, cut);
  const history = messages.slice(cut).flatMap((m): ModelMessage[] => {
    const content = renderMessage(m);
    if (!content) return [];
    if (m.role === "user") return [{ role: "user", content }];
    return [{ role: "assistant", content: m.role === "operator" ? `(sales manager) ${content}` : content }];
  });
  return { summary: summarize({ older, conversation, maxChars: maxSummaryChars }), history };
}

const mediaVerb: Partial<Record<Message["kind"], string>> = {
  image: "sent an image",
  video: "sent a video",
  document: "sent a document",
  location: "shared a location",
};

/** A message as the model reads it; media becomes a bracketed description, with its caption after it. */
export function renderMessage(message: Message): string {
  const text = message.text?.trim() ?? "";
  const who = message.role === "user" ? "customer " : "";
  const verb = mediaVerb[message.kind];
  if (verb) {
    const where = message.contentUri ?? (message.kind === "location" ? text : "");
    const caption = message.kind === "location" ? "" : text;
    return [`[${who}${verb}${where ? `: ${where}` : ""}]`, caption].filter(Boolean).join(" ");
  }
  switch (message.kind) {
    case "audio":
      return `[${who}sent a voice note]`;
    case "vcard":
      return `[${who}shared a contact card]`;
    case "missing_call":
      return `[${who}tried to call; the call was missed]`;
    case "unsupported":
      return `[${who}sent a message of a type that cannot be shown]`;
    default:
      return text;
  }
}

// --- the summary -----------------------------------------------------------

const SKU = /\b[A-Z]{2,4}-[A-Z]{2,4}-\d{3,5}\b/g;
const PRODUCT_NOUNS =
  "chairs?|desks?|tables?|workstations?|cabinets?|pedestals?|lockers?|sofas?|couch(?:es)?|bookcases?|shel(?:f|ves)|partitions?|stools?|benches|bench|wardrobes?|armchairs?|pods?|booths?|counters?|drawers?";
const PRODUCT_QUALIFIERS =
  "ergonomic|executive|office|mesh|visitor|meeting|conference|standing|height[- ]adjustable|l[- ]shaped|reception|filing|storage|gaming|training";
const PRODUCT = new RegExp(`\\b(?:(${PRODUCT_QUALIFIERS})\\s+)?(${PRODUCT_NOUNS})\\b`, "gi");
const QUANTITY = new RegExp(
  `\\b(\\d{1,5})\\s*(?:x\\s*)?(?:(${PRODUCT_QUALIFIERS})\\s+)?(${PRODUCT_NOUNS})\\b`,
  "gi",
);
const SKU_QUANTITY = /\b([A-Z]{2,4}-[A-Z]{2,4}-\d{3,5})\s*[x×]\s*(\d{1,5})\b/g;
const ARABIC_PRODUCTS: [RegExp, string][] = [
  [/كرسي|كراسي/, "chairs"],
  [/طاولة|طاولات/, "tables"],
  [/خزانة|خزائن/, "cabinets"],
  [/كنبة|أريكة|كنب/, "sofas"],
  [/رفوف|رف/, "shelves"],
];
const ARABIC_QUANTITY = /(\d{1,5})\s*(كرسي|كراسي|طاولة|طاولات|خزانة|خزائن|كنبة|رفوف)/g;
const MONEY =
  /(?:\bAED|\bdhs?|درهم)\s*\d[\d,.]*\s*k?\b|\d[\d,.]*\s*k?\s*(?:AED|dhs?|dirhams?|درهم)|(?:\bbudget|ميزانية)[^.!?؟\n]{0,40}?\d[\d,.]*\s*k?(?:\s*(?:AED|dhs?|dirhams?|درهم))?/gi;
const REQUEST_CUE =
  /\b(?:want|wants|need|needs|would like|looking for|deliver|delivery|install|installation|assembly|quote|quotation|invoice|discount|urgent|deadline|before|prefer|colou?r|payment|warranty|sample|visit|showroom|add|change|instead|replace|cancel)\b|أريد|أبغى|ابغى|نحتاج|محتاج|توصيل|تركيب|عرض سعر|خصم|فاتورة|لون|أفضل|مستعجل|ضمان/i;
// Only phrasings where the next capitalised word is almost surely a name ("I'm Ahmed from …", not "I'm Interested").
const PERSON = "([A-Z][a-z]+(?:\\s+[A-Z][a-z]+)?)";
const NAME = new RegExp(
  `\\b[Mm]y name is ${PERSON}|\\b(?:I'm|I am|[Tt]his is) ${PERSON} from\\b|^(?:[Hh]i|[Hh]ello|[Hh]ey|[Gg]ood \\w+)?[,!\\s]*[Tt]his is ${PERSON}\\b|اسمي\\s+(\\p{Script=Arabic}+(?:\\s+\\p{Script=Arabic}+)?)`,
  "u",
);
const COMPANY =
  /\b[Cc]ompany(?:'s)?(?:\s+name)?\s+(?:is\s+|called\s+)?([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,3})|\b([A-Z][\w&-]*(?:\s+[A-Z][\w&-]*){0,3}\s+(?:LLC|L\.L\.C\.?|FZE|FZCO|FZ-LLC|Trading|Group|Ltd\.?|Co\.))(?![\w])|شركة\s+(\p{Script=Arabic}+(?:\s+\p{Script=Arabic}+)?)/u;

const MAX_ITEMS = 8;
const MAX_QUOTES = 4;
const QUOTE_CHARS = 120;

function summarize({
  older,
  conversation,
  maxChars,
}: {
  older: Message[];
  conversation: Pick<Conversation, "customerName" | "companyName">;
  maxChars: number;
}): string | null {
  if (older.length === 0) return null;
  const all = older.map((m) => toAsciiDigits(m.text ?? "")).filter(Boolean);
  const fromCustomer = older.filter((m) => m.role === "user").map((m) => toAsciiDigits(m.text ?? ""));
  const fromManager = older.filter((m) => m.role === "operator").map((m) => m.text ?? "");

  const name = conversation.customerName ?? firstCapture(fromCustomer, NAME);
  const company = conversation.companyName ?? firstCapture(fromCustomer, COMPANY);
  const lines = [
    name || company
      ? `- Customer: ${[name, company && `company ${company}`].filter(Boolean).join(", ")}`
      : null,
    listLine("Products discussed", productsIn(all)),
    listLine("SKUs mentioned", unique(all.flatMap((t) => t.match(SKU) ?? []))),
    listLine("Quantities", quantitiesIn(fromCustomer)),
    listLine("Budget or amounts the customer mentioned", unique(fromCustomer.flatMap(moneyIn))),
    listLine("Customer requests", quotes(fromCustomer.flatMap(sentences).filter((s) => REQUEST_CUE.test(s)))),
    listLine("Sales manager said", quotes(fromManager.flatMap(sentences))),
  ].filter((l): l is string => l !== null);

  const head = `Summary of ${older.length} earlier messages (not shown below):`;
  const text = [head, ...(lines.length ? lines : ["- Nothing specific was discussed."])].join("\n");
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}

function firstCapture(texts: string[], re: RegExp): string | null {
  for (const t of texts) {
    const m = t.match(re);
    const hit = m?.slice(1).find(Boolean);
    if (hit) return hit.trim();
  }
  return null;
}

function productsIn(texts: string[]): string[] {
  const english = texts.flatMap((t) =>
    [...t.matchAll(PRODUCT)].map((m) => [m[1], plural(m[2]!)].filter(Boolean).join(" ").toLowerCase()),
  );
  const arabic = texts.flatMap((t) => ARABIC_PRODUCTS.filter(([re]) => re.test(t)).map(([, name]) => name));
  return unique([...english, ...arabic]);
}

function quantitiesIn(texts: string[]): string[] {
  return unique(
    texts.flatMap((t) => [
      ...[...t.matchAll(QUANTITY)].map((m) =>
        [m[1], m[2]?.toLowerCase(), plural(m[3]!).toLowerCase()].filter(Boolean).join(" "),
      ),
      ...[...t.matchAll(SKU_QUANTITY)].map((m) => `${m[2]} × ${m[1]}`),
      ...[...t.matchAll(ARABIC_QUANTITY)].map(
        (m) => `${m[1]} ${ARABIC_PRODUCTS.find(([re]) => re.test(m[2]!))?.[1] ?? m[2]}`,
      ),
    ]),
  );
}

const moneyIn = (text: string) => (text.match(MONEY) ?? []).map((s) => s.trim());

const plural = (noun: string) => {
  const n = noun.toLowerCase();
  if (n === "shelf") return "shelves";
  if (n.endsWith("s")) return n;
  return n.endsWith("ch") ? `${n}es` : `${n}s`;
};

const sentences = (text: string) =>
  text
    .split(/(?<=[.!?؟])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);

const quotes = (items: string[]) =>
  unique(items)
    .slice(-MAX_QUOTES)
    .map((s) => `"${s.length > QUOTE_CHARS ? `${s.slice(0, QUOTE_CHARS - 1)}…` : s}"`);

const unique = (items: string[]) => [...new Set(items)];

const listLine = (label: string, items: string[]) =>
  items.length ? `- ${label}: ${items.slice(0, MAX_ITEMS).join("; ")}` : null;
