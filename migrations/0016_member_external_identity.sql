ALTER TABLE `member` ADD `external_id` text;--> statement-breakpoint
ALTER TABLE `member` ADD `display_name` text;--> statement-breakpoint
CREATE UNIQUE INDEX `member_external_id_unique` ON `member` (`external_id`);