-- Add column "member_names" to table: "inspection_groups"
ALTER TABLE `inspection_groups` ADD COLUMN `member_names` json NULL;
