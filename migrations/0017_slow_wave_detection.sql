CREATE TABLE `wave_bucket` (
	`start_minute` integer PRIMARY KEY NOT NULL,
	`attempts` integer NOT NULL,
	`unknown_ids` integer NOT NULL,
	`fresh_address_single_tries` integer NOT NULL,
	`new_device_successes` integer NOT NULL,
	`new_device_first_try_successes` integer NOT NULL,
	`habitual_attempts` integer NOT NULL,
	`off_hour_attempts` integer NOT NULL,
	`distinct_user_agents` integer NOT NULL,
	`distinct_networks` integer NOT NULL,
	`reset_required` integer NOT NULL,
	`during_wave` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE `wave_detection` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`onset_at` integer NOT NULL,
	`detected_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`ended_at` integer,
	`evidence` text NOT NULL,
	`identifiers_touched` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `wave_detection_last_seen_index` ON `wave_detection` (`last_seen_at`);--> statement-breakpoint
CREATE TABLE `wave_progress` (
	`id` integer PRIMARY KEY NOT NULL,
	`measured_before_minute` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `wave_suspect_sign_in` (
	`event_id` integer PRIMARY KEY NOT NULL,
	`member_id` integer NOT NULL,
	`occurred_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `wave_suspect_sign_in_occurred_at_index` ON `wave_suspect_sign_in` (`occurred_at`);