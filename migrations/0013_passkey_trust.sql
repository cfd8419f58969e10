ALTER TABLE `passkey` ADD `enrolment_proof` text DEFAULT 'password' NOT NULL;--> statement-breakpoint
ALTER TABLE `passkey` ADD `confirmed_at` integer;--> statement-breakpoint
ALTER TABLE `passkey` ADD `suspended_at` integer;--> statement-breakpoint
ALTER TABLE `passkey` ADD `enrolled_ip_address` text;--> statement-breakpoint
ALTER TABLE `passkey` ADD `enrolled_user_agent` text;--> statement-breakpoint
-- Passkeys enrolled before trust states existed keep working; a forced reset still suspends
-- those vouched for by a password alone since the last mailbox proof.
UPDATE `passkey` SET `confirmed_at` = `created_at`;
