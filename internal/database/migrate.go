package database

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"time"

	"ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
)

// files holds the migrations: one folder per dialect, each an Atlas directory with its
// atlas.sum, written by `make migration name=…` (see cmd/migrationdiff).
//
//go:embed migrations
var files embed.FS

// Dir returns the migration directory of a dialect, checked against its atlas.sum so that
// an edited or missing file stops start-up instead of half-migrating.
func Dir(dialectName string) (migrate.Dir, error) {
	sub, err := fs.Sub(files, path.Join("migrations", Folder(dialectName)))
	if err != nil {
		return nil, err
	}
	d := &migrate.MemDir{}
	err = fs.WalkDir(sub, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		return d.WriteFile(p, b)
	})
	if err != nil {
		return nil, fmt.Errorf("reading %s migrations: %w", dialectName, err)
	}
	if err := migrate.Validate(d); err != nil {
		return nil, fmt.Errorf("%s migrations: %w", dialectName, err)
	}
	return d, nil
}

// Folder names the migrations folder of a dialect.
func Folder(dialectName string) string {
	if dialectName == dialect.SQLite {
		return "sqlite" // ent calls it sqlite3, after the C driver mzdesk does not use
	}
	return dialectName
}

// Migrate applies the migrations the store has not seen yet, in order, and records each
// in schema_migrations. A store that has a version this binary does not know is refused:
// it was migrated by a newer mzdesk.
func (db *DB) Migrate(ctx context.Context) (applied []string, err error) {
	dir, err := Dir(db.Dialect)
	if err != nil {
		return nil, err
	}
	mf, err := dir.Files()
	if err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx) // one connection: the MySQL lock below belongs to it
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	unlock, err := lock(ctx, conn, db.Dialect)
	if err != nil {
		return nil, err
	}
	defer unlock()

	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version VARCHAR(32) NOT NULL PRIMARY KEY, applied_at VARCHAR(40) NOT NULL)`); err != nil {
		return nil, fmt.Errorf("creating schema_migrations: %w", err)
	}
	done, err := appliedVersions(ctx, conn)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, f := range mf {
		known[f.Version()] = true
	}
	for v := range done {
		if !known[v] {
			return nil, fmt.Errorf("the database has migration %s that this mzdesk does not know: run a newer mzdesk", v)
		}
	}
	for _, f := range mf {
		if done[f.Version()] {
			continue
		}
		if err := apply(ctx, conn, f); err != nil {
			return applied, fmt.Errorf("migration %s: %w", f.Name(), err)
		}
		applied = append(applied, f.Version())
	}
	return applied, nil
}

func appliedVersions(ctx context.Context, conn *sql.Conn) (map[string]bool, error) {
	rows, err := conn.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	done := map[string]bool{}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		done[v] = true
	}
	return done, rows.Err()
}

// apply runs one file in a transaction. On SQLite a failed file leaves nothing behind;
// MySQL commits each DDL statement on its own, so there a failed file is reported with
// the statement that failed and needs a look by hand before the next start.
func apply(ctx context.Context, conn *sql.Conn, f migrate.File) error {
	stmts, err := f.Stmts()
	if err != nil {
		return err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	for _, s := range stmts {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%w\n%s", err, s)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`,
		f.Version(), time.Now().UTC().Format(time.RFC3339)); err != nil {
		return err
	}
	return tx.Commit()
}

// lock keeps two replicas starting at once from migrating together. SQLite needs nothing:
// its write transactions already exclude each other.
func lock(ctx context.Context, conn *sql.Conn, dialectName string) (func(), error) {
	if dialectName != dialect.MySQL {
		return func() {}, nil
	}
	var got sql.NullInt64
	if err := conn.QueryRowContext(ctx, `SELECT GET_LOCK('mzdesk_migrate', 60)`).Scan(&got); err != nil {
		return nil, err
	}
	if got.Int64 != 1 {
		return nil, errors.New("another mzdesk is migrating this database; gave up after 60 s")
	}
	return func() { conn.ExecContext(context.Background(), `SELECT RELEASE_LOCK('mzdesk_migrate')`) }, nil //nolint:errcheck // the lock dies with the connection anyway
}
