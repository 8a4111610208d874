/**
 * A quotation as a Zoho Inventory sales order: find the customer's contact
 * (by email, then by name) or create it from the conversation's saved
 * details, then order the lines at our catalogue prices.
 */
import type { ZohoClient } from "../integrations/zoho/index.ts";
import type { Conversation } from "../store/records.ts";
import type { PricedLine } from "./price-cart.ts";

export type QuoteContact = Pick<
  Conversation,
  "id" | "chatId" | "chatType" | "customerName" | "companyName" | "email" | "phone"
>;

/** A short, stable reference a manager can search for in Zoho. */
export const orderReference = (conversationId: string) =>
  `NOOR-${conversationId.replace(/-/g, "").slice(-10).toUpperCase()}`;

/** The saved phone, else the WhatsApp number the customer writes from. */
function phoneOf(conversation: QuoteContact): string | undefined {
  if (conversation.phone) return conversation.phone;
  return conversation.chatType === "whatsapp" && /^\d{8,15}$/.test(conversation.chatId)
    ? `+${conversation.chatId}`
    : undefined;
}

async function findOrCreateContact(zoho: ZohoClient, conversation: QuoteContact & { customerName: string }) {
  const email = conversation.email ?? undefined;
  const found =
    (email ? await zoho.findContact({ email }) : null) ??
    (await zoho.findContact({ name: conversation.customerName }));
  if (found) return found;
  return zoho.createContact({
    name: conversation.customerName,
    companyName: conversation.companyName ?? undefined,
    email,
    phone: phoneOf(conversation),
  });
}

export async function createZohoSalesOrder({
  zoho,
  conversation,
  lines,
}: {
  zoho: ZohoClient;
  conversation: QuoteContact & { customerName: string };
  lines: PricedLine[];
}): Promise<{ zohoSalesOrderId: string; salesOrderNumber: string }> {
  const contact = await findOrCreateContact(zoho, conversation);
  const order = await zoho.createSalesOrder({
    customerId: contact.contactId,
    lineItems: lines.map((line) => ({
      itemId: line.zohoItemId,
      quantity: line.quantity,
      rate: line.unitPrice,
    })),
    referenceNumber: orderReference(conversation.id),
    notes: "Quotation requested on WhatsApp through Noor.",
  });
  return { zohoSalesOrderId: order.salesOrderId, salesOrderNumber: order.salesOrderNumber };
}
