import { sql } from "drizzle-orm";
import type { Executor } from "../executor.ts";
import type { Quotation } from "../records.ts";
import type { QuotationStore } from "../store.ts";
import { newId, toQuotation } from "./rows.ts";

async function getQuotation(db: Executor, id: string): Promise<Quotation | null> {
  const [row] = await db.all(sql`SELECT * FROM quotations WHERE id = ${id}`);
  return row ? toQuotation(row as any) : null;
}

export function quotationQueries(db: Executor): QuotationStore {
  return {
    async find(conversationId, cartHash) {
      const [row] = await db.all(
        sql`SELECT * FROM quotations WHERE conversation_id = ${conversationId} AND cart_hash = ${cartHash}`,
      );
      return row ? toQuotation(row as any) : null;
    },
    async reserve({ conversationId, cartHash, lines, total, currency, now = Date.now() }) {
      const id = newId();
      const inserted = await db.run(
        sql`INSERT INTO quotations (id, conversation_id, cart_hash, lines, total, currency, status, created_at)
            VALUES (${id}, ${conversationId}, ${cartHash}, ${JSON.stringify(lines)}, ${total}, ${currency},
              'pending', ${now})
            ON CONFLICT (conversation_id, cart_hash) DO NOTHING`,
      );
      return inserted === 1 ? getQuotation(db, id) : null;
    },
    async markCreated(id, { zohoSalesOrderId, salesOrderNumber }) {
      await db.run(
        sql`UPDATE quotations SET status = 'created', zoho_sales_order_id = ${zohoSalesOrderId},
              sales_order_number = ${salesOrderNumber}, error = NULL
            WHERE id = ${id}`,
      );
      return (await getQuotation(db, id))!;
    },
    async markFailed(id, error) {
      await db.run(sql`UPDATE quotations SET status = 'failed', error = ${error} WHERE id = ${id}`);
    },
    async listForConversation(conversationId) {
      const rows = await db.all(
        sql`SELECT * FROM quotations WHERE conversation_id = ${conversationId} ORDER BY created_at`,
      );
      return rows.map((r) => toQuotation(r as any));
    },
  };
}
