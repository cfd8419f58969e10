CREATE TABLE `oidc_backchannel_logout` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` text NOT NULL,
	`subject` text NOT NULL,
	`session_id` text,
	`created_at` integer NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`lease_holder` text,
	`lease_expires_at` integer,
	`last_error` text,
	`delivered_at` integer,
	FOREIGN KEY (`client_id`) REFERENCES `oidc_client`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `oidc_backchannel_logout_due_index` ON `oidc_backchannel_logout` (`delivered_at`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `oidc_client` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`secret_hash` blob,
	`redirect_uris` text NOT NULL,
	`post_logout_redirect_uris` text NOT NULL,
	`backchannel_logout_uri` text,
	`allowed_scopes` text NOT NULL,
	`first_party` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `oidc_key` (
	`id` text PRIMARY KEY NOT NULL,
	`purpose` text NOT NULL,
	`material` text NOT NULL,
	`created_at` integer NOT NULL,
	`retired_at` integer
);
--> statement-breakpoint
CREATE INDEX `oidc_key_purpose_index` ON `oidc_key` (`purpose`);--> statement-breakpoint
CREATE TABLE `oidc_stored_object` (
	`kind` text NOT NULL,
	`id_hash` text NOT NULL,
	`grant_id` text,
	`session_uid` text,
	`member_id` integer,
	`payload` text NOT NULL,
	`expires_at` integer NOT NULL,
	`consumed_at` integer,
	PRIMARY KEY(`kind`, `id_hash`),
	FOREIGN KEY (`member_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `oidc_stored_object_grant_id_index` ON `oidc_stored_object` (`grant_id`);--> statement-breakpoint
CREATE INDEX `oidc_stored_object_session_uid_index` ON `oidc_stored_object` (`session_uid`);--> statement-breakpoint
CREATE INDEX `oidc_stored_object_member_id_index` ON `oidc_stored_object` (`member_id`);--> statement-breakpoint
CREATE INDEX `oidc_stored_object_expires_at_index` ON `oidc_stored_object` (`expires_at`);--> statement-breakpoint
CREATE TABLE `oidc_subject` (
	`member_id` integer PRIMARY KEY NOT NULL,
	`subject` text NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `member`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `oidc_subject_subject_unique` ON `oidc_subject` (`subject`);