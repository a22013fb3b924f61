package database

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/go-sql-driver/mysql"
)

// TestPreparedReads reads through the store's driver as ent does, on SQLite and on
// MySQL when MZ_TEST_MYSQL_DSN names a server: the same text is prepared once and answers
// each time with its own arguments, from many requests at once; every column type mzdesk
// stores reads back the same prepared as unprepared (MySQL answers a prepared statement
// in its binary protocol); a text that does not prepare reports the database's own error;
// past the cap, texts still answer, unprepared; a write inside a transaction prepares
// nothing.
func TestPreparedReads(t *testing.T) {
	for name, spec := range scratchStores(t) {
		t.Run(name, func(t *testing.T) { testPreparedReads(t, spec) })
	}
}

// scratchStores names an empty store of the test's own on each dialect it can reach, by
// dialect: a SQLite file, and a MySQL database when MZ_TEST_MYSQL_DSN names a server,
// dropped when the test ends.
func scratchStores(t *testing.T) map[string]string {
	specs := map[string]string{dialect.SQLite: "sqlite:" + filepath.Join(t.TempDir(), "store.db")}
	if dsn := os.Getenv("MZ_TEST_MYSQL_DSN"); dsn != "" {
		b := make([]byte, 6)
		_, _ = rand.Read(b)
		spec, drop, err := Scratch(dsn, "mzs_"+hex.EncodeToString(b))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(drop)
		specs[dialect.MySQL] = spec
	}
	return specs
}

func testPreparedReads(t *testing.T, spec string) {
	db, err := Open(spec)
	if err != nil {
		t.Fatal(err)
	}
	drv := db.Driver()
	t.Cleanup(func() { _ = drv.Close() })
	d, ok := drv.(*preparedReads)
	if !ok {
		t.Fatalf("the driver is %T, want its reads prepared", drv)
	}
	ctx := context.Background()
	table := `CREATE TABLE village (id BIGINT PRIMARY KEY, name VARCHAR(64), qty BIGINT, open BOOLEAN, at DATETIME(6))`
	if db.Dialect == dialect.SQLite {
		table = `CREATE TABLE village (id INTEGER PRIMARY KEY, name TEXT, qty INTEGER, open BOOL, at DATETIME)`
	}
	if _, err := db.ExecContext(ctx, table); err != nil {
		t.Fatal(err)
	}
	tx, err := d.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2020, 2, 21, 9, 30, 0, 123456000, time.UTC)
	for i, name := range []string{"丹洲乡", "芦荻山乡", "河洑镇"} {
		if err := tx.Exec(ctx, `INSERT INTO village (id, name, qty, open, at) VALUES (?, ?, ?, ?, ?)`,
			[]any{int64(i+1) << 32, name, 30000 * (i + 1), i != 1, at}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if len(d.stmts) != 0 {
		t.Errorf("a transaction's writes kept %d statements, want none", len(d.stmts))
	}

	type row struct {
		name      sql.NullString
		qty       sql.NullInt64
		open      sql.NullBool
		at        sql.NullTime
		statement string
	}
	read := func(query func(context.Context, string, any, any) error, text string, id int) (row, error) {
		var rows entsql.Rows
		if err := query(ctx, text, []any{int64(id) << 32}, &rows); err != nil {
			return row{}, err
		}
		defer rows.Close()
		var r row
		for rows.Next() {
			if err := rows.Scan(&r.name, &r.qty, &r.open, &r.at); err != nil {
				return row{}, err
			}
		}
		r.statement = fmt.Sprintf("%s %d %v %s", r.name.String, r.qty.Int64, r.open.Bool, r.at.Time.UTC().Format(time.RFC3339Nano))
		return r, rows.Err()
	}

	const byID = `SELECT name, qty, open, at FROM village WHERE id = ?`
	var wg sync.WaitGroup
	for i := range 60 {
		wg.Go(func() {
			id := i%3 + 1
			got, err := read(d.Query, byID, id)
			if want := []string{"丹洲乡", "芦荻山乡", "河洑镇"}[id-1]; err != nil || got.name.String != want {
				t.Errorf("village %d: %q, %v; want %q", id, got.name.String, err, want)
			}
		})
	}
	wg.Wait()
	if len(d.stmts) != 1 || d.stmts[byID] == nil {
		t.Errorf("kept %d statements, want the one text read 60 times", len(d.stmts))
	}
	for id := 1; id <= 3; id++ {
		prepared, err1 := read(d.Query, byID, id)
		plain, err2 := read(d.Driver.Query, byID, id)
		if err1 != nil || err2 != nil || prepared != plain {
			t.Errorf("village %d prepared %q (%v), unprepared %q (%v)", id, prepared.statement, err1, plain.statement, err2)
		}
	}
	if got, _ := read(d.Query, byID, 2); got.statement != "芦荻山乡 60000 false 2020-02-21T09:30:00.123456Z" {
		t.Errorf("village 2 read %q", got.statement)
	}

	if _, err := read(d.Query, `SELECT nme FROM village WHERE id = ?`, 1); err == nil || !strings.Contains(err.Error(), "nme") {
		t.Errorf("a text that does not prepare answered %v, want the database's error naming the column", err)
	}

	for i := len(d.stmts); i < preparedMax; i++ {
		d.stmts[fmt.Sprint("filler ", i)] = d.stmts[byID]
	}
	if got, err := read(d.Query, byID+` AND 1 = 1`, 3); err != nil || got.name.String != "河洑镇" {
		t.Errorf("past the cap: %q, %v", got.name.String, err)
	}
	if len(d.stmts) != preparedMax {
		t.Errorf("kept %d statements, want at most %d", len(d.stmts), preparedMax)
	}
}

// TestTooManyStatements: MariaDB's refusal to prepare past max_prepared_stmt_count, as
// database/sql hands it on, sends a read down the unprepared path; other errors do not.
// (The limit is the whole server's, so a test cannot reach it without starving others.)
func TestTooManyStatements(t *testing.T) {
	refused := fmt.Errorf("preparing: %w", &mysql.MySQLError{Number: erMaxPreparedStmtCount, Message: "Can't create more than max_prepared_stmt_count statements"})
	if !tooManyStatements(refused) {
		t.Error("the refusal is not recognised")
	}
	for _, err := range []error{nil, &mysql.MySQLError{Number: erLockDeadlock}, sql.ErrNoRows} {
		if tooManyStatements(err) {
			t.Errorf("%v taken for the refusal", err)
		}
	}
}
