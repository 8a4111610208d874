import type { z } from "zod";
import type { ProductInput } from "../../store/records.ts";
import { abortableSleep } from "../../util/retry.ts";
import { mapZohoContact, mapZohoItem, stockOf, type ZohoContactRecord } from "./map.ts";
import { createZohoOAuth } from "./oauth.ts";
import { createRateLimiter } from "./rate-limiter.ts";
import { createZohoTransport } from "./transport.ts";
import {
  zohoContactList,
  zohoContactResponse,
  zohoItemListPage,
  zohoItemResponse,
  zohoSalesOrderResponse,
} from "./wire.ts";

export interface CreateZohoClientOptions {
  accountsUrl?: string;
  /** The …/inventory/v1 base; unset: `${api_domain}/inventory/v1` from the token answer. */
  apiUrl?: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  organizationId: string;
  fetch?: typeof globalThis.fetch;
  /**
   * Our own ceiling per rolling minute. Zoho allows 100 per organisation; the default keeps a margin
   * for arrival jitter and for other clients of the same organisation.
   */
  maxRequestsPerMinute?: number;
  /** Attempts per call, the first included, for retryable failures (429, 5xx, network). */
  maxAttempts?: number;
  currency?: string;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

export interface ZohoItemPage {
  page: number;
  items: ProductInput[];
  /** Zoho item ids without a SKU, left out of `items`. */
  skipped: string[];
  hasMorePage: boolean;
}

export interface ListItemsOptions {
  page?: number;
  perPage?: number;
  /** Only items changed after this instant (Zoho's `last_modified_time` filter). */
  modifiedSince?: Date | string;
  /** "all" also returns inactive items, so a delta sync can deactivate them. */
  status?: "active" | "all";
}

export interface IterateItemsOptions {
  modifiedSince?: Date | string;
  status?: "active" | "all";
  perPage?: number;
  onPage?: (page: ZohoItemPage) => void;
}

export interface ZohoStock {
  sku: string;
  stock: number | null;
  itemId: string;
}

export interface ZohoSalesOrderInput {
  customerId: string;
  lineItems: { itemId: string; quantity: number; rate: number }[];
  referenceNumber: string;
  notes?: string;
}

export interface ZohoSalesOrderResult {
  salesOrderId: string;
  salesOrderNumber: string;
  total: number;
}

export interface ZohoClient {
  listItems(options?: ListItemsOptions): Promise<ZohoItemPage>;
  iterateItems(options?: IterateItemsOptions): AsyncGenerator<ProductInput>;
  /** Throws ZohoError kind "not_found" for an unknown id. */
  getItem(itemId: string): Promise<ProductInput | null>;
  getStockBySku(sku: string): Promise<ZohoStock | null>;
  findContact(query: { email?: string; name?: string }): Promise<ZohoContactRecord | null>;
  createContact(input: {
    name: string;
    companyName?: string;
    email?: string;
    phone?: string;
  }): Promise<ZohoContactRecord>;
  createSalesOrder(input: ZohoSalesOrderInput): Promise<ZohoSalesOrderResult>;
}

/** Zoho's documented filter format is `yyyy-MM-ddTHH:mm:ssZ` with a numeric zone (zoho-ts sends `+0000`). */
export function formatZohoTime(value: Date | string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a date: ${String(value)}`);
  return `${date.toISOString().slice(0, 19)}+0000`;
}

/** Zoho caps pages at 200 items. */
const maxPerPage = 200;

export function createZohoClient({
  accountsUrl = "https://accounts.zoho.com",
  apiUrl,
  clientId,
  clientSecret,
  refreshToken,
  organizationId,
  fetch = globalThis.fetch,
  maxRequestsPerMinute = 90,
  maxAttempts = 4,
  currency = "AED",
  sleep = abortableSleep,
  now = Date.now,
}: CreateZohoClientOptions): ZohoClient {
  const request = createZohoTransport({
    tokens: createZohoOAuth({ accountsUrl, clientId, clientSecret, refreshToken, fetch, now }),
    limiter: createRateLimiter({ maxRequests: maxRequestsPerMinute, now, sleep }),
    apiUrl,
    organizationId,
    fetch,
    maxAttempts,
    sleep,
    now,
  });

  function toPage(page: number, body: z.output<typeof zohoItemListPage>): ZohoItemPage {
    const items: ProductInput[] = [];
    const skipped: string[] = [];
    for (const item of body.items) {
      const product = mapZohoItem(item, { currency });
      if (product) items.push(product);
      else skipped.push(item.item_id);
    }
    return { page, items, skipped, hasMorePage: body.page_context?.has_more_page ?? false };
  }

  async function listItems({
    page = 1,
    perPage = maxPerPage,
    modifiedSince,
    status = "all",
  }: ListItemsOptions = {}): Promise<ZohoItemPage> {
    const body = await request({
      method: "GET",
      path: "/items",
      query: {
        page: String(page),
        per_page: String(Math.min(Math.max(1, perPage), maxPerPage)),
        filter_by: status === "active" ? "Status.Active" : "Status.All",
        ...(modifiedSince === undefined
          ? {}
          : {
              last_modified_time: formatZohoTime(modifiedSince),
              sort_column: "last_modified_time",
              sort_order: "A",
            }),
      },
      schema: zohoItemListPage,
    });
    return toPage(page, body);
  }

  return {
    listItems,

    async *iterateItems({ modifiedSince, status, perPage, onPage } = {}) {
      for (let page = 1; ; page++) {
        const result = await listItems({ page, perPage, modifiedSince, status });
        onPage?.(result);
        yield* result.items;
        if (!result.hasMorePage) return;
      }
    },

    async getItem(itemId) {
      const body = await request({
        method: "GET",
        path: `/items/${encodeURIComponent(itemId)}`,
        schema: zohoItemResponse,
      });
      return mapZohoItem(body.item, { currency });
    },

    async getStockBySku(sku) {
      const body = await request({ method: "GET", path: "/items", query: { sku }, schema: zohoItemListPage });
      // `sku=` is an exact filter on Zoho's side; checked again so a loose match never prices the wrong item.
      const item = body.items.find(
        (candidate) => candidate.sku?.trim().toLowerCase() === sku.trim().toLowerCase(),
      );
      return item ? { sku: item.sku!.trim(), stock: stockOf(item), itemId: item.item_id } : null;
    },

    async findContact({ email, name }) {
      if (!email && !name) throw new TypeError("findContact needs an email or a name");
      const body = await request({
        method: "GET",
        path: "/contacts",
        query: email ? { email } : { contact_name: name },
        schema: zohoContactList,
      });
      const wanted = (email ?? name)!.trim().toLowerCase();
      const match = body.contacts.find(
        (contact) => (email ? contact.email : contact.contact_name)?.trim().toLowerCase() === wanted,
      );
      return match ? mapZohoContact(match) : null;
    },

    async createContact({ name, companyName, email, phone }) {
      const [firstName, ...rest] = name.trim().split(/\s+/);
      const person =
        email || phone
          ? [
              {
                first_name: firstName,
                last_name: rest.join(" ") || undefined,
                email,
                mobile: phone,
                is_primary_contact: true,
              },
            ]
          : undefined;
      const body = await request({
        method: "POST",
        path: "/contacts",
        body: {
          contact_name: name,
          company_name: companyName,
          contact_type: "customer",
          contact_persons: person,
        },
        schema: zohoContactResponse,
      });
      return mapZohoContact(body.contact);
    },

    async createSalesOrder({ customerId, lineItems, referenceNumber, notes }) {
      const order = await request({
        method: "POST",
        path: "/salesorders",
        body: {
          customer_id: customerId,
          reference_number: referenceNumber,
          line_items: lineItems.map((line) => ({
            item_id: line.itemId,
            quantity: line.quantity,
            rate: line.rate,
          })),
          notes,
        },
        schema: zohoSalesOrderResponse,
      });
      return {
        salesOrderId: order.salesorder_id,
        salesOrderNumber: order.salesorder_number,
        total: order.total,
      };
    },
  };
}
