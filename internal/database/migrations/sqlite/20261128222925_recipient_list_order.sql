-- Drop index "allocation_village_id_status" from table: "allocations"
DROP INDEX `allocation_village_id_status`;
-- Drop index "allocation_institution_id_status" from table: "allocations"
DROP INDEX `allocation_institution_id_status`;
-- Drop index "allocation_enterprise_id_status" from table: "allocations"
DROP INDEX `allocation_enterprise_id_status`;
-- Create index "allocation_village_id_status_created_at" to table: "allocations"
CREATE INDEX `allocation_village_id_status_created_at` ON `allocations` (`village_id`, `status`, `created_at`);
-- Create index "allocation_institution_id_status_created_at" to table: "allocations"
CREATE INDEX `allocation_institution_id_status_created_at` ON `allocations` (`institution_id`, `status`, `created_at`);
-- Create index "allocation_enterprise_id_status_created_at" to table: "allocations"
CREATE INDEX `allocation_enterprise_id_status_created_at` ON `allocations` (`enterprise_id`, `status`, `created_at`);
