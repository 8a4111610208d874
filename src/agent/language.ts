/**
 * Which language to answer in, from the customer's latest message. Only
 * letters count: digits, SKUs, emails, links, placeholders and emoji say
 * nothing, so a message of just those (or a bare "ok") keeps the previous language.
 */
import type { Language } from "../store/records.ts";

// Tokens that carry no language: anything with a digit (SKUs, prices), currency codes, emails, links, [PHONE_1].
const NEUTRAL_TOKEN =
  /\S*\d\S*|\b(?:AED|USD|EUR|SAR|dhs?)\b|\S+@\S+|https?:\/\/\S+|www\.\S+|\[[A-Z]+_\d+\]/giu;
const ARABIC_LETTER = /[\p{Script=Arabic}&&\p{L}]/gv;
const LATIN_LETTER = /\p{Script=Latin}/gu;

/**
 * An Arabic letter weighs three Latin ones: Arabic speakers often mix in
 * English product words ("أبغى 20 office chairs"), English speakers rarely the reverse.
 */
const ARABIC_WEIGHT = 3;
/** "ok", "k": too little Latin to switch an Arabic conversation to English. */
const MIN_LATIN_LETTERS = 3;

export function detectLanguage(text: string, previous: Language = "en"): Language {
  const letters = text.replace(NEUTRAL_TOKEN, " ");
  const arabic = letters.match(ARABIC_LETTER)?.length ?? 0;
  const latin = letters.match(LATIN_LETTER)?.length ?? 0;
  if (arabic === 0 && latin < MIN_LATIN_LETTERS) return previous;
  return arabic * ARABIC_WEIGHT >= latin ? "ar" : "en";
}
