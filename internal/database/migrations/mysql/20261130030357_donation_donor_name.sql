-- Modify "donations" table
ALTER TABLE `donations` ADD COLUMN `donor_name` varchar(128) NULL;
