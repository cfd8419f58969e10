CREATE TABLE `email_change` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`previous_email` text NOT NULL,
	`new_email` text NOT NULL,
	`changed_at` integer NOT NULL,
	`undone_at` integer,
	FOREIGN KEY (`member_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `email_change_member_changed_at_index` ON `email_change` (`member_id`,`changed_at`);--> statement-breakpoint
ALTER TABLE `bulk_reset_job` ADD `recent_email_changes` integer DEFAULT 0 NOT NULL;