package database

import (
	"context"

	"ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect/sql/schema"

	entmigrate "mzdesk/ent/migrate"
)

// Diff writes into dir a migration file called name holding what the ent schemas add to
// the files already there, and nothing when they agree. dev must be an empty database of
// the dialect: the files are replayed on it to know where they stand.
func Diff(ctx context.Context, dev *DB, dir migrate.Dir, name string) error {
	return entmigrate.NewSchema(dev.Driver()).NamedDiff(ctx, name,
		schema.WithDir(dir),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDialect(dev.Dialect),
		schema.WithFormatter(migrate.DefaultFormatter),
		schema.WithDropColumn(true),
		schema.WithDropIndex(true),
	)
}
