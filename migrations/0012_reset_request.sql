CREATE TABLE `reset_request` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer,
	`requested_at` integer NOT NULL
);
