CREATE TABLE `passkey` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`credential_id` blob NOT NULL,
	`public_key` blob NOT NULL,
	`counter` integer NOT NULL,
	`transports` text DEFAULT '' NOT NULL,
	`device_type` text NOT NULL,
	`backed_up` integer NOT NULL,
	`aaguid` text NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	FOREIGN KEY (`member_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `passkey_credential_id_unique` ON `passkey` (`credential_id`);--> statement-breakpoint
CREATE INDEX `passkey_member_id_index` ON `passkey` (`member_id`);--> statement-breakpoint
CREATE TABLE `passkey_challenge` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`purpose` text NOT NULL,
	`challenge` text NOT NULL,
	`session_id` text,
	`browser_binding_hash` blob,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `session`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `passkey_challenge_session_index` ON `passkey_challenge` (`session_id`,`purpose`);--> statement-breakpoint
CREATE INDEX `passkey_challenge_binding_index` ON `passkey_challenge` (`browser_binding_hash`,`purpose`);--> statement-breakpoint
CREATE INDEX `passkey_challenge_expires_at_index` ON `passkey_challenge` (`expires_at`);--> statement-breakpoint
CREATE TABLE `passkey_nudge` (
	`member_id` integer PRIMARY KEY NOT NULL,
	`ask_again_at` integer,
	`declined_at` integer,
	FOREIGN KEY (`member_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `passkey_user_handle` (
	`member_id` integer PRIMARY KEY NOT NULL,
	`user_handle` blob NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `passkey_user_handle_unique` ON `passkey_user_handle` (`user_handle`);