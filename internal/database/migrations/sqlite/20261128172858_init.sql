-- Create "allocations" table
CREATE TABLE `allocations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `quantity` integer NOT NULL, `status` text NOT NULL DEFAULT ('PLANNED'), `dispatched_at` datetime NULL, `line_id` integer NOT NULL, `enterprise_id` integer NULL, `institution_id` integer NULL, `village_id` integer NULL, CONSTRAINT `allocations_donation_lines_allocations` FOREIGN KEY (`line_id`) REFERENCES `donation_lines` (`id`) ON DELETE NO ACTION, CONSTRAINT `allocations_enterprises_allocations` FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises` (`id`) ON DELETE SET NULL, CONSTRAINT `allocations_institutions_allocations` FOREIGN KEY (`institution_id`) REFERENCES `institutions` (`id`) ON DELETE SET NULL, CONSTRAINT `allocations_org_units_allocations` FOREIGN KEY (`village_id`) REFERENCES `org_units` (`id`) ON DELETE SET NULL);
-- Create index "allocation_village_id_status" to table: "allocations"
CREATE INDEX `allocation_village_id_status` ON `allocations` (`village_id`, `status`);
-- Create index "allocation_institution_id_status" to table: "allocations"
CREATE INDEX `allocation_institution_id_status` ON `allocations` (`institution_id`, `status`);
-- Create index "allocation_enterprise_id_status" to table: "allocations"
CREATE INDEX `allocation_enterprise_id_status` ON `allocations` (`enterprise_id`, `status`);
-- Create index "allocation_line_id_status" to table: "allocations"
CREATE INDEX `allocation_line_id_status` ON `allocations` (`line_id`, `status`);
-- Create "audit_events" table
CREATE TABLE `audit_events` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `at` datetime NOT NULL, `actor_id` integer NULL, `actor` text NOT NULL, `action` text NOT NULL, `entity_type` text NOT NULL, `entity_id` integer NOT NULL, `before` text NULL, `after` text NULL, `prev_hash` text NOT NULL, `hash` text NOT NULL);
-- Set sequence for "audit_events" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("audit_events", 4294967296);
-- Create index "auditevent_entity_type_entity_id" to table: "audit_events"
CREATE INDEX `auditevent_entity_type_entity_id` ON `audit_events` (`entity_type`, `entity_id`);
-- Create "care_records" table
CREATE TABLE `care_records` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `date` datetime NOT NULL, `kind` text NOT NULL, `dimensions` json NULL, `notes` text NULL, `next_follow_up` datetime NULL, `staff_id` integer NOT NULL, CONSTRAINT `care_records_staffs_care_records` FOREIGN KEY (`staff_id`) REFERENCES `staffs` (`id`) ON DELETE NO ACTION);
-- Set sequence for "care_records" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("care_records", 8589934592);
-- Create index "carerecord_staff_id_date" to table: "care_records"
CREATE INDEX `carerecord_staff_id_date` ON `care_records` (`staff_id`, `date`);
-- Create "donations" table
CREATE TABLE `donations` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `receipt_no` text NOT NULL, `donated_on` datetime NOT NULL, `purpose` text NULL, `donor_id` integer NOT NULL, CONSTRAINT `donations_donors_donations` FOREIGN KEY (`donor_id`) REFERENCES `donors` (`id`) ON DELETE NO ACTION);
-- Set sequence for "donations" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("donations", 12884901888);
-- Create index "donations_receipt_no_key" to table: "donations"
CREATE UNIQUE INDEX `donations_receipt_no_key` ON `donations` (`receipt_no`);
-- Create index "donation_donated_on" to table: "donations"
CREATE INDEX `donation_donated_on` ON `donations` (`donated_on`);
-- Create "donation_lines" table
CREATE TABLE `donation_lines` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `quantity` integer NOT NULL, `entered_quantity` integer NOT NULL, `entered_unit` text NOT NULL, `donation_id` integer NOT NULL, `item_id` integer NOT NULL, CONSTRAINT `donation_lines_donations_lines` FOREIGN KEY (`donation_id`) REFERENCES `donations` (`id`) ON DELETE NO ACTION, CONSTRAINT `donation_lines_items_item` FOREIGN KEY (`item_id`) REFERENCES `items` (`id`) ON DELETE NO ACTION);
-- Set sequence for "donation_lines" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("donation_lines", 17179869184);
-- Create "donors" table
CREATE TABLE `donors` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `example` bool NOT NULL DEFAULT (false), `name` text NOT NULL, `kind` text NOT NULL DEFAULT ('ENTERPRISE'), `contact_name` text NULL, `contact_phone` text NULL);
-- Set sequence for "donors" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("donors", 21474836480);
-- Create "enterprises" table
CREATE TABLE `enterprises` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `example` bool NOT NULL DEFAULT (false), `name` text NOT NULL, `contact_name` text NULL, `contact_phone` text NULL, `restart_on` datetime NULL, `org_unit_id` integer NOT NULL, `liaison_id` integer NULL, CONSTRAINT `enterprises_org_units_org_unit` FOREIGN KEY (`org_unit_id`) REFERENCES `org_units` (`id`) ON DELETE NO ACTION, CONSTRAINT `enterprises_staffs_liaison` FOREIGN KEY (`liaison_id`) REFERENCES `staffs` (`id`) ON DELETE SET NULL);
-- Set sequence for "enterprises" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("enterprises", 25769803776);
-- Create "inspection_groups" table
CREATE TABLE `inspection_groups` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `example` bool NOT NULL DEFAULT (false), `name` text NOT NULL, `leader` text NOT NULL);
-- Set sequence for "inspection_groups" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("inspection_groups", 30064771072);
-- Create index "inspection_groups_name_key" to table: "inspection_groups"
CREATE UNIQUE INDEX `inspection_groups_name_key` ON `inspection_groups` (`name`);
-- Create "institutions" table
CREATE TABLE `institutions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `example` bool NOT NULL DEFAULT (false), `name` text NOT NULL, `kind` text NOT NULL, `capacity` integer NOT NULL DEFAULT (0), `residents` integer NOT NULL DEFAULT (0), `staff_count` integer NOT NULL DEFAULT (0), `contact_name` text NULL, `contact_phone` text NULL, `closed_since` datetime NULL, `visits_suspended` bool NOT NULL DEFAULT (false), `safety_line` bool NOT NULL DEFAULT (false), `org_unit_id` integer NOT NULL, CONSTRAINT `institutions_org_units_institutions` FOREIGN KEY (`org_unit_id`) REFERENCES `org_units` (`id`) ON DELETE NO ACTION);
-- Set sequence for "institutions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("institutions", 34359738368);
-- Create index "institution_org_unit_id_kind" to table: "institutions"
CREATE INDEX `institution_org_unit_id_kind` ON `institutions` (`org_unit_id`, `kind`);
-- Create "items" table
CREATE TABLE `items` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `name` text NOT NULL, `base_unit` text NOT NULL, `pack_name` text NULL, `pack_size` integer NULL);
-- Set sequence for "items" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("items", 38654705664);
-- Create index "items_name_key" to table: "items"
CREATE UNIQUE INDEX `items_name_key` ON `items` (`name`);
-- Create "org_units" table
CREATE TABLE `org_units` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `example` bool NOT NULL DEFAULT (false), `code` text NOT NULL, `name` text NOT NULL, `level` text NOT NULL, `path` text NOT NULL, `population` integer NULL, `households` integer NULL, `inspection_group_covers` integer NULL, `parent_id` integer NULL, CONSTRAINT `org_units_inspection_groups_covers` FOREIGN KEY (`inspection_group_covers`) REFERENCES `inspection_groups` (`id`) ON DELETE SET NULL, CONSTRAINT `org_units_org_units_children` FOREIGN KEY (`parent_id`) REFERENCES `org_units` (`id`) ON DELETE SET NULL);
-- Set sequence for "org_units" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("org_units", 42949672960);
-- Create index "org_units_code_key" to table: "org_units"
CREATE UNIQUE INDEX `org_units_code_key` ON `org_units` (`code`);
-- Create index "orgunit_path" to table: "org_units"
CREATE INDEX `orgunit_path` ON `org_units` (`path`);
-- Create index "orgunit_parent_id_name" to table: "org_units"
CREATE INDEX `orgunit_parent_id_name` ON `org_units` (`parent_id`, `name`);
-- Create "receipts" table
CREATE TABLE `receipts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `receipt_no` text NOT NULL, `confirmed_at` datetime NOT NULL, `received_quantity` integer NOT NULL, `rejected_quantity` integer NOT NULL DEFAULT (0), `reject_reason` text NULL, `note` text NULL, `photo_key` text NULL, `idempotency_key` text NOT NULL, `allocation_id` integer NOT NULL, `confirmed_by_id` integer NOT NULL, CONSTRAINT `receipts_allocations_receipt` FOREIGN KEY (`allocation_id`) REFERENCES `allocations` (`id`) ON DELETE NO ACTION, CONSTRAINT `receipts_users_confirmed_by` FOREIGN KEY (`confirmed_by_id`) REFERENCES `users` (`id`) ON DELETE NO ACTION);
-- Set sequence for "receipts" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("receipts", 47244640256);
-- Create index "receipts_receipt_no_key" to table: "receipts"
CREATE UNIQUE INDEX `receipts_receipt_no_key` ON `receipts` (`receipt_no`);
-- Create index "receipts_idempotency_key_key" to table: "receipts"
CREATE UNIQUE INDEX `receipts_idempotency_key_key` ON `receipts` (`idempotency_key`);
-- Create index "receipts_allocation_id_key" to table: "receipts"
CREATE UNIQUE INDEX `receipts_allocation_id_key` ON `receipts` (`allocation_id`);
-- Create "staffs" table
CREATE TABLE `staffs` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `example` bool NOT NULL DEFAULT (false), `name` text NOT NULL, `position` text NULL, `phone` text NULL, `frontline` bool NOT NULL DEFAULT (false), `sent_to_hubei` bool NOT NULL DEFAULT (false), `community_duty` bool NOT NULL DEFAULT (false), `retiring_soon` bool NOT NULL DEFAULT (false), `org_unit_id` integer NOT NULL, CONSTRAINT `staffs_org_units_org_unit` FOREIGN KEY (`org_unit_id`) REFERENCES `org_units` (`id`) ON DELETE NO ACTION);
-- Set sequence for "staffs" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("staffs", 51539607552);
-- Create index "staff_org_unit_id_name" to table: "staffs"
CREATE INDEX `staff_org_unit_id_name` ON `staffs` (`org_unit_id`, `name`);
-- Create "users" table
CREATE TABLE `users` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `username` text NOT NULL, `display_name` text NOT NULL, `phone` text NULL, `password_hash` text NOT NULL, `role` text NOT NULL, `active` bool NOT NULL DEFAULT (true), `demo` bool NOT NULL DEFAULT (false), `last_login_at` datetime NULL, `inspection_group_id` integer NULL, `org_unit_id` integer NULL, `institution_id` integer NULL, CONSTRAINT `users_inspection_groups_members` FOREIGN KEY (`inspection_group_id`) REFERENCES `inspection_groups` (`id`) ON DELETE SET NULL, CONSTRAINT `users_org_units_org_unit` FOREIGN KEY (`org_unit_id`) REFERENCES `org_units` (`id`) ON DELETE SET NULL, CONSTRAINT `users_institutions_institution` FOREIGN KEY (`institution_id`) REFERENCES `institutions` (`id`) ON DELETE SET NULL);
-- Set sequence for "users" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("users", 55834574848);
-- Create index "users_username_key" to table: "users"
CREATE UNIQUE INDEX `users_username_key` ON `users` (`username`);
