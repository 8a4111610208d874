export {
  type CreateWazzupClientOptions,
  createWazzupClient,
  type FetchLike,
  type SendResult,
  type SendTarget,
  type WazzupClient,
} from "./client.ts";
export {
  normalizeWazzupCode,
  sameWazzupCode,
  WazzupError,
  type WazzupErrorKind,
  type WazzupErrorOptions,
  wazzupCodes,
  wazzupRateWindowMs,
} from "./errors.ts";
export {
  type DeliveryUpdate,
  type DeliveryUpdateStatus,
  type InboundEvent,
  isStatusForward,
  toDeliveryUpdate,
  toInboundMessage,
} from "./map.ts";
export { splitMessageText } from "./split-text.ts";
export { WazzupWebhookError } from "./wazzup-webhook-error.ts";
export {
  Channel,
  ChatType,
  chatTypes,
  ErrorBody,
  type InvalidWebhookEntry,
  parseWebhookBody,
  SendMessageBody,
  SendMessageResult,
  Template,
  TemplateComponent,
  type WebhookBody,
  WebhookMessage,
  WebhookStatus,
} from "./wire.ts";
