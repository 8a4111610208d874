import { describe, expect, test } from "bun:test";
import demoCatalog from "../../../src/catalog/demo-catalog.json";
import { mapZohoContact, mapZohoItem, zohoItem } from "../../../src/integrations/zoho/index.ts";
import type { ProductInput } from "../../../src/store/records.ts";
import { zohoItemFromProduct, zohoTime } from "../../support/fake-zoho.ts";

const base = {
  item_id: 4815000000044208,
  name: " Ergo Mesh Chair - Black ",
  sku: "CH-ERGO-BLK",
  status: "active",
  rate: 850,
  description: "High-back mesh chair",
  last_modified_time: "2025-06-03T10:15:30+0400",
};

describe("mapZohoItem", () => {
  test("maps identity, price, currency and timestamps", () => {
    const product = mapZohoItem(zohoItem.parse({ ...base, category_name: "Task Chairs", brand: "ErgoLine" }));
    expect(product).toEqual({
      zohoItemId: "4815000000044208",
      sku: "CH-ERGO-BLK",
      name: "Ergo Mesh Chair - Black",
      description: "High-back mesh chair",
      category: "Task Chairs",
      brand: "ErgoLine",
      price: 850,
      currency: "AED",
      stock: null,
      status: "active",
      imageUrl: null,
      attributes: {},
      sourceUpdatedAt: "2025-06-03T10:15:30+0400",
    });
  });

  test("falls back to the item group for category and the manufacturer for brand", () => {
    const product = mapZohoItem(zohoItem.parse({ ...base, group_name: "Ergo Mesh", manufacturer: "Acme" }), {
      currency: "USD",
    });
    expect(product).toMatchObject({ category: "Ergo Mesh", brand: "Acme", currency: "USD" });
    expect(mapZohoItem(zohoItem.parse(base))).toMatchObject({ category: "Uncategorized", brand: null });
  });

  test("stock: actual available first, then available, then on hand; never negative; strings accepted", () => {
    const stockOf = (fields: Record<string, unknown>) =>
      mapZohoItem(zohoItem.parse({ ...base, ...fields }))?.stock;
    expect(stockOf({ stock_on_hand: 10, available_stock: 8, actual_available_stock: 5 })).toBe(5);
    expect(stockOf({ stock_on_hand: 10, available_stock: 8 })).toBe(8);
    expect(stockOf({ stock_on_hand: 10 })).toBe(10);
    expect(stockOf({ stock_on_hand: -3 })).toBe(0);
    expect(stockOf({ actual_available_stock: "7.00" })).toBe(7);
  });

  test("inactive status, variant attributes and custom fields become attributes; an image URL field becomes imageUrl", () => {
    const product = mapZohoItem(
      zohoItem.parse({
        ...base,
        status: "inactive",
        attribute_name1: "Colour",
        attribute_option_name1: "Black",
        custom_fields: [
          { customfield_id: "1", label: "Material", value: "Mesh" },
          { customfield_id: "2", label: "Seat Height", value: "45-55 cm" },
          { customfield_id: "3", label: "Warranty Years", value: 5 },
          { customfield_id: "4", label: "Notes", value: "" },
          { customfield_id: "5", label: "Image URL", value: "https://cdn.example.ae/ergo.jpg" },
        ],
      }),
    );
    expect(product?.status).toBe("inactive");
    expect(product?.attributes).toEqual({
      color: "Black",
      material: "Mesh",
      seat_height: "45-55 cm",
      warranty_years: "5",
    });
    expect(product?.imageUrl).toBe("https://cdn.example.ae/ergo.jpg");
  });

  test("an item without a SKU is left out (null)", () => {
    expect(mapZohoItem(zohoItem.parse({ ...base, sku: "  " }))).toBeNull();
    expect(mapZohoItem(zohoItem.parse({ ...base, sku: undefined }))).toBeNull();
  });

  test("the fake's wire items map back to every demo product", () => {
    for (const product of demoCatalog as unknown as ProductInput[]) {
      const wire = zohoItem.parse(
        JSON.parse(JSON.stringify(zohoItemFromProduct(product, "4815000000000001"))),
      );
      expect(mapZohoItem(wire)).toEqual({
        ...product,
        zohoItemId: "4815000000000001",
        sourceUpdatedAt: zohoTime(Date.parse(product.sourceUpdatedAt!)),
      });
    }
  });
});

describe("mapZohoContact", () => {
  test("prefers the mobile number and turns empty strings into null", () => {
    expect(
      mapZohoContact({
        contact_id: "1",
        contact_name: "Omar Haddad",
        company_name: "",
        email: "omar@alnoor.ae",
        phone: "+97141234567",
        mobile: "+971501234567",
      }),
    ).toEqual({
      contactId: "1",
      name: "Omar Haddad",
      companyName: null,
      email: "omar@alnoor.ae",
      phone: "+971501234567",
    });
  });
});
