package database_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/go-sql-driver/mysql"
	_ "modernc.org/sqlite"

	"mzdesk/internal/database"
)

// TestConflict sorts errors into "lost a race, nothing written, run it again" and the
// rest: MySQL's deadlock and lock wait timeout (Galera reports a failed certification as
// the deadlock) are conflicts; a node not yet synced (1047) is unavailable, not a
// conflict; constraint and other errors are neither.
func TestConflict(t *testing.T) {
	for name, c := range map[string]struct {
		err                   error
		conflict, unavailable bool
	}{
		"deadlock":             {fmt.Errorf("ent: %w", &mysql.MySQLError{Number: 1213, Message: "Deadlock found when trying to get lock; try restarting transaction"}), true, false},
		"lock wait timeout":    {&mysql.MySQLError{Number: 1205, Message: "Lock wait timeout exceeded; try restarting transaction"}, true, false},
		"Galera not synced":    {&mysql.MySQLError{Number: 1047, Message: "WSREP has not yet prepared node for application use"}, false, true},
		"duplicate key":        {&mysql.MySQLError{Number: 1062, Message: "Duplicate entry"}, false, false},
		"foreign key":          {&mysql.MySQLError{Number: 1452, Message: "Cannot add or update a child row"}, false, false},
		"no rows":              {sql.ErrNoRows, false, false},
		"a plain bug":          {errors.New("nil map"), false, false},
		"no error":             {nil, false, false},
		"client went away":     {context.Canceled, false, false},
		"server shutting down": {&mysql.MySQLError{Number: 1053}, false, true},
	} {
		if got := database.Conflict(c.err); got != c.conflict {
			t.Errorf("%s: Conflict = %v, want %v", name, got, c.conflict)
		}
		if got := database.Unavailable(c.err); got != c.unavailable {
			t.Errorf("%s: Unavailable = %v, want %v", name, got, c.unavailable)
		}
	}
}

// TestConflictSQLiteBusy asks SQLite itself for a write lock another connection holds,
// without waiting: what it answers must count as a conflict.
func TestConflictSQLiteBusy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "busy.db")
	open := func() *sql.DB {
		db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(0)&_txlock=immediate")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	holder, other := open(), open()
	if _, err := holder.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	tx, err := holder.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck // it only held the lock
	_, err = other.Begin()
	if err == nil {
		t.Fatal("a second write transaction began while the first held the lock")
	}
	if !database.Conflict(fmt.Errorf("ent: starting a transaction: %w", err)) {
		t.Errorf("SQLite's %v (%T) is not a conflict", err, err)
	}
	if database.Unavailable(err) {
		t.Errorf("SQLite's %v counts as unavailable", err)
	}
}
