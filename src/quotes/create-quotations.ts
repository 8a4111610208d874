/**
 * Quotations: lines priced from our catalogue, one quotation per conversation
 * and cart (the store's reservation makes a repeated or replayed request
 * return the first one instead of a second order), created as a Zoho sales
 * order when Zoho is configured, else numbered locally (demo).
 */
import type { QuotationOutcome, Quotations } from "../agent/ports.ts";
import type { ZohoClient } from "../integrations/zoho/index.ts";
import { type Logger, silentLogger } from "../log.ts";
import type { Quotation } from "../store/records.ts";
import type { QuotationStore } from "../store/store.ts";
import { cartHash } from "./cart-hash.ts";
import { type CatalogPrices, priceCart } from "./price-cart.ts";
import { createZohoSalesOrder } from "./zoho-sales-order.ts";

export interface CreateQuotationsOptions {
  store: { quotations: QuotationStore };
  /** Null: no Zoho (demo); quotations get a local number. */
  zoho: ZohoClient | null;
  catalog: CatalogPrices;
  logger?: Logger;
  now?: () => number;
}

/** `Q-20250603-4F7A2C`: the day and the tail of the quotation's id. */
export function localQuotationNumber(quotation: Pick<Quotation, "id">, at: number): string {
  const day = new Date(at).toISOString().slice(0, 10).replace(/-/g, "");
  return `Q-${day}-${quotation.id.replace(/-/g, "").slice(-6).toUpperCase()}`;
}

function fromExisting(quotation: Quotation): QuotationOutcome {
  if (quotation.status === "created" && quotation.salesOrderNumber) {
    return {
      ok: true,
      number: quotation.salesOrderNumber,
      total: quotation.total,
      currency: quotation.currency,
      lines: quotation.lines,
      reused: true,
    };
  }
  // Pending: another attempt is running or was cut off half-way; failed: Zoho refused it. Either way a
  // second order could duplicate the first, so a person checks.
  return {
    ok: false,
    kind: "unavailable",
    reason:
      quotation.status === "failed"
        ? "an earlier attempt to create this quotation failed"
        : "this quotation is already being prepared",
  };
}

export function createQuotations({
  store,
  zoho,
  catalog,
  logger = silentLogger,
  now = Date.now,
}: CreateQuotationsOptions): Quotations {
  return {
    async create({ conversation, lines }) {
      const customerName = conversation.customerName?.trim();
      if (!customerName) {
        return { ok: false, kind: "invalid", reason: "the customer's name is needed for a quotation" };
      }
      const cart = await priceCart({ catalog, lines });
      if (!cart.ok) return cart;
      const hash = cartHash(cart.lines);
      const reserved = await store.quotations.reserve({
        conversationId: conversation.id,
        cartHash: hash,
        lines: cart.lines,
        total: cart.total,
        currency: cart.currency,
        now: now(),
      });
      if (!reserved) {
        const existing = await store.quotations.find(conversation.id, hash);
        return existing
          ? fromExisting(existing)
          : { ok: false, kind: "unavailable", reason: "the quotation could not be reserved" };
      }
      const log = logger.child({ conversationId: conversation.id, quotationId: reserved.id });
      try {
        const order = zoho
          ? await createZohoSalesOrder({
              zoho,
              conversation: { ...conversation, customerName },
              lines: cart.lines,
            })
          : { zohoSalesOrderId: null, salesOrderNumber: localQuotationNumber(reserved, now()) };
        const created = await store.quotations.markCreated(reserved.id, order);
        log.info("quotation created", {
          number: order.salesOrderNumber,
          total: cart.total,
          zoho: zoho !== null,
        });
        return {
          ok: true,
          number: created.salesOrderNumber ?? order.salesOrderNumber,
          total: cart.total,
          currency: cart.currency,
          lines: cart.lines,
          reused: false,
        };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await store.quotations.markFailed(reserved.id, message);
        log.error("quotation failed", { err: error });
        return {
          ok: false,
          kind: "unavailable",
          reason: "the quotation could not be created in our system just now",
        };
      }
    },
  };
}
