-- Modify "donations" table
ALTER TABLE `donations` ADD INDEX `donation_donor_id` (`donor_id`);
-- Modify "donation_lines" table
ALTER TABLE `donation_lines` ADD INDEX `donationline_donation_id` (`donation_id`);
-- Modify "enterprise_visits" table
ALTER TABLE `enterprise_visits` ADD INDEX `enterprisevisit_enterprise_id` (`enterprise_id`);
-- Modify "problems" table
ALTER TABLE `problems` ADD INDEX `problem_inspection_id` (`inspection_id`);
-- Modify "report_revisions" table
ALTER TABLE `report_revisions` ADD INDEX `reportrevision_report_id` (`report_id`);
-- Modify "users" table
ALTER TABLE `users` ADD INDEX `user_org_unit_id` (`org_unit_id`);
