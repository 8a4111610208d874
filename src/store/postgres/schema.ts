/**
 * PostgreSQL schema (drizzle-kit reads it to generate drizzle/pg). Same tables,
 * columns and encodings as sqlite/schema.ts (epoch-ms bigints, JSON as text), so
 * one set of queries serves both. Text search is a generated tsvector (English
 * and Arabic configurations); vectors are an unsized pgvector column whose HNSW
 * index is made at run time per dimension, so a new embedding model needs no
 * hand-written migration.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  customType,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const epochMs = (name: string) => bigint(name, { mode: "number" });
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });
/** pgvector without a fixed dimension; rows carry `embedding_dim`. */
const vector = customType<{ data: number[]; driverData: string }>({
  dataType: () => "vector",
  toDriver: (v) => `[${v.join(",")}]`,
});

export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: epochMs("updated_at").notNull(),
});

export const conversations = pgTable(
  "conversations",
  {
    id: text("id").primaryKey(),
    chatId: text("chat_id").notNull(),
    channelId: text("channel_id").notNull(),
    chatType: text("chat_type").notNull(),
    customerName: text("customer_name"),
    companyName: text("company_name"),
    email: text("email"),
    phone: text("phone"),
    language: text("language"),
    salesStage: text("sales_stage").notNull(),
    status: text("status").notNull(),
    handoffReason: text("handoff_reason"),
    snapshot: text("snapshot"),
    summary: text("summary"),
    lastInboundAt: epochMs("last_inbound_at"),
    lastMessageAt: epochMs("last_message_at").notNull(),
    createdAt: epochMs("created_at").notNull(),
    updatedAt: epochMs("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("conversations_one_open_per_chat").on(t.chatId).where(sql`status <> 'closed'`),
    index("conversations_chat_id").on(t.chatId),
    index("conversations_last_message_at").on(t.lastMessageAt),
  ],
);

export const messages = pgTable(
  "messages",
  {
    id: text("id").primaryKey(),
    conversationId: text("conversation_id").notNull(),
    chatId: text("chat_id").notNull(),
    role: text("role").notNull(),
    kind: text("kind").notNull(),
    text: text("text"),
    contentUri: text("content_uri"),
    wazzupMessageId: text("wazzup_message_id"),
    turnId: text("turn_id"),
    model: text("model"),
    tokensIn: integer("tokens_in"),
    tokensOut: integer("tokens_out"),
    cost: doublePrecision("cost"),
    deliveryStatus: text("delivery_status"),
    deliveryError: text("delivery_error"),
    sentAt: epochMs("sent_at").notNull(),
    createdAt: epochMs("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("messages_wazzup_message_id").on(t.wazzupMessageId),
    index("messages_conversation_created").on(t.conversationId, t.createdAt),
    index("messages_unanswered").on(t.conversationId).where(sql`role = 'user' AND turn_id IS NULL`),
    index("messages_created_at").on(t.createdAt),
  ],
);

export const outbox = pgTable(
  "outbox",
  {
    id: text("id").primaryKey(),
    messageId: text("message_id").notNull(),
    conversationId: text("conversation_id").notNull(),
    chatId: text("chat_id").notNull(),
    channelId: text("channel_id").notNull(),
    chatType: text("chat_type").notNull(),
    part: integer("part").notNull(),
    text: text("text"),
    contentUri: text("content_uri"),
    templateId: text("template_id"),
    templateValues: text("template_values"),
    crmMessageId: text("crm_message_id").notNull(),
    status: text("status").notNull(),
    attempts: integer("attempts").notNull(),
    dueAt: epochMs("due_at").notNull(),
    leaseUntil: epochMs("lease_until"),
    lastError: text("last_error"),
    wazzupMessageId: text("wazzup_message_id"),
    createdAt: epochMs("created_at").notNull(),
    sentAt: epochMs("sent_at"),
  },
  (t) => [
    uniqueIndex("outbox_crm_message_id").on(t.crmMessageId),
    index("outbox_due").on(t.status, t.dueAt),
    index("outbox_chat").on(t.chatId, t.createdAt, t.part),
    index("outbox_wazzup_message_id").on(t.wazzupMessageId),
  ],
);

export const quotations = pgTable(
  "quotations",
  {
    id: text("id").primaryKey(),
    conversationId: text("conversation_id").notNull(),
    cartHash: text("cart_hash").notNull(),
    zohoSalesOrderId: text("zoho_sales_order_id"),
    salesOrderNumber: text("sales_order_number"),
    lines: text("lines").notNull(),
    total: doublePrecision("total").notNull(),
    currency: text("currency").notNull(),
    status: text("status").notNull(),
    error: text("error"),
    createdAt: epochMs("created_at").notNull(),
  },
  (t) => [uniqueIndex("quotations_conversation_cart").on(t.conversationId, t.cartHash)],
);

export const products = pgTable(
  "products",
  {
    id: text("id").primaryKey(),
    zohoItemId: text("zoho_item_id").notNull(),
    sku: text("sku").notNull(),
    skuCompact: text("sku_compact").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull(),
    category: text("category").notNull(),
    brand: text("brand"),
    price: doublePrecision("price").notNull(),
    currency: text("currency").notNull(),
    stock: integer("stock"),
    status: text("status").notNull(),
    imageUrl: text("image_url"),
    attributes: text("attributes").notNull(),
    searchText: text("search_text").notNull(),
    searchVector: tsvector("search_vector").generatedAlwaysAs(
      sql`to_tsvector('english'::regconfig, search_text) || to_tsvector('arabic'::regconfig, search_text)`,
    ),
    sourceUpdatedAt: text("source_updated_at"),
    contentHash: text("content_hash").notNull(),
    embeddingModel: text("embedding_model"),
    embeddingDim: integer("embedding_dim"),
    embedding: vector("embedding"),
    stockCheckedAt: epochMs("stock_checked_at"),
    createdAt: epochMs("created_at").notNull(),
    updatedAt: epochMs("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("products_zoho_item_id").on(t.zohoItemId),
    index("products_sku").on(t.sku),
    index("products_sku_compact").on(t.skuCompact),
    index("products_status_category").on(t.status, t.category),
    index("products_search_vector").using("gin", t.searchVector),
  ],
);

export const knowledgeChunks = pgTable(
  "knowledge_chunks",
  {
    id: text("id").primaryKey(),
    source: text("source").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    position: integer("position").notNull(),
    searchVector: tsvector("search_vector").generatedAlwaysAs(
      sql`to_tsvector('english'::regconfig, title || ' ' || body) || to_tsvector('arabic'::regconfig, title || ' ' || body)`,
    ),
    contentHash: text("content_hash").notNull(),
    embeddingModel: text("embedding_model"),
    embeddingDim: integer("embedding_dim"),
    embedding: vector("embedding"),
    createdAt: epochMs("created_at").notNull(),
    updatedAt: epochMs("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("knowledge_chunks_source_position").on(t.source, t.position),
    index("knowledge_chunks_search_vector").using("gin", t.searchVector),
  ],
);

export const catalogSyncRuns = pgTable(
  "catalog_sync_runs",
  {
    id: text("id").primaryKey(),
    kind: text("kind").notNull(),
    status: text("status").notNull(),
    startedAt: epochMs("started_at").notNull(),
    finishedAt: epochMs("finished_at"),
    itemsSeen: integer("items_seen").notNull(),
    itemsUpserted: integer("items_upserted").notNull(),
    itemsDeactivated: integer("items_deactivated").notNull(),
    itemsEmbedded: integer("items_embedded").notNull(),
    errors: text("errors").notNull(),
  },
  (t) => [index("catalog_sync_runs_started_at").on(t.startedAt)],
);
