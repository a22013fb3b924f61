-- Create "disputes" table
CREATE TABLE `disputes` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `opened_at` datetime NOT NULL, `reason` text NOT NULL, `status` text NOT NULL DEFAULT ('OPEN'), `resolution` text NULL, `resolved_at` datetime NULL, `resolved_by_id` integer NULL, `allocation_id` integer NOT NULL, `replacement_id` integer NULL, CONSTRAINT `disputes_allocations_dispute` FOREIGN KEY (`allocation_id`) REFERENCES `allocations` (`id`) ON DELETE NO ACTION, CONSTRAINT `disputes_allocations_replacement` FOREIGN KEY (`replacement_id`) REFERENCES `allocations` (`id`) ON DELETE SET NULL);
-- Set sequence for "disputes" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("disputes", 68719476736);
-- Create index "disputes_allocation_id_key" to table: "disputes"
CREATE UNIQUE INDEX `disputes_allocation_id_key` ON `disputes` (`allocation_id`);
-- Create index "dispute_status_opened_at" to table: "disputes"
CREATE INDEX `dispute_status_opened_at` ON `disputes` (`status`, `opened_at`);
