-- Modify "audit_events" table
ALTER TABLE `audit_events` MODIFY COLUMN `prev_hash` varchar(64) NOT NULL DEFAULT '', MODIFY COLUMN `hash` varchar(64) NOT NULL DEFAULT '', ADD COLUMN `seq` bigint NULL, ADD INDEX `auditevent_seq` (`seq`);
-- Events written before the sealer were chained as they were written, in id order: that
-- order becomes their place, and the chain's head holds the last place taken.
UPDATE `audit_events` SET `seq` = `id`;
UPDATE `counters` SET `value` = (SELECT COALESCE(MAX(`id`), 0) FROM `audit_events`) WHERE `name` = 'audit';
