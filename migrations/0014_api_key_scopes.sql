ALTER TABLE `api_key` ADD `scopes` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `api_key` ADD `expires_at` integer;--> statement-breakpoint
-- Keys made before scopes existed could do everything: they keep every scope, so nothing breaks.
UPDATE `api_key` SET `scopes` = 'bulk-reset investigation read-only';
