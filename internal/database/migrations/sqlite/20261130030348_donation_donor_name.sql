-- Add column "donor_name" to table: "donations"
ALTER TABLE `donations` ADD COLUMN `donor_name` text NULL;
