/**
 * A fake Zoho (accounts server + Inventory API v1) on 127.0.0.1, speaking the wire protocol of
 * shared/reference/zoho-inventory.md: refresh-token grants, `Zoho-oauthtoken` + `organization_id`
 * checks, paged /items with `page_context`, /contacts, /salesorders, the 100 requests/minute limit
 * (429, code 44) and failures scripted by API call number. Everything it receives is in `requests`.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import demoCatalog from "../../src/catalog/demo-catalog.json";
import type { ProductInput } from "../../src/store/records.ts";

export interface FakeZohoItem {
  item_id: string;
  name: string;
  sku: string;
  description: string;
  status: "active" | "inactive";
  item_type: string;
  product_type: string;
  rate: number;
  unit: string;
  category_name: string | null;
  brand: string | null;
  stock_on_hand: number | null;
  available_stock: number | null;
  actual_available_stock: number | null;
  image_name: string | null;
  custom_fields: { customfield_id: string; label: string; value: string }[];
  created_time: string;
  last_modified_time: string;
}

export interface FakeZohoContact {
  contact_id: string;
  contact_name: string;
  company_name: string;
  contact_type: string;
  email: string;
  phone: string;
  mobile: string;
  status: "active";
  contact_persons: Record<string, unknown>[];
}

export interface FakeZohoSalesOrder {
  salesorder_id: string;
  salesorder_number: string;
  status: "draft";
  customer_id: string;
  reference_number: string;
  notes: string;
  line_items: {
    item_id: string;
    name: string;
    sku: string;
    quantity: number;
    rate: number;
    item_total: number;
  }[];
  sub_total: number;
  tax_total: number;
  total: number;
  currency_code: "AED";
}

export type FakeZohoFailure =
  | { kind: "rate_limited"; code?: 44 | 45 | 1070; retryAfterSeconds?: number }
  | { kind: "server_error"; status?: number }
  /** Answers 401 code 57 and revokes the token the call carried. */
  | { kind: "expired_token" };

export interface FakeZohoRequest {
  service: "accounts" | "inventory";
  /** 1-based number among Inventory API calls; 0 for the accounts server. */
  call: number;
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | null;
  contentType: string | null;
  body: unknown;
  status: number;
  at: number;
}

export interface CreateFakeZohoOptions {
  items?: FakeZohoItem[];
  tokenTtlSeconds?: number;
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
  organizationId?: string;
  /** Zoho's per-organisation limit per rolling minute. */
  maxRequestsPerMinute?: number;
  /** Zoho blocks minting after 10 access tokens per refresh token in 10 minutes. */
  maxTokensPerTenMinutes?: number;
  now?: () => number;
}

