-- Create index "donation_donor_id" to table: "donations"
CREATE INDEX `donation_donor_id` ON `donations` (`donor_id`);
-- Create index "donationline_donation_id" to table: "donation_lines"
CREATE INDEX `donationline_donation_id` ON `donation_lines` (`donation_id`);
-- Create index "user_org_unit_id" to table: "users"
CREATE INDEX `user_org_unit_id` ON `users` (`org_unit_id`);
-- Create index "problem_inspection_id" to table: "problems"
CREATE INDEX `problem_inspection_id` ON `problems` (`inspection_id`);
-- Create index "reportrevision_report_id" to table: "report_revisions"
CREATE INDEX `reportrevision_report_id` ON `report_revisions` (`report_id`);
-- Create index "enterprisevisit_enterprise_id" to table: "enterprise_visits"
CREATE INDEX `enterprisevisit_enterprise_id` ON `enterprise_visits` (`enterprise_id`);
