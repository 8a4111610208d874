/**
 * Zoho Inventory wire shapes (reference: shared/reference/zoho-inventory.md §1.3, §2.3–2.4, §3, §6).
 * Only the fields we read are declared; unknown fields are dropped. Ids are numeric strings,
 * but a number is accepted and kept as a string.
 */
import { z } from "zod";

const id = z.union([z.string(), z.number()]).transform(String);
/** Stock and prices are numbers in lists but strings in some detail payloads. */
const numeric = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);
const text = z.string().nullish();

export const zohoCustomField = z.object({
  customfield_id: id.optional(),
  label: z.string().nullish(),
  api_name: z.string().nullish(),
  value: z.union([z.string(), z.number(), z.boolean()]).nullish(),
});
export type ZohoCustomField = z.infer<typeof zohoCustomField>;

export const zohoItem = z.object({
  item_id: id,
  name: z.string(),
  sku: text,
  description: text,
  status: z.string().nullish(),
  rate: numeric.nullish(),
  unit: text,
  category_name: text,
  group_name: text,
  brand: text,
  manufacturer: text,
  stock_on_hand: numeric.nullish(),
  available_stock: numeric.nullish(),
  actual_available_stock: numeric.nullish(),
  image_name: text,
  attribute_name1: text,
  attribute_option_name1: text,
  attribute_name2: text,
  attribute_option_name2: text,
  attribute_name3: text,
  attribute_option_name3: text,
  custom_fields: z.array(zohoCustomField).nullish(),
  created_time: text,
  last_modified_time: text,
});
export type ZohoItem = z.infer<typeof zohoItem>;

export const zohoPageContext = z.object({
  page: numeric.optional(),
  per_page: numeric.optional(),
  has_more_page: z.boolean(),
});

export const zohoItemListPage = z.object({
  code: z.literal(0),
  items: z.array(zohoItem),
  page_context: zohoPageContext.optional(),
});
export type ZohoItemListPage = z.infer<typeof zohoItemListPage>;

export const zohoItemResponse = z.object({ code: z.literal(0), item: zohoItem });

export const zohoContact = z.object({
  contact_id: id,
  contact_name: z.string(),
  company_name: text,
  email: text,
  phone: text,
  mobile: text,
  status: text,
});
export type ZohoContact = z.infer<typeof zohoContact>;

export const zohoContactList = z.object({
  code: z.literal(0),
  contacts: z.array(zohoContact),
  page_context: zohoPageContext.optional(),
});

export const zohoContactResponse = z.object({ code: z.literal(0), contact: zohoContact });

export const zohoSalesOrder = z.object({
  salesorder_id: id,
  salesorder_number: z.string(),
  status: text,
  total: numeric,
  currency_code: text,
});
export type ZohoSalesOrder = z.infer<typeof zohoSalesOrder>;

/** Live accounts answer `salesorder`; Zoho's OpenAPI file names it `sales_order`. Both are read. */
export const zohoSalesOrderResponse = z
  .object({
    code: z.literal(0),
    salesorder: zohoSalesOrder.optional(),
    sales_order: zohoSalesOrder.optional(),
  })
  .transform((body, ctx) => {
    const order = body.salesorder ?? body.sales_order;
    if (!order) {
      ctx.addIssue({ code: "custom", message: "salesorder missing" });
      return z.NEVER;
    }
    return order;
  });

/** Every API answer, success or not, carries `code` (0 = success) and `message`. */
export const zohoErrorBody = z.object({ code: z.number(), message: z.string().optional() });
export type ZohoErrorBody = z.infer<typeof zohoErrorBody>;

/** The token endpoint answers its errors with HTTP 200 and an `error` key (§1.5). */
export const zohoTokenResponse = z.union([
  z.object({
    access_token: z.string().min(1),
    expires_in: numeric,
    api_domain: z.url().optional(),
    token_type: z.string().optional(),
  }),
  z.object({ error: z.string(), error_description: z.string().optional() }),
]);
export type ZohoTokenResponse = z.infer<typeof zohoTokenResponse>;
