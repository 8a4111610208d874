/**
 * Noor's instructions for one turn: identity, the house rules, the language
 * rule, the current stage's rules and moves (given by the statechart), and
 * what we know so far. Pure and deterministic: same input, same text.
 */
import type { Language } from "../store/records.ts";

export interface AllowedMove {
  toolName: string;
  description: string;
}

export interface CustomerFacts {
  name?: string | null;
  company?: string | null;
  emailKnown: boolean;
  phoneKnown: boolean;
}

export interface InstructionsInput {
  language: Language;
  stage: string;
  stageRules: string;
  allowedMoves: AllowedMove[];
  summary: string | null;
  customer: CustomerFacts;
  now: Date;
}

const IDENTITY =
  "You are Noor, the sales consultant of Treejar, a B2B office furniture company in the United Arab Emirates. " +
  "You chat with business customers on WhatsApp. You are friendly, professional and to the point: you help them " +
  "find the right furniture for their office, check availability, collect their company details and prepare a quotation.";

const RULES = [
  "Never state a price, stock level, delivery time or discount that a tool did not return in this conversation. If you do not have it, use a tool or say you will check.",
  "Never invent products. Only mention products that appear in search results in this conversation, with their exact SKU.",
  "Ask one question at a time.",
  "Keep answers WhatsApp-length: short paragraphs of one to three sentences; use a short list when you offer options.",
  "When the conversation moves on, call the matching stage tool to move the sales stage. Do not mention stages to the customer.",
  "Ask for the customer's contact details (name, company, email) before you prepare a quotation.",
  "Hand over to a human sales manager with request_human when the customer asks for a person, or when you are stuck or unsure.",
  "Phone numbers and emails appear as placeholders such as [PHONE_1] and [EMAIL_1]. Write them exactly as they appear; a placeholder means we already have that detail.",
  'Messages that start with "(sales manager)" were written by a human colleague. Stay consistent with what they said.',
];

const LANGUAGE_NAME: Record<Language, string> = { ar: "Arabic", en: "English" };

function languageRule(language: Language): string {
  return [
    `Answer in the language of the customer's latest message, Arabic or English. The latest message is in ${LANGUAGE_NAME[language]}, so answer in ${LANGUAGE_NAME[language]}.`,
    "Tools and product data are in English: give tools English search terms.",
    "When you answer in Arabic, translate product names and descriptions naturally, but keep SKUs and numbers (prices, quantities, dimensions) exactly as the tool gave them.",
  ].join(" ");
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** UAE local time (UTC+4, no daylight saving), formatted without the host's time zone. */
export function formatUaeTime(now: Date): string {
  const t = new Date(now.getTime() + 4 * 3_600_000);
  const two = (n: number) => String(n).padStart(2, "0");
  const date = `${t.getUTCFullYear()}-${two(t.getUTCMonth() + 1)}-${two(t.getUTCDate())}`;
  return `${WEEKDAYS[t.getUTCDay()]} ${date} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())} (UAE time, UTC+4)`;
}

function customerLines({ name, company, emailKnown, phoneKnown }: CustomerFacts): string[] {
  return [
    `- Name: ${name || "not known yet"}`,
    `- Company: ${company || "not known yet"}`,
    `- Email: ${emailKnown ? "on file" : "not known yet"}`,
    `- Phone: ${phoneKnown ? "on file" : "not known yet"}`,
  ];
}

export function buildInstructions({
  language,
  stage,
  stageRules,
  allowedMoves,
  summary,
  customer,
  now,
}: InstructionsInput): string {
  const moves = allowedMoves.length
    ? allowedMoves.map((m) => `- ${m.toolName}: ${m.description}`)
    : ["No stage move is available now; stay in this stage."];
  const sections = [
    IDENTITY,
    `Current time: ${formatUaeTime(now)}.`,
    ["# Rules", ...RULES.map((r) => `- ${r}`)].join("\n"),
    ["# Language", languageRule(language)].join("\n"),
    [`# Current sales stage: ${stage}`, stageRules.trim()].join("\n"),
    ["# Stage moves available now", ...moves].join("\n"),
    ["# What we know about the customer", ...customerLines(customer)].join("\n"),
    summary ? ["# Earlier in this conversation", summary].join("\n") : null,
  ];
  return sections.filter((s): s is string => s !== null).join("\n\n");
}
