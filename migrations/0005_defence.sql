CREATE TABLE `account_throttle` (
	`key` blob PRIMARY KEY NOT NULL,
	`attempts` integer NOT NULL,
	`last_attempt_at` integer NOT NULL,
	`admitted` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `defence_alert` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`raised_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`details` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `defence_alert_kind_index` ON `defence_alert` (`kind`,`raised_at`);--> statement-breakpoint
CREATE INDEX `defence_alert_last_seen_index` ON `defence_alert` (`last_seen_at`);--> statement-breakpoint
CREATE TABLE `defence_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`secret` blob NOT NULL,
	`under_attack_mode` text DEFAULT 'automatic' NOT NULL,
	`under_attack_until` integer
);
--> statement-breakpoint
CREATE TABLE `lease` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `proof_of_work_use` (
	`signature` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `proof_of_work_use_expires_at_index` ON `proof_of_work_use` (`expires_at`);--> statement-breakpoint
CREATE TABLE `rate_bucket` (
	`key` text PRIMARY KEY NOT NULL,
	`ready_at` integer NOT NULL,
	`admitted` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sign_in_event` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`occurred_at` integer NOT NULL,
	`method` text NOT NULL,
	`result` text NOT NULL,
	`member_id` integer,
	`identifier_kind` text NOT NULL,
	`identifier_hash` blob,
	`ip_address` text,
	`ip_bytes` blob,
	`network_prefix` text,
	`user_agent` text,
	FOREIGN KEY (`member_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `sign_in_event_occurred_at_index` ON `sign_in_event` (`occurred_at`);--> statement-breakpoint
CREATE INDEX `sign_in_event_ip_bytes_index` ON `sign_in_event` (`ip_bytes`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `sign_in_event_member_index` ON `sign_in_event` (`member_id`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `sign_in_minute` (
	`minute` integer PRIMARY KEY NOT NULL,
	`attempts` integer NOT NULL,
	`successes` integer NOT NULL,
	`rejected` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `source_block` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`cidr` text NOT NULL,
	`range_start` blob NOT NULL,
	`range_end` blob NOT NULL,
	`reason` text NOT NULL,
	`origin` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer,
	`created_by` integer,
	`hits` integer DEFAULT 0 NOT NULL,
	`last_hit_at` integer,
	FOREIGN KEY (`created_by`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `source_block_cidr_unique` ON `source_block` (`cidr`);--> statement-breakpoint
CREATE INDEX `source_block_expires_at_index` ON `source_block` (`expires_at`);