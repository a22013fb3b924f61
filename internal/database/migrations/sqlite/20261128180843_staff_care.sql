-- Create "care_plans" table
CREATE TABLE `care_plans` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `interval_days` integer NOT NULL, `reason` text NULL, `staff_id` integer NOT NULL, CONSTRAINT `care_plans_staffs_care_plan` FOREIGN KEY (`staff_id`) REFERENCES `staffs` (`id`) ON DELETE NO ACTION);
-- Set sequence for "care_plans" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("care_plans", 90194313216);
-- Create index "care_plans_staff_id_key" to table: "care_plans"
CREATE UNIQUE INDEX `care_plans_staff_id_key` ON `care_plans` (`staff_id`);
-- Create "duty_shifts" table
CREATE TABLE `duty_shifts` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `created_at` datetime NOT NULL, `updated_at` datetime NOT NULL, `day` text NOT NULL, `starts` text NOT NULL, `ends` text NOT NULL, `task` text NOT NULL, `community_id` integer NOT NULL, `staff_id` integer NOT NULL, CONSTRAINT `duty_shifts_org_units_community` FOREIGN KEY (`community_id`) REFERENCES `org_units` (`id`) ON DELETE NO ACTION, CONSTRAINT `duty_shifts_staffs_shifts` FOREIGN KEY (`staff_id`) REFERENCES `staffs` (`id`) ON DELETE NO ACTION);
-- Set sequence for "duty_shifts" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("duty_shifts", 94489280512);
-- Create index "dutyshift_day_community_id" to table: "duty_shifts"
CREATE INDEX `dutyshift_day_community_id` ON `duty_shifts` (`day`, `community_id`);
-- Create index "dutyshift_staff_id_day" to table: "duty_shifts"
CREATE INDEX `dutyshift_staff_id_day` ON `duty_shifts` (`staff_id`, `day`);
