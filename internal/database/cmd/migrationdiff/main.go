// Command migrationdiff writes the next migration file of both dialects from the ent
// schemas: `make migration name=add_x`. It replays the existing files on scratch
// databases (SQLite in memory, and a throw-away database on the local MySQL named by
// MZ_DEV_MYSQL_DSN) and writes only the difference.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"ariga.io/atlas/sql/migrate"

	"mzdesk/internal/database"
)

func main() {
	name := flag.String("name", "", "what the migration does, e.g. add_inspections")
	root := flag.String("dir", "internal/database/migrations", "the migrations folder")
	flag.Parse()
	if *name == "" {
		log.Fatal("usage: migrationdiff -name add_x")
	}
	ctx := context.Background()

	sqliteDev, err := database.Open("sqlite:" + filepath.Join(os.TempDir(), fmt.Sprintf("mzdesk-dev-%d.db", os.Getpid())))
	if err != nil {
		log.Fatal(err)
	}
	defer func() { _ = os.Remove(filepath.Join(os.TempDir(), fmt.Sprintf("mzdesk-dev-%d.db", os.Getpid()))) }()
	write(ctx, sqliteDev, filepath.Join(*root, "sqlite"), *name)

	dsn := os.Getenv("MZ_DEV_MYSQL_DSN")
	if dsn == "" {
		dsn = "root@tcp(127.0.0.1:3306)/"
	}
	spec, drop, err := database.Scratch(dsn, "mzdesk_migrationdev")
	if err != nil {
		log.Fatal(err)
	}
	defer drop()
	mysqlDev, err := database.Open(spec)
	if err != nil {
		log.Fatal(err)
	}
	write(ctx, mysqlDev, filepath.Join(*root, "mysql"), *name)
}

func write(ctx context.Context, dev *database.DB, path, name string) {
	dir, err := migrate.NewLocalDir(path)
	if err != nil {
		log.Fatal(err)
	}
	if err := database.Diff(ctx, dev, dir, name); err != nil {
		log.Fatalf("%s: %v", path, err)
	}
}
