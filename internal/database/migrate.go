package database

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"time"

	"ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
	"github.com/go-sql-driver/mysql"
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
	renew, unlock, err := lock(ctx, conn, db.Dialect)
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
		if err := renew(); err != nil {
			return applied, err
		}
		if err := apply(ctx, conn, db.Dialect, f); err != nil {
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
//
// On SQLite, changing a column rebuilds its table: a copy under a new name, the old one
// dropped, the copy renamed. With foreign keys on, dropping the old table deletes its rows
// first, and every row that refers to one (a donation's lines, say) fails the drop; the
// files switch them off, but PRAGMA foreign_keys does nothing inside a transaction. So
// they are switched off on the connection around the file's transaction, as SQLite's own
// procedure for changing a table asks, and PRAGMA foreign_key_check must find every
// reference whole before the file commits.
func apply(ctx context.Context, conn *sql.Conn, dialectName string, f migrate.File) (err error) {
	stmts, err := f.Stmts()
	if err != nil {
		return err
	}
	if dialectName == dialect.SQLite {
		if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = off`); err != nil {
			return err
		}
		// Back on after the transaction (deferred before it, so run after its end) and
		// before the connection returns to the pool; if that fails, so does the start.
		defer func() {
			if _, onErr := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = on`); onErr != nil && err == nil {
				err = fmt.Errorf("switching foreign keys back on: %w", onErr)
			}
		}()
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
	if dialectName == dialect.SQLite {
		if err := foreignKeysWhole(ctx, tx); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`,
		f.Version(), time.Now().UTC().Format(time.RFC3339)); err != nil {
		return err
	}
	return tx.Commit()
}

// foreignKeysWhole fails when a row of the SQLite store refers to a row that is not there.
func foreignKeysWhole(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fk int
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return err
		}
		return fmt.Errorf("row %d of %s refers to a row of %s that is not there", rowid.Int64, table, parent)
	}
	return rows.Err()
}

// lockTTL is how long a migration lock holds without being renewed: a migrating mzdesk
// that dies leaves its row behind, and the next one takes it over once it is this old.
// Each applied file renews it.
const lockTTL = 5 * time.Minute

// lockWait is how long mzdesk waits for another one's migration before it gives up.
const lockWait = 2 * time.Minute

// lock keeps two replicas starting at once from migrating together. SQLite needs nothing:
// its write transactions already exclude each other. On MySQL the lock is a row: the
// one that inserts it (or takes over an expired one) migrates, the others wait. A row,
// not GET_LOCK: GET_LOCK is local to one server, and on a multi-primary Galera cluster two
// mzdesk starting through two nodes would both get it, while two inserts of one row
// conflict at commit there and only one succeeds. It returns the renewal to call after
// each file and the release.
func lock(ctx context.Context, conn *sql.Conn, dialectName string) (renew func() error, unlock func(), err error) {
	if dialectName != dialect.MySQL {
		return func() error { return nil }, func() {}, nil
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations_lock (
		id INT NOT NULL PRIMARY KEY, holder VARCHAR(64) NOT NULL, expires_at BIGINT NOT NULL)`); err != nil {
		return nil, nil, fmt.Errorf("creating schema_migrations_lock: %w", err)
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	holder := hex.EncodeToString(b)
	expiry := func() int64 { return time.Now().Add(lockTTL).UnixMilli() }
	give := time.Now().Add(lockWait)
	for {
		got, err := takeLock(ctx, conn, holder, expiry())
		if err != nil {
			return nil, nil, err
		}
		if got {
			break
		}
		if time.Now().After(give) {
			return nil, nil, fmt.Errorf("another mzdesk is migrating this database; gave up after %v", lockWait)
		}
		select {
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
	// A renewal always moves the expiry forward, if only by a millisecond: MySQL counts a
	// row that an UPDATE leaves as it was as not affected, and a renewal in the same
	// millisecond as the one before (small files apply that fast) would read as lost.
	renew = func() error {
		res, err := conn.ExecContext(ctx, `UPDATE schema_migrations_lock SET expires_at = GREATEST(?, expires_at + 1) WHERE id = 1 AND holder = ?`,
			expiry(), holder)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errors.Join(err, errors.New("the migration lock expired and was taken over; stopping"))
		}
		return nil
	}
	unlock = func() {
		_, _ = conn.ExecContext(context.Background(), `DELETE FROM schema_migrations_lock WHERE id = 1 AND holder = ?`, holder)
	}
	return renew, unlock, nil
}

// takeLock tries once to become the migration lock's holder: by inserting its row, or by
// taking over a row whose holder let it expire. Losing a race for it (a duplicate key, or
// on Galera a write that failed certification) is not an error: it is a lock held.
func takeLock(ctx context.Context, conn *sql.Conn, holder string, expires int64) (bool, error) {
	_, err := conn.ExecContext(ctx, `INSERT INTO schema_migrations_lock (id, holder, expires_at) VALUES (1, ?, ?)`, holder, expires)
	var myErr *mysql.MySQLError
	switch {
	case err == nil:
		return true, nil
	case Conflict(err):
		return false, nil
	case !errors.As(err, &myErr) || myErr.Number != erDupEntry:
		return false, fmt.Errorf("taking the migration lock: %w", err)
	}
	res, err := conn.ExecContext(ctx, `UPDATE schema_migrations_lock SET holder = ?, expires_at = ? WHERE id = 1 AND expires_at < ?`,
		holder, expires, time.Now().UnixMilli())
	if Conflict(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("taking over the migration lock: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
