package database_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"mzdesk/internal/database"
)

// scratchMySQL opens a fresh, empty MySQL database of the test's own, or skips without
// MZ_TEST_MYSQL_DSN (the migration lock is a MySQL matter; SQLite's writers exclude each
// other already).
func scratchMySQL(t *testing.T) string {
	dsn := os.Getenv("MZ_TEST_MYSQL_DSN")
	if dsn == "" {
		t.Skip("the migration lock is MySQL's; set MZ_TEST_MYSQL_DSN")
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	spec, drop, err := database.Scratch(dsn, "mzt_"+hex.EncodeToString(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	return spec
}

// TestConcurrentMigrations starts four migrations of one empty MySQL database at once,
// each through its own pool, as replicas starting together do: every one succeeds, the
// files are applied once (a second CREATE TABLE would fail), and the lock row is gone.
func TestConcurrentMigrations(t *testing.T) {
	spec := scratchMySQL(t)
	var wg sync.WaitGroup
	applied := make([][]string, 4)
	errs := make([]error, 4)
	for i := range applied {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := database.Open(spec)
			if err != nil {
				errs[i] = err
				return
			}
			defer db.Close()
			applied[i], errs[i] = db.Migrate(context.Background())
		}()
	}
	wg.Wait()
	total := 0
	for i, err := range errs {
		if err != nil {
			t.Errorf("migration %d: %v", i, err)
		}
		total += len(applied[i])
	}
	dir, _ := database.Dir("mysql")
	files, _ := dir.Files()
	if total != len(files) {
		t.Errorf("%d files applied in all, want each of the %d once", total, len(files))
	}
	db, err := database.Open(spec)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var held int
	if err := db.QueryRow(`SELECT COUNT(*) FROM schema_migrations_lock`).Scan(&held); err != nil || held != 0 {
		t.Errorf("after the migrations the lock has %d rows (%v), want none", held, err)
	}
}

// TestMigrationLockExpires leaves a lock behind as a migrating mzdesk that died would:
// a live one waits while it holds, and takes it over once it has expired.
func TestMigrationLockExpires(t *testing.T) {
	spec := scratchMySQL(t)
	db, err := database.Open(spec)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	live := time.Now().Add(time.Minute).UnixMilli()
	if _, err := db.Exec(`INSERT INTO schema_migrations_lock (id, holder, expires_at) VALUES (1, 'dead', ?)`, live); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	_, err = db.Migrate(ctx)
	cancel()
	if err == nil || !strings.Contains(err.Error(), "deadline") {
		t.Errorf("migrating while another holds the lock: %v, want to wait until the context ends", err)
	}
	if _, err := db.Exec(`UPDATE schema_migrations_lock SET expires_at = ?`, time.Now().Add(-time.Second).UnixMilli()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Errorf("migrating after the dead holder's lock expired: %v", err)
	}
}

// TestReadyOnPlainMariaDB: a MariaDB that is not a Galera node is ready when it answers,
// even with the Galera library installed (which makes it report wsrep_ready OFF).
func TestReadyOnPlainMariaDB(t *testing.T) {
	db, err := database.Open(scratchMySQL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Ready(context.Background()); err != nil {
		t.Errorf("a plain MariaDB is not ready: %v", err)
	}
}
