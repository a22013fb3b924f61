-- Create "counters" table
CREATE TABLE `counters` (`id` integer NOT NULL PRIMARY KEY AUTOINCREMENT, `name` text NOT NULL, `value` integer NOT NULL DEFAULT (0), `hash` text NOT NULL DEFAULT (''));
-- Set sequence for "counters" table
INSERT INTO sqlite_sequence (name, seq) VALUES ("counters", 60129542144);
-- Create index "counters_name_key" to table: "counters"
CREATE UNIQUE INDEX `counters_name_key` ON `counters` (`name`);
