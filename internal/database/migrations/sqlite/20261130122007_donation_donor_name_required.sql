-- Backfill "donor_name": the donor's public name on donations recorded before they carried it (a private person's is 爱心人士, as ledger.PublicName writes it)
UPDATE `donations` SET `donor_name` = (SELECT CASE WHEN `donors`.`kind` = 'PERSON' THEN '爱心人士' ELSE `donors`.`name` END FROM `donors` WHERE `donors`.`id` = `donations`.`donor_id`) WHERE `donor_name` IS NULL;
-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_donations" table
CREATE TABLE `new_donations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `receipt_no` text NOT NULL, `donor_name` text NOT NULL, `donated_on` datetime NOT NULL, `purpose` text NULL, `public_token` text NULL, `donor_id` integer NOT NULL, CONSTRAINT `donations_donors_donations` FOREIGN KEY (`donor_id`) REFERENCES `donors` (`id`) ON DELETE NO ACTION);
-- Set sequence for "new_donations" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_donations", 12884901888);
-- Copy rows from old table "donations" to new temporary table "new_donations"
INSERT INTO `new_donations` (`id`, `created_at`, `updated_at`, `receipt_no`, `donor_name`, `donated_on`, `purpose`, `public_token`, `donor_id`) SELECT `id`, `created_at`, `updated_at`, `receipt_no`, `donor_name`, `donated_on`, `purpose`, `public_token`, `donor_id` FROM `donations`;
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
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
