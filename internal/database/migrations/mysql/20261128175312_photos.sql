-- Create "photos" table
CREATE TABLE `photos` (`id` bigint NOT NULL AUTO_INCREMENT, `key` varchar(64) NOT NULL, `content_type` varchar(32) NOT NULL, `data` mediumblob NOT NULL, `uploaded_by_id` bigint NOT NULL, `created_at` datetime(6) NOT NULL, PRIMARY KEY (`id`), UNIQUE INDEX `key` (`key`)) CHARSET utf8mb4 COLLATE utf8mb4_bin AUTO_INCREMENT 64424509440;
