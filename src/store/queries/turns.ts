import { sql } from "drizzle-orm";
import type { Executor } from "../executor.ts";
import type { CommitTurnResult, TurnStore } from "../store.ts";
import { getConversation, patchAssignments } from "./conversations.ts";
import { insertOutgoing } from "./messages.ts";

/** Thrown inside the transaction to roll it back; never leaves this module. */
class AlreadyAnswered extends Error {}

export function turnQueries(db: Executor): TurnStore {
  return {
    async commit({ conversationId, turnId, answeredMessageIds, reply, conversationPatch, now = Date.now() }) {
      try {
        return await db.transaction(async (tx): Promise<CommitTurnResult> => {
          const conversation = await getConversation(tx, conversationId);
          if (!conversation) return { ok: false, reason: "no_conversation" };
          if (answeredMessageIds.length > 0) {
            const ids = sql.join(
              answeredMessageIds.map((id) => sql`${id}`),
              sql`, `,
            );
            const marked = await tx.run(
              sql`UPDATE messages SET turn_id = ${turnId}
                  WHERE conversation_id = ${conversationId} AND role = 'user' AND turn_id IS NULL AND id IN (${ids})`,
            );
            if (marked !== answeredMessageIds.length) throw new AlreadyAnswered();
          }
          const assistantMessage = reply
            ? await insertOutgoing(tx, conversation, {
                conversationId,
                role: "assistant",
                text: reply.text,
                turnId,
                model: reply.model,
                tokensIn: reply.tokensIn,
                tokensOut: reply.tokensOut,
                cost: reply.cost,
                parts: reply.parts,
                now,
              })
            : null;
          if (conversationPatch && Object.keys(conversationPatch).length > 0) {
            await tx.run(
              sql`UPDATE conversations SET ${patchAssignments(conversationPatch, now)} WHERE id = ${conversationId}`,
            );
          }
          return { ok: true, assistantMessage, conversation: (await getConversation(tx, conversationId))! };
        });
      } catch (error) {
        if (error instanceof AlreadyAnswered) return { ok: false, reason: "already_answered" };
        throw error;
      }
    },
  };
}
