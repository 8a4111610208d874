export { cartHash, compactSku } from "./cart-hash.ts";
export { type CreateQuotationsOptions, createQuotations, localQuotationNumber } from "./create-quotations.ts";
export { type CatalogPrices, type PricedCart, type PricedLine, priceCart } from "./price-cart.ts";
export { createZohoSalesOrder, orderReference, type QuoteContact } from "./zoho-sales-order.ts";
