-- Create "care_assignments" table
CREATE TABLE `care_assignments` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `example` bool NOT NULL DEFAULT (false), `person` text NOT NULL, `age_group` text NOT NULL, `reason` text NOT NULL, `reason_note` text NULL, `carer` text NOT NULL, `carer_phone` text NULL, `check_every_days` integer NOT NULL DEFAULT (1), `active` bool NOT NULL DEFAULT (true), `village_id` integer NOT NULL, CONSTRAINT `care_assignments_org_units_village` FOREIGN KEY (`village_id`) REFERENCES `org_units` (`id`) ON DELETE NO ACTION);
-- Set sequence for "care_assignments" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("care_assignments", 98784247808);
-- Create index "careassignment_village_id_active" to table: "care_assignments"
CREATE INDEX `careassignment_village_id_active` ON `care_assignments` (`village_id`, `active`);
-- Create "check_ins" table
CREATE TABLE `check_ins` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `at` datetime NOT NULL, `note` text NULL, `recorded_by_id` integer NOT NULL, `assignment_id` integer NOT NULL, CONSTRAINT `check_ins_care_assignments_check_ins` FOREIGN KEY (`assignment_id`) REFERENCES `care_assignments` (`id`) ON DELETE NO ACTION);
-- Set sequence for "check_ins" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("check_ins", 103079215104);
-- Create index "checkin_assignment_id_at" to table: "check_ins"
CREATE INDEX `checkin_assignment_id_at` ON `check_ins` (`assignment_id`, `at`);
-- Create "enterprise_visits" table
CREATE TABLE `enterprise_visits` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `day` text NOT NULL, `actions` json NOT NULL, `note` text NULL, `enterprise_id` integer NOT NULL, CONSTRAINT `enterprise_visits_enterprises_visits` FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises` (`id`) ON DELETE NO ACTION);
-- Set sequence for "enterprise_visits" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("enterprise_visits", 107374182400);
-- Create "relief_payments" table
CREATE TABLE `relief_payments` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `programme` text NOT NULL, `month` text NOT NULL, `stage` text NOT NULL, `persons` integer NOT NULL, `amount_fen` integer NOT NULL, `paid_on` text NULL, `county_id` integer NOT NULL, CONSTRAINT `relief_payments_org_units_county` FOREIGN KEY (`county_id`) REFERENCES `org_units` (`id`) ON DELETE NO ACTION);
-- Set sequence for "relief_payments" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("relief_payments", 111669149696);
-- Create index "reliefpayment_programme_county_id_month_stage" to table: "relief_payments"
CREATE UNIQUE INDEX `reliefpayment_programme_county_id_month_stage` ON `relief_payments` (`programme`, `county_id`, `month`, `stage`);
-- Create index "reliefpayment_month" to table: "relief_payments"
CREATE INDEX `reliefpayment_month` ON `relief_payments` (`month`);
-- Create "traveller_aids" table
CREATE TABLE `traveller_aids` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `day` text NOT NULL, `travellers` integer NOT NULL, `from_hubei` integer NOT NULL DEFAULT (0), `help` json NOT NULL, `note` text NULL, `county_id` integer NOT NULL, CONSTRAINT `traveller_aids_org_units_county` FOREIGN KEY (`county_id`) REFERENCES `org_units` (`id`) ON DELETE NO ACTION);
-- Set sequence for "traveller_aids" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("traveller_aids", 115964116992);
