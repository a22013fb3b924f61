-- Disable the enforcement of foreign-keys constraints
PRAGMA foreign_keys = off;
-- Create "new_audit_events" table
CREATE TABLE `new_audit_events` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `at` datetime NOT NULL, `actor_id` integer NULL, `actor` text NOT NULL, `action` text NOT NULL, `entity_type` text NOT NULL, `entity_id` integer NOT NULL, `before` text NULL, `after` text NULL, `state` text NOT NULL DEFAULT (''), `mac` text NOT NULL DEFAULT (''), `seq` integer NULL, `prev_hash` text NOT NULL DEFAULT (''), `hash` text NOT NULL DEFAULT (''));
-- Set sequence for "new_audit_events" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("new_audit_events", 4294967296);
-- Copy rows from old table "audit_events" to new temporary table "new_audit_events"
INSERT INTO `new_audit_events` (`id`, `at`, `actor_id`, `actor`, `action`, `entity_type`, `entity_id`, `before`, `after`, `seq`, `prev_hash`, `hash`) SELECT `id`, `at`, `actor_id`, `actor`, `action`, `entity_type`, `entity_id`, `before`, `after`, `seq`, `prev_hash`, `hash` FROM `audit_events`;
-- Drop "audit_events" table after copying rows
DROP TABLE `audit_events`;
-- Rename temporary table "new_audit_events" to "audit_events"
ALTER TABLE `new_audit_events` RENAME TO `audit_events`;
-- Create index "auditevent_entity_type_entity_id" to table: "audit_events"
CREATE INDEX `auditevent_entity_type_entity_id` ON `audit_events` (`entity_type`, `entity_id`);
-- Create index "auditevent_seq" to table: "audit_events"
CREATE INDEX `auditevent_seq` ON `audit_events` (`seq`);
-- Enable back the enforcement of foreign-keys constraints
PRAGMA foreign_keys = on;
