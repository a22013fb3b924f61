-- Create "control_reports" table
CREATE TABLE `control_reports` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `day` text NOT NULL, `full_disinfections` integer NOT NULL, `room_disinfections` integer NOT NULL, `public_disinfections` integer NOT NULL, `temperature_checks` integer NOT NULL, `abnormal_temperatures` integer NOT NULL, `returnees` json NULL, `masks_in_stock` integer NOT NULL DEFAULT (0), `disinfectant_in_stock` integer NOT NULL DEFAULT (0), `thermometers` integer NOT NULL DEFAULT (0), `compliant` bool NOT NULL, `problems` json NULL, `revision` integer NOT NULL DEFAULT (1), `filed_by_id` integer NOT NULL, `institution_id` integer NOT NULL, CONSTRAINT `control_reports_institutions_reports` FOREIGN KEY (`institution_id`) REFERENCES `institutions` (`id`) ON DELETE NO ACTION);
-- Set sequence for "control_reports" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("control_reports", 73014444032);
-- Create index "controlreport_institution_id_day" to table: "control_reports"
CREATE UNIQUE INDEX `controlreport_institution_id_day` ON `control_reports` (`institution_id`, `day`);
-- Create index "controlreport_day_compliant" to table: "control_reports"
CREATE INDEX `controlreport_day_compliant` ON `control_reports` (`day`, `compliant`);
-- Create "inspections" table
CREATE TABLE `inspections` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `inspector_id` integer NOT NULL, `day` text NOT NULL, `unannounced` bool NOT NULL DEFAULT (true), `disinfections_per_day` integer NOT NULL, `temperature_checks_per_day` integer NOT NULL, `supplies_purchasing_ok` bool NOT NULL, `visits_suspended` bool NOT NULL, `safety_line` bool NOT NULL, `returnee_isolation_ok` bool NOT NULL, `findings` text NULL, `supplies_handed_over` text NULL, `group_id` integer NOT NULL, `institution_id` integer NOT NULL, CONSTRAINT `inspections_inspection_groups_inspections` FOREIGN KEY (`group_id`) REFERENCES `inspection_groups` (`id`) ON DELETE NO ACTION, CONSTRAINT `inspections_institutions_inspections` FOREIGN KEY (`institution_id`) REFERENCES `institutions` (`id`) ON DELETE NO ACTION);
-- Set sequence for "inspections" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("inspections", 77309411328);
-- Create index "inspection_institution_id_day" to table: "inspections"
CREATE INDEX `inspection_institution_id_day` ON `inspections` (`institution_id`, `day`);
-- Create index "inspection_group_id_day" to table: "inspections"
CREATE INDEX `inspection_group_id_day` ON `inspections` (`group_id`, `day`);
-- Create "problems" table
CREATE TABLE `problems` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `description` text NOT NULL, `severity` text NOT NULL, `assignee` text NOT NULL, `deadline` text NOT NULL, `status` text NOT NULL DEFAULT ('OPEN'), `resolution` text NULL, `resolved_on` text NULL, `inspection_id` integer NOT NULL, `institution_id` integer NOT NULL, CONSTRAINT `problems_inspections_problems` FOREIGN KEY (`inspection_id`) REFERENCES `inspections` (`id`) ON DELETE NO ACTION, CONSTRAINT `problems_institutions_problems` FOREIGN KEY (`institution_id`) REFERENCES `institutions` (`id`) ON DELETE NO ACTION);
-- Set sequence for "problems" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("problems", 81604378624);
-- Create index "problem_status_deadline" to table: "problems"
CREATE INDEX `problem_status_deadline` ON `problems` (`status`, `deadline`);
-- Create index "problem_institution_id_status" to table: "problems"
CREATE INDEX `problem_institution_id_status` ON `problems` (`institution_id`, `status`);
-- Create "report_revisions" table
CREATE TABLE `report_revisions` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `revision` integer NOT NULL, `filed_at` datetime NOT NULL, `filed_by_id` integer NOT NULL, `content` text NOT NULL, `report_id` integer NOT NULL, CONSTRAINT `report_revisions_control_reports_revisions` FOREIGN KEY (`report_id`) REFERENCES `control_reports` (`id`) ON DELETE NO ACTION);
-- Set sequence for "report_revisions" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("report_revisions", 85899345920);
