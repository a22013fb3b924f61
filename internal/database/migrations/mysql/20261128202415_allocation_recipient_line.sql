-- Modify "allocations" table
ALTER TABLE `allocations` ADD INDEX `allocation_institution_id_line_id` (`institution_id`, `line_id`), ADD INDEX `allocation_village_id_line_id` (`village_id`, `line_id`);
