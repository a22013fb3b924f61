package database

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	entsql "entgo.io/ent/dialect/sql"
)

// TestPreparedReads reads through SQLite's driver as ent does: the same text is prepared
// once and answers each time with its own arguments, from many requests at once; a text
// that does not prepare reports SQLite's own error; past the cap, texts still answer,
// unprepared; a write inside a transaction prepares nothing.
func TestPreparedReads(t *testing.T) {
	db, err := Open("sqlite:" + filepath.Join(t.TempDir(), "prepared.db"))
	if err != nil {
		t.Fatal(err)
	}
	drv := db.Driver()
	t.Cleanup(func() { _ = drv.Close() })
	d, ok := drv.(*preparedReads)
	if !ok {
		t.Fatalf("SQLite's driver is %T, want its reads prepared", drv)
	}
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE TABLE village (id INTEGER PRIMARY KEY, name TEXT)`); err != nil {
		t.Fatal(err)
	}
	tx, err := d.Tx(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"丹洲乡", "芦荻山乡", "河洑镇"} {
		if err := tx.Exec(ctx, `INSERT INTO village (id, name) VALUES (?, ?)`, []any{i + 1, name}, nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	name := func(text string, id int) (string, error) {
		var rows entsql.Rows
		if err := d.Query(ctx, text, []any{id}, &rows); err != nil {
			return "", err
		}
		defer rows.Close()
		var n string
		for rows.Next() {
			if err := rows.Scan(&n); err != nil {
				return "", err
			}
		}
		return n, rows.Err()
	}

	const byID = `SELECT name FROM village WHERE id = ?`
	var wg sync.WaitGroup
	for i := range 60 {
		wg.Go(func() {
			id := i%3 + 1
			got, err := name(byID, id)
			if want := []string{"丹洲乡", "芦荻山乡", "河洑镇"}[id-1]; err != nil || got != want {
				t.Errorf("village %d: %q, %v; want %q", id, got, err, want)
			}
		})
	}
	wg.Wait()
	if len(d.stmts) != 1 || d.stmts[byID] == nil {
		t.Errorf("kept %d statements, want the one text read 60 times", len(d.stmts))
	}

	if _, err := name(`SELECT nme FROM village WHERE id = ?`, 1); err == nil || !strings.Contains(err.Error(), "nme") {
		t.Errorf("a text that does not prepare answered %v, want SQLite's error naming the column", err)
	}

	for i := len(d.stmts); i < preparedMax; i++ {
		d.stmts[fmt.Sprint("filler ", i)] = d.stmts[byID]
	}
	if got, err := name(`SELECT name FROM village WHERE id = ? AND 1 = 1`, 3); err != nil || got != "河洑镇" {
		t.Errorf("past the cap: %q, %v", got, err)
	}
	if len(d.stmts) != preparedMax {
		t.Errorf("kept %d statements, want at most %d", len(d.stmts), preparedMax)
	}
}
