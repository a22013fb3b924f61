-- Modify "allocations" table
ALTER TABLE `allocations` ADD INDEX `allocation_village_id_created_at` (`village_id`, `created_at`);
-- Modify "donation_lines" table
ALTER TABLE `donation_lines` ADD INDEX `donationline_item_id` (`item_id`);
-- Modify "inspections" table
ALTER TABLE `inspections` ADD INDEX `inspection_day` (`day`);
-- Modify "org_units" table
ALTER TABLE `org_units` ADD INDEX `orgunit_level_code` (`level`, `code`);
