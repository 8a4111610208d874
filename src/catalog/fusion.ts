/**
 * Reciprocal rank fusion (Cormack et al., 2009): merges ranked lists (lexical, vector, …) that score on
 * incomparable scales by rank alone. An item at 1-based rank r in a list adds weight / (k + r); k = 60
 * damps the head so one list's top hit cannot drown agreement between lists.
 */

export interface RankedItem {
  id: string;
  /** Multiplies this item's contribution; 1 by default (e.g. trust vector hits less than an exact SKU). */
  weight?: number;
}

export interface FusedItem {
  id: string;
  score: number;
}

/** Best first; equal scores keep the order in which ids were first seen (list by list, rank by rank). */
export function reciprocalRankFusion(lists: RankedItem[][], { k = 60 }: { k?: number } = {}): FusedItem[] {
  if (!(k > 0)) throw new RangeError(`reciprocalRankFusion: k must be positive, got ${k}`);
  const fused = new Map<string, { score: number; firstSeen: number }>();
  for (const list of lists) {
    const seenInList = new Set<string>();
    list.forEach(({ id, weight = 1 }, index) => {
      // A list that repeats an id counts it once, at its best rank.
      if (seenInList.has(id)) return;
      seenInList.add(id);
      const entry = fused.get(id) ?? { score: 0, firstSeen: fused.size };
      entry.score += weight / (k + index + 1);
      fused.set(id, entry);
    });
  }
  return [...fused]
    .sort(([, a], [, b]) => b.score - a.score || a.firstSeen - b.firstSeen)
    .map(([id, { score }]) => ({ id, score }));
}
