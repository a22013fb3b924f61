package app_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"mzdesk/ent"
	"mzdesk/ent/institution"
	"mzdesk/ent/orgunit"
	"mzdesk/internal/app"
	"mzdesk/internal/apptest"
	"mzdesk/internal/database"
	"mzdesk/internal/demo"
)

// ballast is 300 rows for the heavier transaction of a deadlock to write.
var ballast = func() string {
	v := make([]string, 300)
	for i := range v {
		v[i] = fmt.Sprintf("(%d)", i)
	}
	return "VALUES " + strings.Join(v, ",")
}()

const createHome = `mutation($unit: ID!, $name: String!) { createInstitution(input: {name: $name, kind: ELDERLY_CARE, orgUnitID: $unit}) { id name } }`

// TestMutationRetriedAfterDeadlock makes MySQL pick a mutation's transaction as the
// victim of a real deadlock — it holds one org unit row and asks for a second one that
// another transaction holds while waiting for the first — a given number of times. Lost
// fewer times than the retry's bound, the mutation is run again from the request and
// succeeds, writing its row once; lost on every attempt, the answer is UNAVAILABLE with a
// 503 (which the phone's queue keeps), never INTERNAL, and nothing is written.
func TestMutationRetriedAfterDeadlock(t *testing.T) {
	var mysqlDB *apptest.Database
	for _, d := range apptest.Databases() {
		if d.Name == "mysql" {
			mysqlDB = &d
		}
	}
	if mysqlDB == nil {
		t.Skip("needs MySQL (MZ_TEST_MYSQL_DSN): SQLite has no row locks to deadlock on")
	}
	s := apptest.Start(t, *mysqlDB)
	ctx := systemCtx()
	units := s.App.Client.OrgUnit.Query().Where(orgunit.ParentIDNotNil()).Order(ent.Asc(orgunit.FieldID)).IDsX(ctx)
	a, b := units[0], units[1]
	var deadlocks, runs atomic.Int32
	s.App.Client.Institution.Use(func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(mctx context.Context, m ent.Mutation) (ent.Value, error) {
			runs.Add(1)
			if _, err := m.(*ent.InstitutionMutation).Tx(); err != nil {
				t.Errorf("hook: %v", err)
			}
			if deadlocks.Add(-1) >= 0 {
				if err := loseDeadlock(t, ctx, s.App.DB.DB, m.(*ent.InstitutionMutation).Client(), a, b); err != nil {
					return nil, err
				}
				t.Error("the mutation's transaction was not the deadlock's victim")
			}
			return next.Mutate(mctx, m)
		})
	})
	if _, err := s.App.DB.Exec(`CREATE TABLE retry_ballast (id INT PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	admin := s.As(t, "admin")
	unit := s.App.Client.OrgUnit.Query().Where(orgunit.Code(demo.WulingCode)).OnlyIDX(ctx)

	for _, lose := range []int{1, 3} {
		deadlocks.Store(int32(lose))
		runs.Store(0)
		name := "重试敬老院" + strings.Repeat("甲", lose)
		r := admin.Do(createHome, map[string]any{"unit": unit, "name": name})
		if len(r.Errors) != 0 || r.Status != 200 {
			t.Fatalf("losing %d deadlock(s): %d %+v, want the retried mutation to succeed", lose, r.Status, r.Errors)
		}
		if got := runs.Load(); got != int32(lose+1) {
			t.Errorf("losing %d deadlock(s): the mutation ran %d times, want %d", lose, got, lose+1)
		}
		if n := s.App.Client.Institution.Query().Where(institution.Name(name)).CountX(ctx); n != 1 {
			t.Errorf("losing %d deadlock(s): %d institutions written, want 1", lose, n)
		}
	}

	deadlocks.Store(1 << 20)
	runs.Store(0)
	r := admin.Do(createHome, map[string]any{"unit": unit, "name": "永不成功敬老院"})
	if r.Code() != "UNAVAILABLE" || r.Status != 503 || len(r.Errors) != 1 {
		t.Errorf("always losing: %d %+v, want one UNAVAILABLE error with a 503", r.Status, r.Errors)
	}
	if got := runs.Load(); got != app.MutationAttempts {
		t.Errorf("always losing: the mutation ran %d times, want the bound %d", got, app.MutationAttempts)
	}
	if n := s.App.Client.Institution.Query().Where(institution.Name("永不成功敬老院")).CountX(ctx); n != 0 {
		t.Errorf("always losing: %d institutions written, want none", n)
	}
}

// loseDeadlock makes tx (the mutation's transaction) lose a deadlock: it locks org unit
// a; another transaction writes a few hundred rows of ballast (so that it is the heavier
// one, which InnoDB keeps), locks org unit b and waits for a; then tx asks for b. It
// returns tx's error.
func loseDeadlock(t *testing.T, ctx context.Context, db *sql.DB, tx *ent.Client, a, b int) error {
	if _, err := tx.OrgUnit.Query().Where(orgunit.ID(a)).ForUpdate().IDs(ctx); err != nil {
		t.Errorf("locking the first row: %v", err)
		return err
	}
	other, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	holdsB, done := make(chan error, 1), make(chan error, 1)
	go func() {
		defer other.Rollback() //nolint:errcheck // it only held locks and ballast
		_, err := other.ExecContext(ctx, `INSERT INTO retry_ballast (id) `+ballast)
		if err == nil {
			_, err = other.ExecContext(ctx, `SELECT id FROM org_units WHERE id = ? FOR UPDATE`, b)
		}
		holdsB <- err
		if err == nil {
			_, err = other.ExecContext(ctx, `SELECT id FROM org_units WHERE id = ? FOR UPDATE`, a)
		}
		done <- err
	}()
	if err := <-holdsB; err != nil {
		t.Errorf("the other transaction: %v", err)
		return err
	}
	// Whichever of the two asks second closes the cycle; InnoDB then rolls back the
	// lighter one, the mutation's.
	_, err = tx.OrgUnit.Query().Where(orgunit.ID(b)).ForUpdate().IDs(ctx)
	if err == nil {
		t.Errorf("no deadlock; the other transaction: %v", <-done)
		return errors.New("no deadlock")
	}
	go func() { <-done }() //nolint:errcheck // the other one now gets row a, and rolls back: its error is the point
	return err
}

// TestMutationRetriedWhileSQLiteBusy holds SQLite's write lock from another connection
// for longer than mzdesk's busy timeout: the mutation's transaction cannot begin (SQLITE_BUSY)
// and is begun again, and the mutation succeeds once the lock is free, writing once.
func TestMutationRetriedWhileSQLiteBusy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mzdesk.db")
	s := apptest.StartOn(t, "sqlite:"+path)
	admin := s.As(t, "admin")
	unit := s.App.Client.OrgUnit.Query().Where(orgunit.Code(demo.WulingCode)).OnlyIDX(systemCtx())

	// The holder waits for its own lock (the server may be writing: the login's audit
	// event, the sealer), then holds it.
	holder, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	tx, err := holder.Begin()
	if err != nil {
		t.Fatal(err)
	}
	released := make(chan struct{})
	go func() {
		defer close(released)
		time.Sleep(database.BusyTimeout + 500*time.Millisecond)
		tx.Rollback() //nolint:errcheck // it only held the lock
	}()
	start := time.Now()
	r := admin.Do(createHome, map[string]any{"unit": unit, "name": "忙时敬老院"})
	<-released
	if len(r.Errors) != 0 || r.Status != 200 {
		t.Fatalf("%d %+v, want the mutation to succeed once the lock is free", r.Status, r.Errors)
	}
	if waited := time.Since(start); waited < database.BusyTimeout {
		t.Errorf("answered after %v, before the busy timeout: the lock was not in the way", waited)
	}
	if n := s.App.Client.Institution.Query().Where(institution.Name("忙时敬老院")).CountX(systemCtx()); n != 1 {
		t.Errorf("%d institutions written, want 1", n)
	}
}
