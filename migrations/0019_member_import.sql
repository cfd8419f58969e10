CREATE TABLE `member_import` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`source` text NOT NULL,
	`file_name` text,
	`file_fingerprint` text,
	`options` text NOT NULL,
	`status` text NOT NULL,
	`lines_committed` integer DEFAULT 0 NOT NULL,
	`created` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`stored_as_is` integer DEFAULT 0 NOT NULL,
	`wrapped` integer DEFAULT 0 NOT NULL,
	`without_password` integer DEFAULT 0 NOT NULL,
	`marked_reset_required` integer DEFAULT 0 NOT NULL,
	`set_password_links_queued` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL,
	`started_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `member_import_fingerprint_index` ON `member_import` (`file_fingerprint`);--> statement-breakpoint
CREATE TABLE `member_import_problem` (
	`import_id` integer NOT NULL,
	`line_number` integer NOT NULL,
	`message` text NOT NULL,
	PRIMARY KEY(`import_id`, `line_number`),
	FOREIGN KEY (`import_id`) REFERENCES `member_import`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `member` ADD `deactivated_at` integer;