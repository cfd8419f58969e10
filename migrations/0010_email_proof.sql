ALTER TABLE `member` ADD `email_proven_at` integer;--> statement-breakpoint
-- Members who confirmed their address have proven control of it at least then.
UPDATE `member` SET `email_proven_at` = `email_verified_at`;
