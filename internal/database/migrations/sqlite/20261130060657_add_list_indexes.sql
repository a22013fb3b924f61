-- Create index "allocation_village_id_created_at" to table: "allocations"
CREATE INDEX `allocation_village_id_created_at` ON `allocations` (`village_id`, `created_at`);
-- Create index "orgunit_level_code" to table: "org_units"
CREATE INDEX `orgunit_level_code` ON `org_units` (`level`, `code`);
-- Create index "inspection_day" to table: "inspections"
CREATE INDEX `inspection_day` ON `inspections` (`day`);
-- Create index "donationline_item_id" to table: "donation_lines"
CREATE INDEX `donationline_item_id` ON `donation_lines` (`item_id`);
