export {
  type CreateZohoClientOptions,
  createZohoClient,
  formatZohoTime,
  type IterateItemsOptions,
  type ListItemsOptions,
  type ZohoClient,
  type ZohoItemPage,
  type ZohoSalesOrderInput,
  type ZohoSalesOrderResult,
  type ZohoStock,
} from "./client.ts";
export { ZohoError, type ZohoErrorKind, zohoApiError } from "./errors.ts";
export {
  type MapZohoItemOptions,
  mapZohoContact,
  mapZohoItem,
  stockOf,
  type ZohoContactRecord,
} from "./map.ts";
export {
  type CreateZohoOAuthOptions,
  createZohoOAuth,
  type ZohoAccessToken,
  type ZohoTokenSource,
} from "./oauth.ts";
export { type CreateRateLimiterOptions, createRateLimiter, type RateLimiter } from "./rate-limiter.ts";
export {
  type CreateZohoTransportOptions,
  createZohoTransport,
  type ZohoRequest,
  type ZohoTransport,
} from "./transport.ts";
export { type ZohoContact, type ZohoItem, zohoItem } from "./wire.ts";
