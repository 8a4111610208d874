/** Wazzup webhook entries → our domain events. Unknown values map to safe defaults, never throw. */
import type { DeliveryStatus, MessageKind } from "../../store/records.ts";
import { normalizeWazzupCode } from "./errors.ts";
import type { WebhookMessage, WebhookStatus } from "./wire.ts";

export type DeliveryUpdateStatus = "sent" | "delivered" | "read" | "error";

/** A message from a webhook: the customer's (`isEcho: false`) or an outgoing echo. */
export interface InboundEvent {
  wazzupMessageId: string;
  /** Always set for inbound messages; echoes may lack it. */
  channelId: string | null;
  chatType: string;
  chatId: string;
  kind: MessageKind;
  text: string | null;
  contentUri: string | null;
  /** Epoch ms from Wazzup's `dateTime`; our clock when missing or unreadable. */
  sentAt: number;
  /** Outgoing: sent by us through the API, by a manager, or from the phone. */
  isEcho: boolean;
  contactName: string | null;
  /** Echoes only: the Wazzup/CRM user who sent it. */
  authorName: string | null;
  /** Typed in Wazzup's own chat window (a manager). */
  sentFromApp: boolean;
  isEdited: boolean;
  isDeleted: boolean;
  /** Echoes only: the delivery status the echo reports. */
  echoStatus?: DeliveryUpdateStatus;
  /** Normalized Wazzup error code (e.g. `24_HOURS_EXCEEDED`) when the message failed. */
  error?: string;
  errorDescription?: string;
}

export interface DeliveryUpdate {
  wazzupMessageId: string;
  status: DeliveryUpdateStatus;
  error?: string;
  errorDescription?: string;
  at: number;
}

const kinds: Record<string, MessageKind> = {
  text: "text",
  image: "image",
  audio: "audio",
  video: "video",
  document: "document",
  vcard: "vcard",
  geo: "location",
  wapi_template: "template",
  missing_call: "missing_call",
};

const deliveryStatuses: readonly string[] = ["sent", "delivered", "read", "error"];
const isDeliveryStatus = (s: string | undefined): s is DeliveryUpdateStatus =>
  s !== undefined && deliveryStatuses.includes(s);

/** ISO strings or epoch ms; `now` when missing or unreadable. */
function toEpochMs(value: string | number | undefined, now: number): number {
  const ms = typeof value === "number" ? value : value === undefined ? Number.NaN : Date.parse(value);
  return Number.isFinite(ms) ? ms : now;
}

function errorFields(error: WebhookMessage["error"]): Pick<InboundEvent, "error" | "errorDescription"> {
  return {
    ...(error?.error ? { error: normalizeWazzupCode(error.error) } : {}),
    ...(error?.description ? { errorDescription: error.description } : {}),
  };
}

export function toInboundMessage(
  m: WebhookMessage,
  { now = Date.now() }: { now?: number } = {},
): InboundEvent {
  const status = m.status?.toLowerCase();
  return {
    wazzupMessageId: m.messageId,
    channelId: m.channelId ?? null,
    chatType: m.chatType,
    chatId: m.chatId,
    kind: kinds[m.type?.toLowerCase() ?? ""] ?? "unsupported",
    text: m.text ?? null,
    contentUri: m.contentUri ?? null,
    sentAt: toEpochMs(m.dateTime, now),
    isEcho: m.isEcho,
    contactName: m.contact?.name?.trim() || null,
    authorName: m.authorName ?? null,
    sentFromApp: m.sentFromApp ?? false,
    isEdited: m.isEdited ?? false,
    isDeleted: m.isDeleted ?? false,
    ...(m.isEcho && isDeliveryStatus(status) ? { echoStatus: status } : {}),
    ...errorFields(m.error),
  };
}

/** null for statuses we do not track (`edited`, anything new). */
export function toDeliveryUpdate(
  s: WebhookStatus,
  { now = Date.now() }: { now?: number } = {},
): DeliveryUpdate | null {
  const status = s.status.toLowerCase();
  if (!isDeliveryStatus(status)) return null;
  return {
    wazzupMessageId: s.messageId,
    status,
    ...errorFields(s.error),
    at: toEpochMs(s.timestamp, now),
  };
}

const rank: Record<DeliveryStatus, number> = {
  pending: 0,
  // Our own "gave up" is a guess (a lost answer may still have gone out): Wazzup's word overrides it.
  failed: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  error: Number.POSITIVE_INFINITY,
};

/**
 * Whether a status update moves a message forward. Wazzup does not promise order, so a
 * late `sent` after `read` is ignored. `error` only lands on a message not yet known to be
 * delivered, and nothing moves a message out of `error`.
 */
export function isStatusForward(current: DeliveryStatus | null, next: DeliveryUpdateStatus): boolean {
  const from = current === null ? 0 : rank[current];
  if (next === "error") return from <= rank.sent;
  return rank[next] > from;
}
