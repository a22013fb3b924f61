package database

import (
	"context"
	"testing"

	"entgo.io/ent/dialect"
)

// TestMigrationLockRenewsAtOnce renews the migration lock many times in a row, as a
// migration of small files does: each renewal must keep the lock, even when it falls in
// the same millisecond as the one before and so writes the same expiry (MySQL counts a
// row whose values did not change as not affected).
func TestMigrationLockRenewsAtOnce(t *testing.T) {
	spec, ok := scratchStores(t)[dialect.MySQL]
	if !ok {
		t.Skip("the migration lock is MySQL's; set MZ_TEST_MYSQL_DSN")
	}
	db, err := Open(spec)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	renew, unlock, err := lock(ctx, conn, dialect.MySQL)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	for i := range 200 {
		if err := renew(); err != nil {
			t.Fatalf("renewal %d: %v", i+1, err)
		}
	}
}
