-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_donations" table
CREATE TABLE `new_donations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `receipt_no` text NOT NULL, `donated_on` datetime NOT NULL, `purpose` text NULL, `public_token` text NULL, `donor_id` integer NOT NULL, CONSTRAINT `donations_donors_donations` FOREIGN KEY (`donor_id`) REFERENCES `donors` (`id`) ON DELETE NO ACTION);
-- Set sequence for "new_donations" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_donations", 12884901888);
-- Copy rows from old table "donations" to new temporary table "new_donations"
INSERT INTO `new_donations` (`id`, `created_at`, `updated_at`, `receipt_no`, `donated_on`, `purpose`, `donor_id`) SELECT `id`, `created_at`, `updated_at`, `receipt_no`, `donated_on`, `purpose`, `donor_id` FROM `donations`;
-- Drop "donations" table after copying rows
DROP TABLE `donations`;
-- Rename temporary table "new_donations" to "donations"
ALTER TABLE `new_donations` RENAME TO `donations`;
-- Create index "donations_receipt_no_key" to table: "donations"
CREATE UNIQUE INDEX `donations_receipt_no_key` ON `donations` (`receipt_no`);
-- Create index "donations_public_token_key" to table: "donations"
CREATE UNIQUE INDEX `donations_public_token_key` ON `donations` (`public_token`);
-- Create index "donation_donated_on" to table: "donations"
CREATE INDEX `donation_donated_on` ON `donations` (`donated_on`);
-- Create index "donation_donor_id" to table: "donations"
CREATE INDEX `donation_donor_id` ON `donations` (`donor_id`);
-- Create "login_failures" table
CREATE TABLE `login_failures` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `key` text NOT NULL, `failures` integer NOT NULL DEFAULT (0), `last_failed_at` datetime NOT NULL, `retry_at` datetime NOT NULL);
-- Set sequence for "login_failures" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("login_failures", 124554051584);
-- Create index "login_failures_key_key" to table: "login_failures"
CREATE UNIQUE INDEX `login_failures_key_key` ON `login_failures` (`key`);
-- Create index "loginfailure_last_failed_at" to table: "login_failures"
CREATE INDEX `loginfailure_last_failed_at` ON `login_failures` (`last_failed_at`);
-- Create "sessions" table
CREATE TABLE `sessions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `last_seen_at` datetime NOT NULL, `expires_at` datetime NOT NULL, `user_agent` text NOT NULL DEFAULT (''), `revoked_at` datetime NULL, `user_id` integer NOT NULL, CONSTRAINT `sessions_users_sessions` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON DELETE NO ACTION);
-- Set sequence for "sessions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("sessions", 120259084288);
-- Create index "session_user_id_expires_at" to table: "sessions"
CREATE INDEX `session_user_id_expires_at` ON `sessions` (`user_id`, `expires_at`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
