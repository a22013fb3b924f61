// Package demo loads the data of the 17 March 2020 report on the Changde civil-affairs
// bureau: the city, its nine county-level units and the 128 villages and communities of
// 武陵区, the institutions, donor, enterprise, goods and people the report names, and one
// demo account per role. Names the report does not give are invented and stored with
// example = true, and say 示例 in the name, so nobody takes them for facts.
package demo

import (
	"context"
	"fmt"

	"mzdesk/ent"
	"mzdesk/ent/orgunit"
	"mzdesk/internal/audit"
	"mzdesk/internal/auth"
	"mzdesk/internal/viewer"
)

// CityCode is Changde's administrative code; its presence means the demo data is loaded.
const CityCode = "430700"

// WulingCode is 武陵区, whose 128 villages and communities received the 3 t of 84消毒液.
const WulingCode = "430702"

// Counties are Changde's nine county-level units with their administrative codes.
var Counties = []struct{ Code, Name string }{
	{"430702", "武陵区"}, {"430703", "鼎城区"}, {"430721", "安乡县"},
	{"430722", "汉寿县"}, {"430723", "澧县"}, {"430724", "临澧县"},
	{"430725", "桃源县"}, {"430726", "石门县"}, {"430781", "津市市"},
}

// Villages is the number of villages and communities of 武陵区 in the report.
const Villages = 128

// ZhiheCode is 芷荷社区, where bureau volunteers stood the gate every day.
const ZhiheCode = "430702001001"

// Result says what Load did.
type Result struct {
	Loaded   bool     // false when the data was already there
	Accounts []string // the demo usernames, for the start-up banner
}

// Load writes the demo data in one transaction unless it is already there. All demo
// accounts get password, hashed once: they are refused in production anyway.
func Load(ctx context.Context, client *ent.Client, password string) (Result, error) {
	ctx = viewer.SystemContext(ctx, viewer.Seed)
	if n, err := client.OrgUnit.Query().Where(orgunit.Code(CityCode)).Count(ctx); err != nil || n > 0 {
		return Result{}, err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return Result{}, fmt.Errorf("MZ_DEMO_PASSWORD: %w", err)
	}
	ctx, tx, err := audit.OpenTx(ctx, client)
	if err != nil {
		return Result{}, err
	}
	s := &seeder{tx: tx.Client(), hash: hash}
	if err := s.load(ctx); err != nil {
		_ = tx.Rollback()
		return Result{}, fmt.Errorf("loading demo data: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return Result{}, err
	}
	return Result{Loaded: true, Accounts: s.accounts}, nil
}
