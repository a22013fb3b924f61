-- Create index "allocation_village_id_line_id" to table: "allocations"
CREATE INDEX `allocation_village_id_line_id` ON `allocations` (`village_id`, `line_id`);
-- Create index "allocation_institution_id_line_id" to table: "allocations"
CREATE INDEX `allocation_institution_id_line_id` ON `allocations` (`institution_id`, `line_id`);
