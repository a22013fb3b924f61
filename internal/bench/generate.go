package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"mzdesk/internal/database"
)

// fixture is what the operations need from the generated data.
type fixture struct {
	villages   []village     // the 128 villages of 武陵区 with their account names
	progress   int           // a donation of 128 allocations, all with receipts
	dispatched map[int][]int // per village id: dispatched allocations waiting to be confirmed
	donor      int           // who gave every generated donation
}

type village struct {
	id       int
	username string
}

const perDonation = 128

// donorName is the donor of every generated donation, a company of the demo data.
const donorName = "常德市子琳医疗科技有限公司"

// generate writes n allocations the way the ledger grows: donations of one line split
// over the 128 villages of 武陵区, most long received, and a pool of dispatched ones for
// the confirmations the benchmark makes. It writes straight to the database (no audit
// events, no receipts for the old ones): it measures reads and new writes, not history.
func generate(ctx context.Context, db *database.DB, n int) (*fixture, error) {
	f := &fixture{dispatched: map[int][]int{}}
	rows, err := db.QueryContext(ctx, `SELECT id, code FROM org_units WHERE level = 'VILLAGE' AND path LIKE '430700/430702/%' ORDER BY code`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var v village
		var code string
		if err := rows.Scan(&v.id, &code); err != nil {
			return nil, err
		}
		v.username = "village-" + code
		f.villages = append(f.villages, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var item, donor int
	if err := db.QueryRowContext(ctx, `SELECT id FROM items WHERE name = '84消毒液'`).Scan(&item); err != nil {
		return nil, err
	}
	if err := db.QueryRowContext(ctx, `SELECT id FROM donors WHERE name = ?`, donorName).Scan(&donor); err != nil {
		return nil, err
	}
	f.donor = donor
	lines := (n + perDonation - 1) / perDonation
	now := time.Now().UTC()
	lineIDs, err := donations(ctx, db, lines+1, donor, item, now)
	if err != nil {
		return nil, err
	}
	// The last line's donation is the one whose progress is read: all its allocations
	// received, each with its receipt.
	f.progress = lineIDs[len(lineIDs)-1].donation
	poolPerVillage := 60
	batch := database.NewBatch(db, `INSERT INTO allocations (created_at, updated_at, quantity, status, dispatched_at, line_id, village_id) VALUES `, 7)
	left := n
	for li, l := range lineIDs {
		for vi, v := range f.villages {
			status := "RECEIVED"
			switch {
			case li == len(lineIDs)-1:
			case left <= 0:
				continue
			case li < poolPerVillage:
				status = "DISPATCHED"
			}
			if li < len(lineIDs)-1 {
				left--
			}
			at := now.Add(-time.Duration(len(lineIDs)-li) * time.Minute)
			if err := batch.Add(ctx, at, at, 23_437+vi%2, status, at, l.line, v.id); err != nil {
				return nil, err
			}
		}
	}
	if err := batch.Flush(ctx); err != nil {
		return nil, err
	}
	rs, err := db.QueryContext(ctx, `SELECT id, village_id FROM allocations WHERE status = 'DISPATCHED' AND village_id IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	for rs.Next() {
		var id, v int
		if err := rs.Scan(&id, &v); err != nil {
			return nil, err
		}
		f.dispatched[v] = append(f.dispatched[v], id)
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	var user int
	if err := db.QueryRowContext(ctx, `SELECT id FROM users WHERE username = 'charity'`).Scan(&user); err != nil {
		return nil, err
	}
	_, err = db.ExecContext(ctx, `INSERT INTO receipts (receipt_no, confirmed_at, received_quantity, rejected_quantity,
		idempotency_key, allocation_id, confirmed_by_id)
		SELECT CONCAT('B-', id), created_at, quantity, 0, CONCAT('bench-', id), id, ? FROM allocations WHERE line_id = ?`,
		user, lineIDs[len(lineIDs)-1].line)
	if err != nil && strings.Contains(err.Error(), "CONCAT") { // SQLite has no CONCAT before 3.44
		_, err = db.ExecContext(ctx, `INSERT INTO receipts (receipt_no, confirmed_at, received_quantity, rejected_quantity,
			idempotency_key, allocation_id, confirmed_by_id)
			SELECT 'B-' || id, created_at, quantity, 0, 'bench-' || id, id, ? FROM allocations WHERE line_id = ?`,
			user, lineIDs[len(lineIDs)-1].line)
	}
	return f, err
}

type lineRef struct{ donation, line int }

// donations writes count donations of one line each and returns their ids in order.
func donations(ctx context.Context, db *database.DB, count, donor, item int, now time.Time) ([]lineRef, error) {
	// donor_name is the donor's public name, as the ledger keeps it (a company's own).
	b := database.NewBatch(db, `INSERT INTO donations (created_at, updated_at, receipt_no, donated_on, purpose, donor_id, donor_name) VALUES `, 7)
	for i := range count {
		if err := b.Add(ctx, now, now, fmt.Sprintf("BENCH-%07d", i), now, "benchmark", donor, donorName); err != nil {
			return nil, err
		}
	}
	if err := b.Flush(ctx); err != nil {
		return nil, err
	}
	ids, err := column(ctx, db, `SELECT id FROM donations WHERE receipt_no LIKE 'BENCH-%' ORDER BY receipt_no`)
	if err != nil {
		return nil, err
	}
	l := database.NewBatch(db, `INSERT INTO donation_lines (quantity, entered_quantity, entered_unit, donation_id, item_id) VALUES `, 5)
	for _, d := range ids {
		if err := l.Add(ctx, 3_000_000, 120_000, "PACK", d, item); err != nil {
			return nil, err
		}
	}
	if err := l.Flush(ctx); err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, `SELECT l.id, l.donation_id FROM donation_lines l JOIN donations d ON d.id = l.donation_id
		WHERE d.receipt_no LIKE 'BENCH-%' ORDER BY d.receipt_no`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []lineRef
	for rows.Next() {
		var r lineRef
		if err := rows.Scan(&r.line, &r.donation); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func column(ctx context.Context, db *database.DB, q string) ([]int, error) {
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// pad brings the org units and donations up to the given totals, as the peer benchmark's
// data of issue 19 has them (2,010 and 1,000): villages under the first town, donations of
// the same donor without lines. They widen the tables the two queries search; no query
// returns them.
func pad(ctx context.Context, db *database.DB, orgUnits, donationCount, donor int) error {
	var units, dons, town int
	var townPath string
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM org_units`).Scan(&units); err != nil {
		return err
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM donations`).Scan(&dons); err != nil {
		return err
	}
	if err := db.QueryRowContext(ctx, `SELECT id, path FROM org_units WHERE level = 'TOWN' ORDER BY code LIMIT 1`).Scan(&town, &townPath); err != nil {
		return err
	}
	now := time.Now().UTC()
	o := database.NewBatch(db, `INSERT INTO org_units (created_at, updated_at, example, code, name, level, path, parent_id) VALUES `, 8)
	for i := range orgUnits - units {
		code := fmt.Sprintf("PAD%06d", i)
		if err := o.Add(ctx, now, now, false, code, fmt.Sprintf("基准村%04d", i), "VILLAGE", townPath+"/"+code, town); err != nil {
			return err
		}
	}
	if err := o.Flush(ctx); err != nil {
		return err
	}
	d := database.NewBatch(db, `INSERT INTO donations (created_at, updated_at, receipt_no, donated_on, purpose, donor_id, donor_name) VALUES `, 7)
	for i := range donationCount - dons {
		if err := d.Add(ctx, now, now, fmt.Sprintf("PAD-%07d", i), now, "benchmark", donor, donorName); err != nil {
			return err
		}
	}
	return d.Flush(ctx)
}
