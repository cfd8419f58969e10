CREATE TABLE `combo_scan` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`file_name` text NOT NULL,
	`file_bytes` integer NOT NULL,
	`file_path` text,
	`owns_file` integer NOT NULL,
	`csv_layout` text,
	`source` text NOT NULL,
	`created_by_member_id` integer,
	`created_by_api_key_id` text,
	`status` text NOT NULL,
	`problem` text,
	`current_exposed` integer DEFAULT 0 NOT NULL,
	`old_exposed` integer DEFAULT 0 NOT NULL,
	`not_exposed` integer DEFAULT 0 NOT NULL,
	`bulk_reset_job_id` integer,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`created_by_member_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `combo_scan_status_index` ON `combo_scan` (`status`,`id`);--> statement-breakpoint
CREATE TABLE `combo_scan_member` (
	`scan_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`exposure` integer NOT NULL,
	PRIMARY KEY(`scan_id`, `member_id`),
	FOREIGN KEY (`scan_id`) REFERENCES `combo_scan`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `combo_scan_member_exposure_index` ON `combo_scan_member` (`scan_id`,`exposure`);--> statement-breakpoint
CREATE TABLE `combo_scan_segment` (
	`scan_id` integer NOT NULL,
	`position` integer NOT NULL,
	`start_byte` integer NOT NULL,
	`end_byte` integer NOT NULL,
	`first_line` integer NOT NULL,
	`status` text NOT NULL,
	`lease_owner` text,
	`lease_expires_at` integer,
	`lines` integer DEFAULT 0 NOT NULL,
	`malformed` integer DEFAULT 0 NOT NULL,
	`malformed_sample` text DEFAULT '[]' NOT NULL,
	`matched` integer DEFAULT 0 NOT NULL,
	`verified` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`scan_id`, `position`),
	FOREIGN KEY (`scan_id`) REFERENCES `combo_scan`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `combo_scan_segment_claim_index` ON `combo_scan_segment` (`scan_id`,`status`,`lease_expires_at`);--> statement-breakpoint
ALTER TABLE `bulk_reset_job` ADD `combo_scan_id` integer;