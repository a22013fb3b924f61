package relief

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"mzdesk/ent"
	"mzdesk/ent/orgunit"
	"mzdesk/ent/reliefpayment"
	"mzdesk/ent/schema"
	"mzdesk/internal/apperr"
	"mzdesk/internal/viewer"
)

// ImportResult says what an import did.
type ImportResult struct {
	Created int        `json:"created"`
	Updated int        `json:"updated"`
	Errors  []RowError `json:"errors"`
}

// Import writes checked rows through c, which must be a transaction's client: a row
// for the same programme, county, month and stage replaces the stored one. Counties are
// named as the sheet names them; one outside the viewer's units, or unknown, is a row
// error, and with any row error nothing is written.
func Import(ctx context.Context, c *ent.Client, rows []Row) (*ImportResult, error) {
	v, err := schema.ImportRelief.Allow(ctx)
	if err != nil {
		return nil, err
	}
	counties, err := c.OrgUnit.Query().Where(orgunit.LevelEQ(orgunit.LevelCOUNTY)).All(ctx)
	if err != nil {
		return nil, err
	}
	byName := map[string]*ent.OrgUnit{}
	for _, u := range counties {
		byName[u.Name] = u
	}
	res := &ImportResult{}
	for _, r := range rows {
		u := byName[r.County]
		switch {
		case u == nil:
			res.Errors = append(res.Errors, RowError{Row: r.Line, Column: Columns[0], Message: fmt.Sprintf("%q is not a county of the city", r.County)})
		case v.Is(viewer.Bureau) && (v.OrgPath == "" || !strings.HasPrefix(u.Path, v.OrgPath)):
			res.Errors = append(res.Errors, RowError{Row: r.Line, Column: Columns[0], Message: fmt.Sprintf("%s is outside your units", r.County)})
		}
	}
	if len(res.Errors) > 0 {
		return res, nil
	}
	for _, r := range rows {
		county := byName[r.County].ID
		old, err := c.ReliefPayment.Query().Where(reliefpayment.ProgrammeEQ(r.Programme), reliefpayment.CountyID(county),
			reliefpayment.Month(r.Month), reliefpayment.StageEQ(r.Stage)).Only(ctx)
		switch {
		case ent.IsNotFound(err):
			err = c.ReliefPayment.Create().SetProgramme(r.Programme).SetCountyID(county).SetMonth(r.Month).
				SetStage(r.Stage).SetPersons(r.Persons).SetAmountFen(r.AmountFen).SetPaidOn(r.PaidOn).Exec(ctx)
			res.Created++
		case err == nil:
			err = c.ReliefPayment.UpdateOne(old).SetPersons(r.Persons).SetAmountFen(r.AmountFen).SetPaidOn(r.PaidOn).Exec(ctx)
			res.Updated++
		}
		if err != nil {
			return nil, fmt.Errorf("row %d: %w", r.Line, err)
		}
	}
	return res, nil
}

// Total is a sum of relief figures for one group.
type Total struct {
	Programme *reliefpayment.Programme
	County    *string
	Month     *string
	Stage     reliefpayment.Stage
	Persons   int
	AmountFen int64
}

// GroupBy names what totals are split by.
type GroupBy string

// What totals can be split by; always by stage too, since pre-allocated and paid money
// never add up.
const (
	ByProgramme GroupBy = "PROGRAMME"
	ByCounty    GroupBy = "COUNTY"
	ByMonth     GroupBy = "MONTH"
)

// Totals sums the viewer's relief figures, split by the given dimensions and stage. The
// database sums them (GROUP BY), so the dashboard reads a row per group, not a row per
// county and month ever paid.
func Totals(ctx context.Context, c *ent.Client, by []GroupBy) ([]*Total, error) {
	split := map[GroupBy]bool{}
	for _, b := range by {
		split[b] = true
	}
	group := []string{reliefpayment.FieldStage}
	for _, d := range []struct {
		by    GroupBy
		field string
	}{{ByProgramme, reliefpayment.FieldProgramme}, {ByCounty, reliefpayment.FieldCountyID}, {ByMonth, reliefpayment.FieldMonth}} {
		if split[d.by] {
			group = append(group, d.field)
		}
	}
	var sums []struct {
		Stage     reliefpayment.Stage     `json:"stage"`
		Programme reliefpayment.Programme `json:"programme"`
		CountyID  int                     `json:"county_id"`
		Month     string                  `json:"month"`
		Persons   int                     `json:"persons"`
		AmountFen int64                   `json:"amount_fen"`
	}
	err := c.ReliefPayment.Query().GroupBy(group[0], group[1:]...).
		Aggregate(ent.As(ent.Sum(reliefpayment.FieldPersons), "persons"), ent.As(ent.Sum(reliefpayment.FieldAmountFen), "amount_fen")).
		Scan(ctx, &sums)
	if err != nil {
		return nil, err
	}
	counties := map[int]string{}
	if split[ByCounty] {
		ids := make([]int, len(sums))
		for i, s := range sums {
			ids[i] = s.CountyID
		}
		units, err := c.OrgUnit.Query().Where(orgunit.IDIn(ids...)).All(ctx)
		if err != nil {
			return nil, err
		}
		for _, u := range units {
			counties[u.ID] = u.Name
		}
	}
	out := make([]*Total, len(sums))
	order := make(map[*Total]string, len(sums))
	for i, s := range sums {
		t := &Total{Stage: s.Stage, Persons: s.Persons, AmountFen: s.AmountFen}
		if split[ByProgramme] {
			t.Programme = &s.Programme
		}
		if split[ByCounty] {
			name := counties[s.CountyID]
			t.County = &name
		}
		if split[ByMonth] {
			t.Month = &s.Month
		}
		out[i] = t
		order[t] = fmt.Sprint(s.Stage, deref(t.Programme), deref(t.County), deref(t.Month))
	}
	sort.Slice(out, func(i, j int) bool { return order[out[i]] < order[out[j]] })
	return out, nil
}

func deref[T any](p *T) (v T) {
	if p != nil {
		v = *p
	}
	return v
}

// MarshalGQL writes the dimension as its GraphQL enum value.
func (g GroupBy) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(g))) }

// UnmarshalGQL reads a GraphQL enum value.
func (g *GroupBy) UnmarshalGQL(v any) error {
	s, _ := v.(string)
	switch GroupBy(s) {
	case ByProgramme, ByCounty, ByMonth:
		*g = GroupBy(s)
		return nil
	}
	return apperr.Input("groupBy", "%v is not PROGRAMME, COUNTY or MONTH", v)
}
