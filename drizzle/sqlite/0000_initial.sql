CREATE TABLE `catalog_sync_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`items_seen` integer NOT NULL,
	`items_upserted` integer NOT NULL,
	`items_deactivated` integer NOT NULL,
	`items_embedded` integer NOT NULL,
	`errors` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `catalog_sync_runs_started_at` ON `catalog_sync_runs` (`started_at`);--> statement-breakpoint
CREATE TABLE `conversations` (
	`id` text PRIMARY KEY NOT NULL,
	`chat_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`chat_type` text NOT NULL,
	`customer_name` text,
	`company_name` text,
	`email` text,
	`phone` text,
	`language` text,
	`sales_stage` text NOT NULL,
	`status` text NOT NULL,
	`handoff_reason` text,
	`snapshot` text,
	`summary` text,
	`last_inbound_at` integer,
	`last_message_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conversations_one_open_per_chat` ON `conversations` (`chat_id`) WHERE status <> 'closed';--> statement-breakpoint
CREATE INDEX `conversations_chat_id` ON `conversations` (`chat_id`);--> statement-breakpoint
CREATE INDEX `conversations_last_message_at` ON `conversations` (`last_message_at`);--> statement-breakpoint
CREATE TABLE `knowledge_chunks` (
	`id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`position` integer NOT NULL,
	`content_hash` text NOT NULL,
	`embedding_model` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `knowledge_chunks_source_position` ON `knowledge_chunks` (`source`,`position`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`chat_id` text NOT NULL,
	`role` text NOT NULL,
	`kind` text NOT NULL,
	`text` text,
	`content_uri` text,
	`wazzup_message_id` text,
	`turn_id` text,
	`model` text,
	`tokens_in` integer,
	`tokens_out` integer,
	`cost` real,
	`delivery_status` text,
	`delivery_error` text,
	`sent_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_wazzup_message_id` ON `messages` (`wazzup_message_id`);--> statement-breakpoint
CREATE INDEX `messages_conversation_created` ON `messages` (`conversation_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `messages_unanswered` ON `messages` (`conversation_id`) WHERE role = 'user' AND turn_id IS NULL;--> statement-breakpoint
CREATE INDEX `messages_created_at` ON `messages` (`created_at`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`message_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`chat_id` text NOT NULL,
	`channel_id` text NOT NULL,
	`chat_type` text NOT NULL,
	`part` integer NOT NULL,
	`text` text,
	`content_uri` text,
	`template_id` text,
	`template_values` text,
	`crm_message_id` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer NOT NULL,
	`due_at` integer NOT NULL,
	`lease_until` integer,
	`last_error` text,
	`wazzup_message_id` text,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_crm_message_id` ON `outbox` (`crm_message_id`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `outbox_chat` ON `outbox` (`chat_id`,`created_at`,`part`);--> statement-breakpoint
CREATE INDEX `outbox_wazzup_message_id` ON `outbox` (`wazzup_message_id`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` text PRIMARY KEY NOT NULL,
	`zoho_item_id` text NOT NULL,
	`sku` text NOT NULL,
	`sku_compact` text NOT NULL,
	`name` text NOT NULL,
	`description` text NOT NULL,
	`category` text NOT NULL,
	`brand` text,
	`price` real NOT NULL,
	`currency` text NOT NULL,
	`stock` integer,
	`status` text NOT NULL,
	`image_url` text,
	`attributes` text NOT NULL,
	`search_text` text NOT NULL,
	`source_updated_at` text,
	`content_hash` text NOT NULL,
	`embedding_model` text,
	`stock_checked_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_zoho_item_id` ON `products` (`zoho_item_id`);--> statement-breakpoint
CREATE INDEX `products_sku` ON `products` (`sku`);--> statement-breakpoint
CREATE INDEX `products_sku_compact` ON `products` (`sku_compact`);--> statement-breakpoint
CREATE INDEX `products_status_category` ON `products` (`status`,`category`);--> statement-breakpoint
CREATE TABLE `quotations` (
	`id` text PRIMARY KEY NOT NULL,
	`conversation_id` text NOT NULL,
	`cart_hash` text NOT NULL,
	`zoho_sales_order_id` text,
	`sales_order_number` text,
	`lines` text NOT NULL,
	`total` real NOT NULL,
	`currency` text NOT NULL,
	`status` text NOT NULL,
	`error` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `quotations_conversation_cart` ON `quotations` (`conversation_id`,`cart_hash`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
