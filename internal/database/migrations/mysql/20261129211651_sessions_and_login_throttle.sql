-- Modify "donations" table
ALTER TABLE `donations` ADD COLUMN `public_token` varchar(32) NULL, ADD UNIQUE INDEX `public_token` (`public_token`);
-- Create "login_failures" table
CREATE TABLE `login_failures` (`id` bigint NOT NULL AUTO_INCREMENT, `key` varchar(64) NOT NULL, `failures` bigint NOT NULL DEFAULT 0, `last_failed_at` datetime(6) NOT NULL, `retry_at` datetime(6) NOT NULL, PRIMARY KEY (`id`), UNIQUE INDEX `key` (`key`), INDEX `loginfailure_last_failed_at` (`last_failed_at`)) CHARSET utf8mb4 COLLATE utf8mb4_bin AUTO_INCREMENT 124554051584;
-- Create "sessions" table
CREATE TABLE `sessions` (`id` bigint NOT NULL AUTO_INCREMENT, `created_at` datetime(6) NOT NULL, `last_seen_at` datetime(6) NOT NULL, `expires_at` datetime(6) NOT NULL, `user_agent` varchar(255) NOT NULL DEFAULT '', `revoked_at` datetime(6) NULL, `user_id` bigint NOT NULL, PRIMARY KEY (`id`), INDEX `session_user_id_expires_at` (`user_id`, `expires_at`), CONSTRAINT `sessions_users_sessions` FOREIGN KEY (`user_id`) REFERENCES `users` (`id`) ON UPDATE RESTRICT ON DELETE NO ACTION) CHARSET utf8mb4 COLLATE utf8mb4_bin AUTO_INCREMENT 120259084288;
