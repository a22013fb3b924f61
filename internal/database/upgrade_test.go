package database

import (
	"context"
	"testing"

	"entgo.io/ent/dialect"
)

// TestUpgradeKeepsData upgrades a store of mzdesk's first release holding one donation's
// whole trail (a donor, the donation, its line of an item, an allocation to a village and
// its receipt, signed by a village account) through every migration since, as a running
// bureau's store is upgraded: on SQLite and, with MZ_TEST_MYSQL_DSN, on MySQL. Every
// migration runs against rows that refer to the tables it changes (SQLite rebuilds a table
// to change a column, with the rows of other tables pointing at it), and the migrations
// that fill a new column from the data do so: the line's allocated amount, and the
// donation's donor name.
func TestUpgradeKeepsData(t *testing.T) {
	for name, spec := range scratchStores(t) {
		t.Run(name, func(t *testing.T) { testUpgradeKeepsData(t, spec) })
	}
}

// firstRelease is a donation's trail in the tables of the first migration.
var firstRelease = []string{
	`INSERT INTO org_units (id, created_at, updated_at, code, name, level, path) VALUES
		(1, '2020-02-01 00:00:00', '2020-02-01 00:00:00', '430702001001', '河洑村', 'VILLAGE', '430700/430702/430702001/430702001001')`,
	`INSERT INTO users (id, created_at, updated_at, username, display_name, password_hash, role, org_unit_id) VALUES
		(1, '2020-02-01 00:00:00', '2020-02-01 00:00:00', 'village-430702001001', '河洑村村委会', 'x', 'VILLAGE_COMMITTEE', 1)`,
	`INSERT INTO items (id, created_at, updated_at, name, base_unit) VALUES
		(1, '2020-02-01 00:00:00', '2020-02-01 00:00:00', '84消毒液', 'KG')`,
	`INSERT INTO donors (id, created_at, updated_at, name, kind) VALUES
		(1, '2020-02-01 00:00:00', '2020-02-01 00:00:00', '常德市某某企业', 'ENTERPRISE'),
		(2, '2020-02-01 00:00:00', '2020-02-01 00:00:00', '王某某', 'PERSON')`,
	`INSERT INTO donations (id, created_at, updated_at, receipt_no, donated_on, donor_id) VALUES
		(1, '2020-02-10 08:00:00', '2020-02-10 08:00:00', 'OLD-1', '2020-02-10 00:00:00', 1),
		(2, '2020-02-10 08:00:00', '2020-02-10 08:00:00', 'OLD-2', '2020-02-10 00:00:00', 2)`,
	`INSERT INTO donation_lines (id, quantity, entered_quantity, entered_unit, donation_id, item_id) VALUES
		(1, 3000000, 3000, 'KG', 1, 1)`,
	`INSERT INTO allocations (id, created_at, updated_at, quantity, status, line_id, village_id) VALUES
		(1, '2020-02-11 08:00:00', '2020-02-11 08:00:00', 25000, 'RECEIVED', 1, 1),
		(2, '2020-02-11 08:00:00', '2020-02-11 08:00:00', 5000, 'CANCELLED', 1, 1)`,
	`INSERT INTO receipts (id, receipt_no, confirmed_at, received_quantity, idempotency_key, allocation_id, confirmed_by_id) VALUES
		(1, 'R-1', '2020-02-12 09:00:00', 25000, 'k-1', 1, 1)`,
}

func testUpgradeKeepsData(t *testing.T, spec string) {
	ctx := context.Background()
	db, err := Open(spec)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	dir, err := Dir(db.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	files, err := dir.Files()
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE schema_migrations (
		version VARCHAR(32) NOT NULL PRIMARY KEY, applied_at VARCHAR(40) NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	err = apply(ctx, conn, db.Dialect, files[0])
	_ = conn.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range firstRelease {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}

	applied, err := db.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(applied) != len(files)-1 {
		t.Errorf("%d migrations applied after the first, want %d", len(applied), len(files)-1)
	}
	for table, want := range map[string]int{"org_units": 1, "users": 1, "items": 1, "donors": 2, "donations": 2,
		"donation_lines": 1, "allocations": 2, "receipts": 1} {
		var n int
		if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil || n != want {
			t.Errorf("%s: %d rows after the upgrade (%v), want %d", table, n, err, want)
		}
	}
	var allocated int64
	if err := db.QueryRowContext(ctx, `SELECT allocated FROM donation_lines WHERE id = 1`).Scan(&allocated); err != nil || allocated != 25000 {
		t.Errorf("the line has %d allocated (%v), want 25000: its allocations but the cancelled one", allocated, err)
	}
	names := map[string]string{}
	rows, err := db.QueryContext(ctx, `SELECT receipt_no, donor_name FROM donations`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var no, name string
		if err := rows.Scan(&no, &name); err != nil {
			t.Fatal(err)
		}
		names[no] = name
	}
	rows.Close()
	// A private person is named as the public page names one (ledger.PublicName).
	if names["OLD-1"] != "常德市某某企业" || names["OLD-2"] != "爱心人士" {
		t.Errorf("donations named %v after the upgrade, want OLD-1 by its company and OLD-2 as 爱心人士", names)
	}
	if _, err := db.ExecContext(ctx, `INSERT INTO donations (created_at, updated_at, receipt_no, donated_on, donor_id)
		VALUES ('2020-02-13 00:00:00', '2020-02-13 00:00:00', 'UNNAMED', '2020-02-13 00:00:00', 1)`); err == nil {
		t.Error("a donation without its donor's name was stored after the upgrade")
	}
	if db.Dialect == dialect.SQLite {
		var on int
		if err := db.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&on); err != nil || on != 1 {
			t.Errorf("foreign keys are %d after the upgrade (%v), want on", on, err)
		}
	}
}
