ALTER TABLE `passkey` ADD `enrolment_proof` text DEFAULT 'password' NOT NULL;--> statement-breakpoint
ALTER TABLE `passkey` ADD `confirmed_at` integer;--> statement-breakpoint
ALTER TABLE `passkey` ADD `suspended_at` integer;--> statement-breakpoint
ALTER TABLE `passkey` ADD `enrolled_ip_address` text;--> statement-breakpoint
ALTER TABLE `passkey` ADD `enrolled_user_agent` text;--> statement-breakpoint
-- Passkeys enrolled before this change keep working: they count as confirmed when enrolled, and
-- (their proof unknown) as enrolled from a password, so a forced reset suspends them for review.
UPDATE `passkey` SET `confirmed_at` = `created_at`;
