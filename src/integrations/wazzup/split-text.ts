/**
 * Splits a reply into WhatsApp messages of at most `max` UTF-16 units (1,000 is safe on
 * every Wazzup channel). Cuts go, in order of preference, at a paragraph break, a line
 * break (so list items stay whole), a sentence end (Latin and Arabic punctuation), a
 * space, and only as a last resort inside a word (never inside a grapheme). Text is
 * never lost or reordered; only whitespace at a cut (and around the whole text) goes.
 */

/** A cut must leave the message at least this full before a weaker kind of break is preferred. */
const minFill = 0.5;

/** Each finds separators; `cut` is where the chunk ends (the separator's whitespace is dropped). */
const levels: { pattern: RegExp; cut: (m: RegExpExecArray) => number }[] = [
  // paragraph: a blank line
  { pattern: /[ \t]*\n[ \t]*\n\s*/g, cut: (m) => m.index },
  // line: a line break not followed by an indented continuation line
  { pattern: /[ \t]*\n(?![ \t])/g, cut: (m) => m.index },
  // sentence: terminator (+ closing quotes/brackets) then whitespace; Arabic ؟ and ۔ included
  { pattern: /[.!?؟۔…]+["'”’»)\]]*(\s+)/g, cut: (m) => m.index + m[0].length - (m[1]?.length ?? 0) },
  // word
  { pattern: /\s+/g, cut: (m) => m.index },
];

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

function candidates(text: string, from: number, to: number, level: (typeof levels)[number]): number[] {
  // One character past `to`, so a separator starting at `to` and its lookahead are both seen.
  const region = text.slice(from, to + 2);
  const cuts: number[] = [];
  for (const m of region.matchAll(level.pattern)) {
    const cut = from + level.cut(m as RegExpExecArray);
    if (cut > from && cut <= to) cuts.push(cut);
  }
  return cuts;
}

/**
 * The last grapheme boundary in (from, to]: the start of the grapheme that holds `to`.
 * The segmenter sees a little past `to`, since a cluster (an emoji ZWJ sequence) is only
 * known to end once the next character is seen. A lone oversized grapheme is cut at a code point.
 */
function hardCut(text: string, from: number, to: number): number {
  const holding = graphemes.segment(text.slice(from, to + 64)).containing(to - from);
  if (holding && holding.index > 0) return from + holding.index;
  const code = text.charCodeAt(to - 1);
  return code >= 0xd800 && code <= 0xdbff ? to - 1 : to;
}

function chooseCut(text: string, from: number, max: number): number {
  const to = from + max;
  const found = levels.map((level) => candidates(text, from, to, level));
  const fullEnough = from + Math.ceil(max * minFill);
  for (const cuts of found) {
    const best = cuts.findLast((c) => c >= fullEnough);
    if (best !== undefined) return best;
  }
  for (const cuts of found) {
    const best = cuts.at(-1);
    if (best !== undefined) return best;
  }
  return hardCut(text, from, to);
}

export function splitMessageText(text: string, { max = 1000 }: { max?: number } = {}): string[] {
  if (!(max >= 2)) throw new RangeError("max must be at least 2");
  const whole = text.trim();
  const parts: string[] = [];
  let pos = 0;
  while (pos < whole.length) {
    if (whole.length - pos <= max) {
      parts.push(whole.slice(pos));
      break;
    }
    const cut = chooseCut(whole, pos, max);
    parts.push(whole.slice(pos, cut).trimEnd());
    pos = cut;
    while (pos < whole.length && /\s/.test(whole[pos]!)) pos++;
  }
  return parts;
}
