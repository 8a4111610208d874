/**
 * Relevance of catalogue search on the labelled queries (bench/search-queries.json): MRR@10 and
 * binary NDCG@10 per query group. Used by `bench/search.ts` and by the relevance test.
 */
import type { ProductHit } from "../src/catalog/index.ts";
import labelled from "./search-queries.json";

export interface LabelledQuery {
  group: string;
  query: string;
  /** SKUs that answer the query (all equally relevant). */
  relevant: string[];
}

export interface GroupRelevance {
  queries: number;
  mrr: number;
  ndcg: number;
}

export interface QueryRelevance extends LabelledQuery {
  rr: number;
  ndcg: number;
  top: string[];
}

export const labelledQueries = labelled as LabelledQuery[];

/** Reciprocal rank of the first relevant hit within the top `k` (0 when none). */
export function reciprocalRank(skus: string[], relevant: Set<string>, k = 10): number {
  const index = skus.slice(0, k).findIndex((sku) => relevant.has(sku));
  return index < 0 ? 0 : 1 / (index + 1);
}

/** NDCG@k with binary gains: DCG of the ranking over the DCG of an ideal one. */
export function ndcg(skus: string[], relevant: Set<string>, k = 10): number {
  const gain = (rank: number) => 1 / Math.log2(rank + 2);
  const dcg = skus.slice(0, k).reduce((sum, sku, i) => sum + (relevant.has(sku) ? gain(i) : 0), 0);
  let ideal = 0;
  for (let i = 0; i < Math.min(relevant.size, k); i++) ideal += gain(i);
  return ideal === 0 ? 0 : dcg / ideal;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

export async function evaluateRelevance({
  search,
  queries = labelledQueries,
  k = 10,
}: {
  search: (query: string, limit: number) => Promise<ProductHit[]>;
  queries?: LabelledQuery[];
  k?: number;
}): Promise<{ groups: Record<string, GroupRelevance>; perQuery: QueryRelevance[] }> {
  const perQuery: QueryRelevance[] = [];
  for (const q of queries) {
    const skus = (await search(q.query, k)).map((hit) => hit.sku);
    const relevant = new Set(q.relevant);
    perQuery.push({ ...q, rr: reciprocalRank(skus, relevant, k), ndcg: ndcg(skus, relevant, k), top: skus });
  }
  const groups: Record<string, GroupRelevance> = {};
  for (const group of new Set(perQuery.map((q) => q.group))) {
    const members = perQuery.filter((q) => q.group === group);
    groups[group] = {
      queries: members.length,
      mrr: mean(members.map((q) => q.rr)),
      ndcg: mean(members.map((q) => q.ndcg)),
    };
  }
  return { groups, perQuery };
}
