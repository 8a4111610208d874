/**
 * Records the store reads and writes. Times are epoch milliseconds; ids are
 * UUIDv7 strings (sortable by creation time) made by the store.
 */
export const stages = [
  "greeting",
  "qualifying",
  "needs_analysis",
  "solution",
  "company_details",
  "quoting",
  "closing",
] as const;
export type Stage = (typeof stages)[number];

export const conversationStatuses = ["active", "handoff", "closed"] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];

export const languages = ["en", "ar"] as const;
export type Language = (typeof languages)[number];

export type MessageRole = "user" | "assistant" | "operator";
/** What a WhatsApp message carried; `location` is Wazzup's `geo`. */
export type MessageKind =
  | "text"
  | "image"
  | "audio"
  | "video"
  | "document"
  | "location"
  | "vcard"
  | "template"
  | "missing_call"
  | "unsupported";

/** Delivery of our own messages, moved forward only (sent → delivered → read). */
export type DeliveryStatus = "pending" | "sent" | "delivered" | "read" | "error" | "failed";

export interface Conversation {
  id: string;
  chatId: string;
  channelId: string;
  chatType: string;
  customerName: string | null;
  companyName: string | null;
  email: string | null;
  phone: string | null;
  language: Language | null;
  salesStage: Stage;
  status: ConversationStatus;
  handoffReason: string | null;
  /** The chat actor's persisted snapshot (plain JSON), or null before the first one. */
  snapshot: unknown | null;
  summary: string | null;
  lastInboundAt: number | null;
  lastMessageAt: number;
  createdAt: number;
  updatedAt: number;
}

export type ConversationPatch = Partial<
  Pick<
    Conversation,
    | "customerName"
    | "companyName"
    | "email"
    | "phone"
    | "language"
    | "salesStage"
    | "status"
    | "handoffReason"
    | "snapshot"
    | "summary"
  >
>;

export interface Message {
  id: string;
  conversationId: string;
  chatId: string;
  role: MessageRole;
  kind: MessageKind;
  text: string | null;
  contentUri: string | null;
  wazzupMessageId: string | null;
  /** For user messages: the turn that answered them (null = not answered yet). For assistant messages: their turn. */
  turnId: string | null;
  model: string | null;
  tokensIn: number | null;
  tokensOut: number | null;
  cost: number | null;
  deliveryStatus: DeliveryStatus | null;
  deliveryError: string | null;
  /** When the customer (or operator) sent it; for ours, when we created it. */
  sentAt: number;
  createdAt: number;
}

export interface InboundMessageInput {
  wazzupMessageId: string;
  channelId: string;
  chatType: string;
  chatId: string;
  kind: MessageKind;
  text: string | null;
  contentUri: string | null;
  sentAt: number;
  contactName?: string | null;
}

export interface OutboxItem {
  id: string;
  messageId: string;
  conversationId: string;
  chatId: string;
  channelId: string;
  chatType: string;
  /** Order of the parts of one message (a long reply is split). */
  part: number;
  text: string | null;
  contentUri: string | null;
  templateId: string | null;
  templateValues: string[] | null;
  /** Unique per part; Wazzup refuses a repeat within 60 s, which we read as "already sent". */
  crmMessageId: string;
  status: "pending" | "sending" | "sent" | "failed";
  attempts: number;
  dueAt: number;
  lastError: string | null;
  wazzupMessageId: string | null;
  createdAt: number;
  sentAt: number | null;
}

export interface OutboxPartInput {
  text?: string | null;
  contentUri?: string | null;
  templateId?: string | null;
  templateValues?: string[] | null;
}

export interface Quotation {
  id: string;
  conversationId: string;
  /** Hash of the sorted cart lines: the same cart never makes a second order. */
  cartHash: string;
  zohoSalesOrderId: string | null;
  salesOrderNumber: string | null;
  lines: QuotationLine[];
  total: number;
  currency: string;
  status: "pending" | "created" | "failed";
  error: string | null;
  createdAt: number;
}

export interface QuotationLine {
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
  zohoItemId: string | null;
}

export interface ProductInput {
  zohoItemId: string;
  sku: string;
  name: string;
  description: string;
  category: string;
  brand: string | null;
  /** Unit price in `currency` (AED), from Zoho's `rate`. */
  price: number;
  currency: string;
  /** Units available to sell; null when Zoho does not track it. */
  stock: number | null;
  status: "active" | "inactive";
  imageUrl: string | null;
  /** Free attributes (color, material, dimensions, …). */
  attributes: Record<string, string>;
  /** Zoho's last_modified_time, as given. */
  sourceUpdatedAt: string | null;
}

export interface Product extends ProductInput {
  id: string;
  /** Hash of the searchable text; a product is re-embedded only when it changes. */
  contentHash: string;
  embeddingModel: string | null;
  stockCheckedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface KnowledgeChunkInput {
  source: string;
  title: string;
  body: string;
  position: number;
}

export interface KnowledgeChunk extends KnowledgeChunkInput {
  id: string;
  contentHash: string;
  embeddingModel: string | null;
}

export interface CatalogSyncRun {
  id: string;
  kind: "full" | "incremental" | "demo";
  status: "running" | "succeeded" | "failed";
  startedAt: number;
  finishedAt: number | null;
  itemsSeen: number;
  itemsUpserted: number;
  itemsDeactivated: number;
  itemsEmbedded: number;
  errors: string[];
}
