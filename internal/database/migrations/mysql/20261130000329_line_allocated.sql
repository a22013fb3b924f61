-- Modify "donation_lines" table
ALTER TABLE `donation_lines` ADD COLUMN `allocated` bigint NOT NULL DEFAULT 0;
-- Backfill "allocated": what each line has allocated so far (every allocation not cancelled)
UPDATE `donation_lines` SET `allocated` = (SELECT COALESCE(SUM(`quantity`), 0) FROM `allocations` WHERE `allocations`.`line_id` = `donation_lines`.`id` AND `allocations`.`status` <> 'CANCELLED');
