-- Create "counters" table
CREATE TABLE `counters` (`id` bigint NOT NULL AUTO_INCREMENT, `name` varchar(64) NOT NULL, `value` bigint NOT NULL DEFAULT 0, `hash` varchar(64) NOT NULL DEFAULT '', PRIMARY KEY (`id`), UNIQUE INDEX `name` (`name`)) CHARSET utf8mb4 COLLATE utf8mb4_bin AUTO_INCREMENT 60129542144;
