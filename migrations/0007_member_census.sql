CREATE TABLE `member_census` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`started_at` integer NOT NULL,
	`completed_at` integer,
	`counted_through_id` integer NOT NULL,
	`last_member_id` integer NOT NULL,
	`figures` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `member_census_completed_at_index` ON `member_census` (`completed_at`);