const minute = 60_000;
const vatRate = 0.05;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Zoho's own timestamp style: `2025-06-03T10:15:30+0000`. */
export const zohoTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}+0000`;

/** Hashing first makes the comparison constant-time whatever the lengths. */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** A catalogue product in Zoho's item wire shape; attributes become custom fields. */
export function zohoItemFromProduct(product: ProductInput, itemId: string): FakeZohoItem {
  const modified = zohoTime(Date.parse(product.sourceUpdatedAt ?? "2025-01-01T00:00:00Z"));
  return {
    item_id: itemId,
    name: product.name,
    sku: product.sku,
    description: product.description,
    status: product.status,
    item_type: "inventory",
    product_type: "goods",
    rate: product.price,
    unit: "pcs",
    category_name: product.category,
    brand: product.brand,
    stock_on_hand: product.stock,
    available_stock: product.stock,
    actual_available_stock: product.stock,
    image_name: null,
    custom_fields: Object.entries(product.attributes).map(([label, value], i) => ({
      customfield_id: `46000000009${String(i).padStart(4, "0")}`,
      label,
      value,
    })),
    created_time: modified,
    last_modified_time: modified,
  };
}

export function createFakeZoho({
  items = [],
  tokenTtlSeconds = 3600,
  clientId = "1000.FAKECLIENT",
  clientSecret = "fake-client-secret",
  refreshToken = "1000.fake-refresh-token",
  organizationId = "10234695",
  maxRequestsPerMinute = 100,
  maxTokensPerTenMinutes = 10,
  now = Date.now,
}: CreateFakeZohoOptions = {}) {
  const itemsById = new Map<string, FakeZohoItem>();
  const tokens = new Map<string, number>(); // access token → expires at
  const mintedAt: number[] = [];
  const apiCallTimes: number[] = [];
  const failures = new Map<number, FakeZohoFailure>();
  const requests: FakeZohoRequest[] = [];
  const contacts: FakeZohoContact[] = [];
  const salesOrders: FakeZohoSalesOrder[] = [];
  let apiCalls = 0;
  let refreshCount = 0;
  let nextId = 4815000000050000;
  const newId = () => String(nextId++);

  const addItems = (list: FakeZohoItem[]) => {
    for (const item of list) itemsById.set(item.item_id, structuredClone(item));
  };
  addItems(items);

  const reply = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    Response.json(body, { status, headers });
  const zohoError = (status: number, code: number, message: string, headers?: Record<string, string>) =>
    reply(status, { code, message }, headers);

  async function readBody(request: Request): Promise<unknown> {
    const type = request.headers.get("content-type") ?? "";
    if (type.includes("application/x-www-form-urlencoded")) {
      return Object.fromEntries(new URLSearchParams(await request.text()));
    }
    const text = await request.text();
    if (!text) return null;
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }

  function tokenGrant(params: Record<string, string>): Response {
    if (params.grant_type !== "refresh_token") return reply(200, { error: "unsupported_grant_type" });
    if (!sameSecret(params.client_id ?? "", clientId)) return reply(200, { error: "invalid_client" });
    if (!sameSecret(params.client_secret ?? "", clientSecret))
      return reply(200, { error: "invalid_client_secret" });
    if (!sameSecret(params.refresh_token ?? "", refreshToken)) return reply(200, { error: "invalid_code" });
    while (mintedAt.length > 0 && mintedAt[0]! <= now() - 10 * minute) mintedAt.shift();
    if (mintedAt.length >= maxTokensPerTenMinutes) {
      return reply(400, {
        error: "Access Denied",
        error_description: "You have made too many requests continuously. Please try again after some time.",
        status: "failure",
      });
    }
    mintedAt.push(now());
    refreshCount++;
    const token = `1000.${randomBytes(16).toString("hex")}`;
    tokens.set(token, now() + tokenTtlSeconds * 1000);
    return reply(200, {
      access_token: token,
      api_domain: baseUrl,
      token_type: "Bearer",
      expires_in: tokenTtlSeconds,
    });
  }

  function scriptedFailure(failure: FakeZohoFailure, token: string | null): Response {
    switch (failure.kind) {
      case "rate_limited": {
        const code = failure.code ?? 44;
        const headers: Record<string, string> =
          failure.retryAfterSeconds === undefined ? {} : { "retry-after": String(failure.retryAfterSeconds) };
        const message =
          code === 45
            ? "The API call for this organization has exceeded the maximum call rate limit of 1000."
            : code === 1070
              ? "You have exceeded the maximum number of in process requests."
              : "Your organization has been blocked as it have exceeded the maximum number of requests per minute.";
        return zohoError(429, code, message, headers);
      }
      case "server_error":
        return zohoError(failure.status ?? 500, 1000, "Internal error");
      case "expired_token":
        if (token) tokens.delete(token);
        return zohoError(401, 57, "You are not authorized to perform this operation");
    }
  }

  function listItems(query: URLSearchParams): Response {
    const filter = query.get("filter_by") ?? "Status.All";
    if (!["Status.All", "Status.Active", "Status.Inactive"].includes(filter)) {
      return zohoError(400, 2, "Invalid value passed for filter_by");
    }
    let list = [...itemsById.values()];
    if (filter !== "Status.All") list = list.filter((i) => i.status === filter.slice(7).toLowerCase());
    const sku = query.get("sku");
    if (sku !== null) list = list.filter((i) => i.sku.toLowerCase() === sku.toLowerCase());
    const search = query.get("search_text")?.toLowerCase();
    if (search) list = list.filter((i) => `${i.name} ${i.sku}`.toLowerCase().includes(search));
    const since = query.get("last_modified_time");
    if (since !== null) {
      const sinceMs = Date.parse(since);
      if (Number.isNaN(sinceMs)) return zohoError(400, 2, "Invalid value passed for last_modified_time");
      list = list.filter((i) => Date.parse(i.last_modified_time) > sinceMs);
    }
    const sortColumn = query.get("sort_column") ?? "name";
    if (!["name", "sku", "rate", "created_time", "last_modified_time"].includes(sortColumn)) {
      return zohoError(400, 2, "Invalid value passed for sort_column");
    }
    const key = sortColumn as "name" | "sku" | "rate" | "created_time" | "last_modified_time";
    const direction = query.get("sort_order") === "D" ? -1 : 1;
    const value = (i: FakeZohoItem) => (key.endsWith("_time") ? Date.parse(i[key] as string) : i[key]);
    list.sort((a, b) => (value(a) < value(b) ? -direction : value(a) > value(b) ? direction : 0));
    const page = Number(query.get("page") ?? "1");
    const perPage = Math.min(Number(query.get("per_page") ?? "200"), 200);
    if (!Number.isInteger(page) || page < 1 || !Number.isInteger(perPage) || perPage < 1) {
      return zohoError(400, 2, "Invalid value passed for page or per_page");
    }
    const slice = list.slice((page - 1) * perPage, page * perPage);
    return reply(200, {
      code: 0,
      message: "success",
      items: slice,
      page_context: {
        page,
        per_page: perPage,
        has_more_page: page * perPage < list.length,
        report_name: "Items",
        applied_filter: filter,
        sort_column: sortColumn,
        sort_order: direction === 1 ? "A" : "D",
      },
    });
  }

  function listContacts(query: URLSearchParams): Response {
    const lower = (s: string | null) => s?.toLowerCase() ?? null;
    const name = lower(query.get("contact_name"));
    const email = lower(query.get("email"));
    const search = lower(query.get("search_text"));
    const found = contacts.filter(
      (c) =>
        (name === null || c.contact_name.toLowerCase() === name) &&
        (email === null || c.email.toLowerCase() === email) &&
        (search === null || `${c.contact_name} ${c.company_name} ${c.email}`.toLowerCase().includes(search)),
    );
    return reply(200, {
      code: 0,
      message: "success",
      contacts: found.map(({ contact_persons: _persons, ...summary }) => summary),
      page_context: { page: 1, per_page: 200, has_more_page: false },
    });
  }

  function createContact(body: any): Response {
    const name = typeof body?.contact_name === "string" ? body.contact_name.trim() : "";
    if (!name) return zohoError(400, 2, "Invalid value passed for contact_name");
    if (contacts.some((c) => c.contact_name.toLowerCase() === name.toLowerCase())) {
      // Illustrative code: Zoho answers duplicates with a non-zero "already exists" code.
      return zohoError(400, 3062, "The customer name already exists. Please specify a different name.");
    }
    const persons: Record<string, unknown>[] = Array.isArray(body.contact_persons)
      ? body.contact_persons
      : [];
    const primary = persons.find((p) => p.is_primary_contact) ?? persons[0] ?? {};
    const contact: FakeZohoContact = {
      contact_id: newId(),
      contact_name: name,
      company_name: typeof body.company_name === "string" ? body.company_name : "",
      contact_type: typeof body.contact_type === "string" ? body.contact_type : "customer",
      email: typeof primary.email === "string" ? primary.email : "",
      phone: typeof primary.phone === "string" ? primary.phone : "",
      mobile: typeof primary.mobile === "string" ? primary.mobile : "",
      status: "active",
      contact_persons: persons.map((p) => ({ contact_person_id: newId(), ...p })),
    };
    contacts.push(contact);
    return reply(201, { code: 0, message: "The contact has been added.", contact });
  }

  function createSalesOrder(body: any): Response {
    const customer = contacts.find((c) => c.contact_id === body?.customer_id);
    if (!customer) return zohoError(400, 2, "Invalid value passed for customer_id");
    const lines: unknown[] = Array.isArray(body.line_items) ? body.line_items : [];
    if (lines.length === 0) return zohoError(400, 2, "Invalid value passed for line_items");
    const lineItems: FakeZohoSalesOrder["line_items"] = [];
    for (const line of lines as any[]) {
      const item = itemsById.get(String(line?.item_id));
      if (!item) return zohoError(400, 2, "Invalid value passed for item_id");
      if (item.status !== "active") return zohoError(400, 2, `The item ${item.name} is inactive.`);
      const quantity = line.quantity;
      const rate = line.rate ?? item.rate;
      if (typeof quantity !== "number" || !(quantity > 0))
        return zohoError(400, 2, "Invalid value passed for quantity");
      if (typeof rate !== "number" || rate < 0) return zohoError(400, 2, "Invalid value passed for rate");
      lineItems.push({
        item_id: item.item_id,
        name: item.name,
        sku: item.sku,
        quantity,
        rate,
        item_total: round2(quantity * rate),
      });
    }
    const subTotal = round2(lineItems.reduce((sum, l) => sum + l.item_total, 0));
    const taxTotal = round2(subTotal * vatRate);
    const order: FakeZohoSalesOrder = {
      salesorder_id: newId(),
      salesorder_number: `SO-${String(salesOrders.length + 1).padStart(5, "0")}`,
      status: "draft",
      customer_id: customer.contact_id,
      reference_number: typeof body.reference_number === "string" ? body.reference_number : "",
      notes: typeof body.notes === "string" ? body.notes : "",
      line_items: lineItems,
      sub_total: subTotal,
      tax_total: taxTotal,
      total: round2(subTotal + taxTotal),
      currency_code: "AED",
    };
    salesOrders.push(order);
    return reply(201, { code: 0, message: "Sales Order has been created.", salesorder: order });
  }

  function route(
    method: string,
    path: string,
    query: URLSearchParams,
    body: unknown,
    isJson: boolean,
  ): Response {
    const itemMatch = /^\/items\/([^/]+)$/.exec(path);
    if (method === "GET" && path === "/items") return listItems(query);
    if (method === "GET" && itemMatch) {
      const item = itemsById.get(decodeURIComponent(itemMatch[1]!));
      return item
        ? reply(200, { code: 0, message: "success", item })
        : zohoError(404, 1002, "Item does not exist.");
    }
    if (method === "GET" && path === "/contacts") return listContacts(query);
    if (method === "POST" && (path === "/contacts" || path === "/salesorders")) {
      // Zoho's answer to a form-encoded or unparsable body.
      if (!isJson || typeof body !== "object" || body === null)
        return zohoError(400, 1038, "JSON is not well formed");
      return path === "/contacts" ? createContact(body) : createSalesOrder(body);
    }
    return zohoError(404, 5, "Invalid URL Passed");
  }

  function inventory(request: Request, url: URL, body: unknown, call: number): Response {
    while (apiCallTimes.length > 0 && apiCallTimes[0]! <= now() - minute) apiCallTimes.shift();
    apiCallTimes.push(now());
    if (apiCallTimes.length > maxRequestsPerMinute)
      return scriptedFailure({ kind: "rate_limited", code: 44 }, null);
    const header = request.headers.get("authorization") ?? "";
    const token = /^Zoho-oauthtoken (\S+)$/.exec(header)?.[1] ?? null;
    const failure = failures.get(call);
    if (failure) return scriptedFailure(failure, token);
    if (!token) return zohoError(401, 14, "Invalid OAuth token.");
    const expiresAt = tokens.get(token);
    if (expiresAt === undefined || expiresAt <= now()) {
      return zohoError(401, 57, "You are not authorized to perform this operation");
    }
    const org = url.searchParams.get("organization_id");
    if (!org) return zohoError(400, 2, "Invalid value passed for organization_id");
    if (org !== organizationId)
      return zohoError(400, 6041, "This user is not associated with the CompanyID.");
    const isJson = (request.headers.get("content-type") ?? "").includes("application/json");
    return route(request.method, url.pathname.slice("/inventory/v1".length), url.searchParams, body, isJson);
  }

  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const url = new URL(request.url);
      const body = await readBody(request);
      const isToken = url.pathname === "/oauth/v2/token";
      const call = isToken ? 0 : ++apiCalls;
      let response: Response;
      if (isToken && request.method === "POST") {
        const params = {
          ...Object.fromEntries(url.searchParams),
          ...(body as Record<string, string> | null),
        };
        response = tokenGrant(params);
      } else if (url.pathname.startsWith("/inventory/v1/")) {
        response = inventory(request, url, body, call);
      } else {
        response = zohoError(404, 5, "Invalid URL Passed");
      }
      requests.push({
        service: isToken ? "accounts" : "inventory",
        call,
        method: request.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        authorization: request.headers.get("authorization"),
        contentType: request.headers.get("content-type"),
        body,
        status: response.status,
        at: now(),
      });
      return response;
    },
  });
  const baseUrl = `http://127.0.0.1:${server.port}`;

  const getItem = (itemId: string): FakeZohoItem => {
    const item = itemsById.get(itemId);
    if (!item) throw new Error(`fake Zoho has no item ${itemId}`);
    return item;
  };

  const modifyItem = (itemId: string, patch: Partial<Omit<FakeZohoItem, "item_id">>): FakeZohoItem => {
    const item = getItem(itemId);
    Object.assign(item, patch, { last_modified_time: zohoTime(now()) });
    return item;
  };

  return {
    url: baseUrl,
    apiUrl: `${baseUrl}/inventory/v1`,
    /** What a client needs to reach this fake (the API base comes from `api_domain`). */
    clientOptions: { accountsUrl: baseUrl, clientId, clientSecret, refreshToken, organizationId },
    requests,
    contacts,
    salesOrders,
    get apiRequests() {
      return requests.filter((r) => r.service === "inventory");
    },
    /** Access tokens granted so far. */
    get refreshCount() {
      return refreshCount;
    },
    /** Answers the Inventory API call with this 1-based number with `failure`. */
    failAt(call: number, failure: FakeZohoFailure) {
      failures.set(call, failure);
    },
    /** Revokes every access token issued so far, as an expiry would. */
    expireTokens() {
      tokens.clear();
    },
    addItems,
    /** Loads the demo catalogue (or `products`) as Zoho items with numeric ids; returns them. */
    loadDemoCatalog(products: ProductInput[] = demoCatalog as unknown as ProductInput[]): FakeZohoItem[] {
      const loaded = products.map((p) => zohoItemFromProduct(p, newId()));
      addItems(loaded);
      return loaded;
    },
    item: getItem,
    itemBySku(sku: string): FakeZohoItem | undefined {
      return [...itemsById.values()].find((i) => i.sku === sku);
    },
    /** Changes an item as a Zoho user would; `last_modified_time` moves to now. */
    modifyItem,
    markInactive: (itemId: string): FakeZohoItem => modifyItem(itemId, { status: "inactive" }),
    async stop() {
      await server.stop(true);
    },
  };
}

export type FakeZoho = ReturnType<typeof createFakeZoho>;
