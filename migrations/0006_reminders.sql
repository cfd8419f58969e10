CREATE TABLE `reminder_link` (
	`id` integer PRIMARY KEY NOT NULL,
	`member_id` integer NOT NULL,
	`snooze_secret_hash` blob NOT NULL,
	`unsubscribe_secret_hash` blob NOT NULL,
	`cycle_started_at` integer,
	`created_at` integer NOT NULL,
	`snoozed_at` integer,
	FOREIGN KEY (`member_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `reminder_link_created_at_index` ON `reminder_link` (`created_at`);--> statement-breakpoint
CREATE TABLE `reminder_policy` (
	`id` integer PRIMARY KEY NOT NULL,
	`risk_reminders` integer NOT NULL,
	`age_reminder_after_days` integer,
	`repeat_every_days` integer NOT NULL,
	`maximum_reminders` integer NOT NULL,
	`send_window_start_hour` integer NOT NULL,
	`send_window_end_hour` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by_member_id` integer,
	FOREIGN KEY (`updated_by_member_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `reminder_scheduler` (
	`id` integer PRIMARY KEY NOT NULL,
	`sweep_after_member_id` integer DEFAULT 0 NOT NULL,
	`changed_after_at` integer NOT NULL,
	`changed_after_member_id` integer DEFAULT 0 NOT NULL,
	`checked_after_at` integer NOT NULL,
	`checked_after_member_id` integer DEFAULT 0 NOT NULL,
	`rate_window_started_at` integer,
	`rate_window_count` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `reminder_state` (
	`member_id` integer PRIMARY KEY NOT NULL,
	`reason` text,
	`next_reminder_at` integer,
	`cycle_started_at` integer,
	`sent_count` integer DEFAULT 0 NOT NULL,
	`last_sent_at` integer,
	`snoozed_until` integer,
	`unsubscribed_at` integer,
	`lease_owner` text,
	`lease_expires_at` integer,
	FOREIGN KEY (`member_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `reminder_state_due_index` ON `reminder_state` (`reason`,`next_reminder_at`);--> statement-breakpoint
CREATE INDEX `reminder_state_last_sent_index` ON `reminder_state` (`last_sent_at`);--> statement-breakpoint
CREATE INDEX `reminder_state_snoozed_index` ON `reminder_state` (`snoozed_until`);--> statement-breakpoint
CREATE INDEX `reminder_state_unsubscribed_index` ON `reminder_state` (`unsubscribed_at`);--> statement-breakpoint
CREATE INDEX `member_password_changed_at_index` ON `member` (`password_changed_at`);--> statement-breakpoint
CREATE INDEX `member_password_checked_at_index` ON `member` (`password_checked_at`);