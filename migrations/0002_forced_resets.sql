CREATE TABLE `api_key` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`secret_hash` blob NOT NULL,
	`created_by_member_id` integer,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`created_by_member_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `audit_event` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_member_id` integer,
	`actor_api_key_id` text,
	`actor_label` text NOT NULL,
	`action` text NOT NULL,
	`details` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`actor_member_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `audit_event_created_at_index` ON `audit_event` (`created_at`);--> statement-breakpoint
CREATE INDEX `audit_event_action_index` ON `audit_event` (`action`,`created_at`);--> statement-breakpoint
CREATE TABLE `bulk_reset_item` (
	`job_id` integer NOT NULL,
	`position` integer NOT NULL,
	`identifier` text NOT NULL,
	`member_id` integer,
	`outcome` text DEFAULT 'pending' NOT NULL,
	PRIMARY KEY(`job_id`, `position`),
	FOREIGN KEY (`job_id`) REFERENCES `bulk_reset_job`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `bulk_reset_item_outcome_index` ON `bulk_reset_item` (`job_id`,`outcome`,`position`);--> statement-breakpoint
CREATE INDEX `bulk_reset_item_member_index` ON `bulk_reset_item` (`job_id`,`member_id`);--> statement-breakpoint
CREATE TABLE `bulk_reset_job` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reason` text NOT NULL,
	`source` text NOT NULL,
	`created_by_member_id` integer,
	`created_by_api_key_id` text,
	`dry_run` integer NOT NULL,
	`revoke_sessions` integer NOT NULL,
	`invalidate_password` integer NOT NULL,
	`notify_members` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`total` integer NOT NULL,
	`processed` integer DEFAULT 0 NOT NULL,
	`matched` integer DEFAULT 0 NOT NULL,
	`unknown` integer DEFAULT 0 NOT NULL,
	`already_pending` integer DEFAULT 0 NOT NULL,
	`duplicates` integer DEFAULT 0 NOT NULL,
	`lease_owner` text,
	`lease_expires_at` integer,
	`created_at` integer NOT NULL,
	`started_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`created_by_member_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `bulk_reset_job_status_index` ON `bulk_reset_job` (`status`,`id`);--> statement-breakpoint
ALTER TABLE `member` ADD `reset_required_at` integer;--> statement-breakpoint
ALTER TABLE `member` ADD `reset_reason` text;--> statement-breakpoint
ALTER TABLE `member` ADD `reset_job_id` integer;--> statement-breakpoint
ALTER TABLE `outbox_message` ADD `template` text;--> statement-breakpoint
ALTER TABLE `outbox_message` DROP COLUMN `text_body`;--> statement-breakpoint
ALTER TABLE `outbox_message` DROP COLUMN `html_body`;