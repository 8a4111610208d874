CREATE TABLE "catalog_sync_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"started_at" bigint NOT NULL,
	"finished_at" bigint,
	"items_seen" integer NOT NULL,
	"items_upserted" integer NOT NULL,
	"items_deactivated" integer NOT NULL,
	"items_embedded" integer NOT NULL,
	"errors" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" text PRIMARY KEY NOT NULL,
	"chat_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"chat_type" text NOT NULL,
	"customer_name" text,
	"company_name" text,
	"email" text,
	"phone" text,
	"language" text,
	"sales_stage" text NOT NULL,
	"status" text NOT NULL,
	"handoff_reason" text,
	"snapshot" text,
	"summary" text,
	"last_inbound_at" bigint,
	"last_message_at" bigint NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "knowledge_chunks" (
	"id" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"position" integer NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('english'::regconfig, title || ' ' || body) || to_tsvector('arabic'::regconfig, title || ' ' || body)) STORED,
	"content_hash" text NOT NULL,
	"embedding_model" text,
	"embedding_dim" integer,
	"embedding" vector,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" text PRIMARY KEY NOT NULL,
	"conversation_id" text NOT NULL,
	"chat_id" text NOT NULL,
	"role" text NOT NULL,
	"kind" text NOT NULL,
	"text" text,
	"content_uri" text,
	"wazzup_message_id" text,
	"turn_id" text,
	"model" text,
	"tokens_in" integer,
	"tokens_out" integer,
	"cost" double precision,
	"delivery_status" text,
	"delivery_error" text,
	"sent_at" bigint NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" text PRIMARY KEY NOT NULL,
	"message_id" text NOT NULL,
	"conversation_id" text NOT NULL,
	"chat_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"chat_type" text NOT NULL,
	"part" integer NOT NULL,
	"text" text,
	"content_uri" text,
	"template_id" text,
	"template_values" text,
	"crm_message_id" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer NOT NULL,
	"due_at" bigint NOT NULL,
	"lease_until" bigint,
	"last_error" text,
	"wazzup_message_id" text,
	"created_at" bigint NOT NULL,
	"sent_at" bigint
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" text PRIMARY KEY NOT NULL,
	"zoho_item_id" text NOT NULL,
	"sku" text NOT NULL,
	"sku_compact" text NOT NULL,
	"name" text NOT NULL,
	"description" text NOT NULL,
	"category" text NOT NULL,
	"brand" text,
	"price" double precision NOT NULL,
	"currency" text NOT NULL,
	"stock" integer,
	"status" text NOT NULL,
	"image_url" text,
	"attributes" text NOT NULL,
	"search_text" text NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (to_tsvector('english'::regconfig, search_text) || to_tsvector('arabic'::regconfig, search_text)) STORED,
	"source_updated_at" text,
	"content_hash" text NOT NULL,
	"embedding_model" text,
	"embedding_dim" integer,
	"embedding" vector,
	"stock_checked_at" bigint,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quotations" (
	"id" text PRIMARY KEY NOT NULL,
	"conversation_id" text NOT NULL,
	"cart_hash" text NOT NULL,
	"zoho_sales_order_id" text,
	"sales_order_number" text,
	"lines" text NOT NULL,
	"total" double precision NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"error" text,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "catalog_sync_runs_started_at" ON "catalog_sync_runs" USING btree ("started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_one_open_per_chat" ON "conversations" USING btree ("chat_id") WHERE status <> 'closed';--> statement-breakpoint
CREATE INDEX "conversations_chat_id" ON "conversations" USING btree ("chat_id");--> statement-breakpoint
CREATE INDEX "conversations_last_message_at" ON "conversations" USING btree ("last_message_at");--> statement-breakpoint
CREATE UNIQUE INDEX "knowledge_chunks_source_position" ON "knowledge_chunks" USING btree ("source","position");--> statement-breakpoint
CREATE INDEX "knowledge_chunks_search_vector" ON "knowledge_chunks" USING gin ("search_vector");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_wazzup_message_id" ON "messages" USING btree ("wazzup_message_id");--> statement-breakpoint
CREATE INDEX "messages_conversation_created" ON "messages" USING btree ("conversation_id","created_at");--> statement-breakpoint
CREATE INDEX "messages_unanswered" ON "messages" USING btree ("conversation_id") WHERE role = 'user' AND turn_id IS NULL;--> statement-breakpoint
CREATE INDEX "messages_created_at" ON "messages" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_crm_message_id" ON "outbox" USING btree ("crm_message_id");--> statement-breakpoint
CREATE INDEX "outbox_due" ON "outbox" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "outbox_chat" ON "outbox" USING btree ("chat_id","created_at","part");--> statement-breakpoint
CREATE INDEX "outbox_wazzup_message_id" ON "outbox" USING btree ("wazzup_message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "products_zoho_item_id" ON "products" USING btree ("zoho_item_id");--> statement-breakpoint
CREATE INDEX "products_sku" ON "products" USING btree ("sku");--> statement-breakpoint
CREATE INDEX "products_sku_compact" ON "products" USING btree ("sku_compact");--> statement-breakpoint
CREATE INDEX "products_status_category" ON "products" USING btree ("status","category");--> statement-breakpoint
CREATE INDEX "products_search_vector" ON "products" USING gin ("search_vector");--> statement-breakpoint
CREATE UNIQUE INDEX "quotations_conversation_cart" ON "quotations" USING btree ("conversation_id","cart_hash");