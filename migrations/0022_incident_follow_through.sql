CREATE TABLE `bulk_reset_follow_up` (
	`job_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`link_opened_at` integer,
	`resent_at` integer,
	`resend_count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`job_id`, `member_id`),
	FOREIGN KEY (`job_id`) REFERENCES `bulk_reset_job`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `bulk_reset_job` ADD `administrator_policy` text DEFAULT 'include' NOT NULL;--> statement-breakpoint
ALTER TABLE `bulk_reset_job` ADD `included_administrator_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `bulk_reset_job` ADD `administrators_excluded` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `bulk_reset_job` ADD `dry_run_figures` text;--> statement-breakpoint
ALTER TABLE `bulk_reset_job` ADD `started_by_member_id` integer;--> statement-breakpoint
ALTER TABLE `bulk_reset_job` ADD `confirmed_emails` integer;