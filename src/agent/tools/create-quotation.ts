import { tool } from "ai";
import { z } from "zod";
import type { Conversation } from "../../store/records.ts";
import type { Quotations } from "../ports.ts";
import type { TurnState } from "../turn-state.ts";

export function createQuotationTool({
  quotations,
  conversation,
  state,
}: {
  quotations: Quotations;
  conversation: Conversation;
  state: TurnState;
}) {
  return tool({
    description:
      "Create the quotation for the agreed products once the customer confirmed items and quantities and their name is saved. Prices come from our catalogue. Returns the quotation number to give the customer. Asking again for the same cart returns the same quotation.",
    inputSchema: z.object({
      lines: z
        .array(
          z.object({
            sku: z.string().trim().min(2).max(40).describe("SKU from search_products"),
            quantity: z.number().int().positive().describe("Number of units"),
          }),
        )
        .min(1)
        .max(30),
    }),
    execute: async ({ lines }) => {
      // Details saved earlier in this turn are not on the row yet.
      const outcome = await quotations.create({
        conversation: { ...conversation, ...state.contact() },
        lines,
      });
      if (outcome.ok) {
        state.quotationCreated();
        return {
          ok: true as const,
          number: outcome.number,
          total: outcome.total,
          currency: outcome.currency,
          lines: outcome.lines.map(({ sku, name, quantity, unitPrice }) => ({
            sku,
            name,
            quantity,
            unitPrice,
          })),
          reused: outcome.reused,
        };
      }
      if (outcome.kind === "unavailable") {
        state.requestHuman(`quotation not created: ${outcome.reason}`);
        return {
          ok: false as const,
          reason: outcome.reason,
          note: "A sales manager will take over and send the quotation. Tell the customer so; do not give a number.",
        };
      }
      return { ok: false as const, reason: outcome.reason };
    },
  });
}
