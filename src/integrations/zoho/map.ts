import type { ProductInput } from "../../store/records.ts";
import type { ZohoContact, ZohoCustomField, ZohoItem } from "./wire.ts";

export interface MapZohoItemOptions {
  /** Zoho items carry the organisation's base currency implicitly. */
  currency?: string;
}

export interface ZohoContactRecord {
  contactId: string;
  name: string;
  companyName: string | null;
  email: string | null;
  phone: string | null;
}

/** "Seat Height" → "seat_height"; British "colour" is folded into "color" so search sees one key. */
function attributeKey(label: string): string {
  const key = label
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "_")
    .replace(/^_+|_+$/g, "");
  return key === "colour" ? "color" : key;
}

const isHttpUrl = (value: string) => /^https?:\/\//i.test(value);

/**
 * Zoho's own image endpoint needs our OAuth token, so it cannot be handed to WhatsApp; a public
 * image link is taken from a custom field labelled like "Image URL" when the shop keeps one.
 */
function imageUrlFrom(fields: ZohoCustomField[]): string | null {
  const field = fields.find(
    (f) => /image/i.test(f.label ?? f.api_name ?? "") && typeof f.value === "string" && isHttpUrl(f.value),
  );
  return (field?.value as string | undefined) ?? null;
}

function attributesOf(item: ZohoItem): Record<string, string> {
  const attributes: Record<string, string> = {};
  const variants: [string | null | undefined, string | null | undefined][] = [
    [item.attribute_name1, item.attribute_option_name1],
    [item.attribute_name2, item.attribute_option_name2],
    [item.attribute_name3, item.attribute_option_name3],
  ];
  for (const [name, option] of variants) {
    if (name && option) attributes[attributeKey(name)] = option;
  }
  for (const field of item.custom_fields ?? []) {
    const label = field.label ?? field.api_name;
    if (!label || field.value === null || field.value === undefined || field.value === "") continue;
    const value = String(field.value);
    if (/image/i.test(label) && isHttpUrl(value)) continue;
    attributes[attributeKey(label)] = value;
  }
  return attributes;
}

/**
 * Units we may promise: available minus committed (`actual_available_stock`) when Zoho sends it,
 * else available, else on hand. Null when the item is not stock-tracked (services, non-inventory).
 */
export function stockOf(item: ZohoItem): number | null {
  const stock = item.actual_available_stock ?? item.available_stock ?? item.stock_on_hand;
  return stock === null || stock === undefined ? null : Math.max(0, Math.floor(stock));
}

/** A Zoho item as a catalogue product, or null when it has no SKU (it cannot be searched or quoted by SKU). */
export function mapZohoItem(
  item: ZohoItem,
  { currency = "AED" }: MapZohoItemOptions = {},
): ProductInput | null {
  const sku = item.sku?.trim();
  if (!sku) return null;
  return {
    zohoItemId: item.item_id,
    sku,
    name: item.name.trim(),
    description: item.description?.trim() ?? "",
    category: item.category_name || item.group_name || "Uncategorized",
    brand: item.brand || item.manufacturer || null,
    price: item.rate ?? 0,
    currency,
    stock: stockOf(item),
    status: item.status === "inactive" ? "inactive" : "active",
    imageUrl: imageUrlFrom(item.custom_fields ?? []),
    attributes: attributesOf(item),
    sourceUpdatedAt: item.last_modified_time ?? null,
  };
}

export function mapZohoContact(contact: ZohoContact): ZohoContactRecord {
  return {
    contactId: contact.contact_id,
    name: contact.contact_name,
    companyName: contact.company_name || null,
    email: contact.email || null,
    phone: contact.mobile || contact.phone || null,
  };
}
