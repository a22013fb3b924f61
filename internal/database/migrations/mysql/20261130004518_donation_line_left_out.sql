-- Modify "donation_lines" table
ALTER TABLE `donation_lines` ADD COLUMN `left_out` json NULL;
