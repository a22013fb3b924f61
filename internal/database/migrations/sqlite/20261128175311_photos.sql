-- Create "photos" table
CREATE TABLE `photos` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `key` text NOT NULL, `content_type` text NOT NULL, `data` blob NOT NULL, `uploaded_by_id` integer NOT NULL, `created_at` datetime NOT NULL);
-- Set sequence for "photos" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("photos", 64424509440);
-- Create index "photos_key_key" to table: "photos"
CREATE UNIQUE INDEX `photos_key_key` ON `photos` (`key`);
