-- Backfill "donor_name": the donor's public name on donations recorded before they carried it (a private person's is 爱心人士, as ledger.PublicName writes it)
UPDATE `donations` SET `donor_name` = (SELECT CASE WHEN `donors`.`kind` = 'PERSON' THEN '爱心人士' ELSE `donors`.`name` END FROM `donors` WHERE `donors`.`id` = `donations`.`donor_id`) WHERE `donor_name` IS NULL;
-- Modify "donations" table
ALTER TABLE `donations` MODIFY COLUMN `donor_name` varchar(128) NOT NULL;
