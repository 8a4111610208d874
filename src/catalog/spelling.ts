/**
 * Spelling correction for English query words against the catalogue's own vocabulary, so "chiar"
 * finds chairs while real words the catalogue never uses ("filling") move to ones it does ("filing").
 *
 * Distance is optimal-string-alignment Damerau–Levenshtein (an adjacent transposition costs 1). OSA
 * breaks the triangle inequality, so a BK-tree could miss matches; instead words are bucketed by length
 * and only buckets within the allowed distance are scanned, each comparison abandoning as soon as a
 * row's minimum exceeds the bound. For ~20k words that is a few hundred microseconds per unknown word,
 * and results are memoised.
 */

export interface SpellingCorrector {
  /** The closest catalogue word, or `word` itself when it is known, too short, or not a plain word. */
  correct(word: string): string;
  has(word: string): boolean;
}

/** OSA distance between `a` and `b`, or `max + 1` as soon as it must exceed `max`. */
export function damerauLevenshtein(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, before[j - 2]! + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  const distance = previous[b.length]!;
  return distance > max ? max + 1 : distance;
}

/** Edits allowed by word length: short words are too easily another word. */
function allowedDistance(length: number): number {
  if (length <= 3) return 0;
  if (length <= 6) return 1;
  return 2;
}

const plainWord = /^[a-z]+$/;

/**
 * `vocabulary` is catalogue text (names, categories, attributes), or word counts as the store's
 * `vocabulary()` gives them; a word's frequency breaks ties.
 */
export function createSpellingCorrector(
  vocabulary: Iterable<string> | ReadonlyMap<string, number>,
): SpellingCorrector {
  const frequency = new Map<string, number>();
  const count = (text: string, times: number) => {
    for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
      if (word.length >= 2) frequency.set(word, (frequency.get(word) ?? 0) + times);
    }
  };
  if (vocabulary instanceof Map) for (const [word, times] of vocabulary) count(word, times);
  else for (const text of vocabulary as Iterable<string>) count(text, 1);
  const byLength = new Map<number, string[]>();
  for (const word of frequency.keys()) {
    const bucket = byLength.get(word.length) ?? [];
    bucket.push(word);
    byLength.set(word.length, bucket);
  }

  /** Plurals and singulars of known words are fine as they are: search stems them. */
  const isInflectionOfKnown = (word: string) =>
    frequency.has(`${word}s`) ||
    (word.endsWith("s") && frequency.has(word.slice(0, -1))) ||
    (word.endsWith("es") && frequency.has(word.slice(0, -2))) ||
    (word.endsWith("ies") && frequency.has(`${word.slice(0, -3)}y`));

  const closest = (word: string): string => {
    const max = allowedDistance(word.length);
    if (max === 0) return word;
    let best: { word: string; distance: number; frequency: number } | null = null;
    for (let length = word.length - max; length <= word.length + max; length++) {
      for (const candidate of byLength.get(length) ?? []) {
        const distance = damerauLevenshtein(word, candidate, best ? Math.min(best.distance, max) : max);
        if (distance > max) continue;
        const count = frequency.get(candidate)!;
        const better =
          !best ||
          distance < best.distance ||
          (distance === best.distance &&
            (count > best.frequency || (count === best.frequency && candidate < best.word)));
        if (better) best = { word: candidate, distance, frequency: count };
      }
    }
    if (best) return best.word;
    // "lokers" is two edits from "locker" but one from "loker": search stems plurals anyway.
    return word.endsWith("s") && word.length > 4 ? closest(word.slice(0, -1)) : word;
  };

  const memo = new Map<string, string>();
  return {
    has: (word) => frequency.has(word.toLowerCase()),
    correct(word) {
      const lower = word.toLowerCase();
      if (!plainWord.test(lower) || frequency.has(lower) || isInflectionOfKnown(lower)) return word;
      let corrected = memo.get(lower);
      if (corrected === undefined) {
        corrected = closest(lower);
        memo.set(lower, corrected);
      }
      return corrected === lower ? word : corrected;
    },
  };
}
