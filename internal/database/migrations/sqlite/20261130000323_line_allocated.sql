-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_donation_lines" table
CREATE TABLE `new_donation_lines` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `quantity` integer NOT NULL, `entered_quantity` integer NOT NULL, `entered_unit` text NOT NULL, `allocated` integer NOT NULL DEFAULT (0), `donation_id` integer NOT NULL, `item_id` integer NOT NULL, CONSTRAINT `donation_lines_donations_lines` FOREIGN KEY (`donation_id`) REFERENCES `donations` (`id`) ON DELETE NO ACTION, CONSTRAINT `donation_lines_items_item` FOREIGN KEY (`item_id`) REFERENCES `items` (`id`) ON DELETE NO ACTION);
-- Set sequence for "new_donation_lines" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_donation_lines", 17179869184);
-- Copy rows from old table "donation_lines" to new temporary table "new_donation_lines"
INSERT INTO `new_donation_lines` (`id`, `quantity`, `entered_quantity`, `entered_unit`, `donation_id`, `item_id`) SELECT `id`, `quantity`, `entered_quantity`, `entered_unit`, `donation_id`, `item_id` FROM `donation_lines`;
-- Drop "donation_lines" table after copying rows
DROP TABLE `donation_lines`;
-- Rename temporary table "new_donation_lines" to "donation_lines"
ALTER TABLE `new_donation_lines` RENAME TO `donation_lines`;
-- Create index "donationline_donation_id" to table: "donation_lines"
CREATE INDEX `donationline_donation_id` ON `donation_lines` (`donation_id`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
-- Backfill "allocated": what each line has allocated so far (every allocation not cancelled)
UPDATE `donation_lines` SET `allocated` = (SELECT COALESCE(SUM(`quantity`), 0) FROM `allocations` WHERE `allocations`.`line_id` = `donation_lines`.`id` AND `allocations`.`status` <> 'CANCELLED');
