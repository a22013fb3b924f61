-- Add column "left_out" to table: "donation_lines"
ALTER TABLE `donation_lines` ADD COLUMN `left_out` json NULL;
