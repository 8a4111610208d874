import { tool } from "ai";
import { z } from "zod";
import type { TurnState } from "../turn-state.ts";

export function requestHumanTool({ state }: { state: TurnState }) {
  return tool({
    description:
      "Hand this chat to a human sales manager: the customer asks for a person, wants to negotiate, or you are stuck or unsure. Your reply is still sent; after it a manager continues.",
    inputSchema: z.object({
      reason: z.string().trim().min(3).max(300).describe("Why, in a short English sentence for the manager"),
    }),
    execute: async ({ reason }) => {
      state.requestHuman(reason);
      return {
        ok: true as const,
        note: "A sales manager will take over after your reply. Tell the customer so, briefly.",
      };
    },
  });
}
