-- Modify "inspection_groups" table
ALTER TABLE `inspection_groups` ADD COLUMN `member_names` json NULL;
