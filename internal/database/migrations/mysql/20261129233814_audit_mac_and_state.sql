-- Modify "audit_events" table
ALTER TABLE `audit_events` ADD COLUMN `state` varchar(64) NOT NULL DEFAULT '', ADD COLUMN `mac` varchar(64) NOT NULL DEFAULT '';
