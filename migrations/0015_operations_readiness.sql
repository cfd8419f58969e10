CREATE TABLE `idempotency_key` (
	`id` integer PRIMARY KEY NOT NULL,
	`api_key_id` text NOT NULL,
	`job_kind` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` blob NOT NULL,
	`job_id` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`api_key_id`) REFERENCES `api_key`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `idempotency_key_scope_index` ON `idempotency_key` (`api_key_id`,`job_kind`,`key`);--> statement-breakpoint
CREATE INDEX `idempotency_key_created_at_index` ON `idempotency_key` (`created_at`);--> statement-breakpoint
CREATE TABLE `write_probe` (
	`id` integer PRIMARY KEY NOT NULL,
	`probed_at` integer NOT NULL
);
