CREATE TABLE `password_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `password_history_member_index` ON `password_history` (`member_id`,`id`);--> statement-breakpoint
ALTER TABLE `member` ADD `password_health` text;--> statement-breakpoint
ALTER TABLE `member` ADD `password_health_reasons` text;--> statement-breakpoint
ALTER TABLE `member` ADD `password_checked_at` integer;--> statement-breakpoint
ALTER TABLE `member` ADD `password_check_corpus_version` text;--> statement-breakpoint
CREATE INDEX `member_password_health_index` ON `member` (`password_health`);