import { tool } from "ai";
import { z } from "zod";
import type { KnowledgeSearch } from "../ports.ts";

export function searchKnowledgeTool({ knowledgeSearch }: { knowledgeSearch: KnowledgeSearch }) {
  return tool({
    description:
      "Search Treejar's policies and company information (delivery and installation, payment terms, warranty, returns, showroom, quotations). Use English search words. Answer only from what it returns.",
    inputSchema: z.object({
      query: z.string().trim().min(1).max(200).describe("The customer's question, in English"),
    }),
    execute: async ({ query }) => {
      const hits = await knowledgeSearch.searchKnowledge({ query, limit: 3 });
      return {
        ok: true as const,
        passages: hits.map(({ source, title, body }) => ({ source, title, body })),
        ...(hits.length === 0
          ? { note: "Nothing found: offer to ask a sales manager (request_human)." }
          : {}),
      };
    },
  });
}
