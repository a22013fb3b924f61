package app_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"mzdesk/ent/careassignment"
	"mzdesk/ent/orgunit"
	"mzdesk/internal/apptest"
	"mzdesk/internal/demo"
	"mzdesk/internal/relief"
)

func importSheet(t *testing.T, s *apptest.Server, token string, sheet []byte) (int, relief.ImportResult) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/relief/import", bytes.NewReader(sheet))
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out relief.ImportResult
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

// TestReliefSheets imports the demo sheet — the report's totals come out to the fen — and
// a sheet with one bad row, which imports nothing and names the row and column.
func TestReliefSheets(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			bureau := s.As(t, "bureau")
			sheet, err := relief.Write(demo.ReliefRows())
			if err != nil {
				t.Fatal(err)
			}
			code, res := importSheet(t, s, bureau.Token, sheet)
			if code != 200 || res.Updated != len(demo.ReliefRows()) || res.Created != 0 {
				t.Fatalf("demo sheet over the demo data: %d %+v", code, res)
			}
			var totals struct {
				ReliefTotals []struct {
					Programme *string
					Stage     string
					Persons   int
					AmountFen int64
				}
			}
			bureau.MustDo(`{ reliefTotals(groupBy: [PROGRAMME]) { programme stage persons amountFen } }`, nil, &totals)
			var pre int64
			for _, tt := range totals.ReliefTotals {
				if tt.Stage == "PRE_ALLOCATED" {
					pre += tt.AmountFen
				}
				if tt.Stage == "PAID" && *tt.Programme == "TEMPORARY" && (tt.Persons != 19000 || tt.AmountFen != 1_800_000_000) {
					t.Errorf("temporary assistance paid: %d person-times, %d fen; want 19000 and 1,800万元", tt.Persons, tt.AmountFen)
				}
			}
			if pre != 51_600_000_000 {
				t.Errorf("pre-allocated %d fen, want 5.16亿元", pre)
			}
			// Split by county or by month, the same money adds up to the same sums,
			// each group named.
			type group struct {
				County, Month *string
				Stage         string
				AmountFen     int64
			}
			var splits struct{ ByCounty, ByMonth []group }
			bureau.MustDo(`{ byCounty: reliefTotals(groupBy: [COUNTY]) { county stage amountFen }
				byMonth: reliefTotals(groupBy: [MONTH]) { month stage amountFen } }`, nil, &splits)
			for name, groups := range map[string][]group{"county": splits.ByCounty, "month": splits.ByMonth} {
				var sum int64
				for _, g := range groups {
					if g.Stage == "PRE_ALLOCATED" {
						sum += g.AmountFen
					}
					if (name == "county" && (g.County == nil || *g.County == "")) || (name == "month" && (g.Month == nil || *g.Month == "")) {
						t.Errorf("a group by %s without its name: %+v", name, g)
					}
				}
				if sum != pre || len(groups) < 2 {
					t.Errorf("by %s: %d groups, pre-allocated %d fen, want %d", name, len(groups), sum, pre)
				}
			}
			// A county's bureau sums its own county's figures only.
			s.As(t, "admin").MustDo(`mutation($unit: ID!) { createUser(password: "demo-2020", input: {username: "wuling-bureau",
				displayName: "武陵区民政局", role: BUREAU, orgUnitID: $unit}) { id } }`,
				map[string]any{"unit": s.App.Client.OrgUnit.Query().Where(orgunit.Code(demo.WulingCode)).OnlyIDX(systemCtx())}, nil)
			s.As(t, "wuling-bureau").MustDo(`{ byCounty: reliefTotals(groupBy: [COUNTY]) { county stage amountFen } }`, nil, &splits)
			for _, g := range splits.ByCounty {
				if *g.County != "武陵区" {
					t.Errorf("武陵区's bureau sees the totals of %s", *g.County)
				}
			}
			if len(splits.ByCounty) == 0 {
				t.Error("武陵区's bureau sees no totals of its own")
			}
			var allowances struct {
				ReliefPayments struct {
					Edges []struct {
						Node struct{ Month, PaidOn string }
					}
				}
			}
			bureau.MustDo(`{ reliefPayments(first: 500, where: {stage: PAID, programmeIn: [MINIMUM_LIVING, EXTREME_POVERTY]}) {
				edges { node { month paidOn } } } }`, nil, &allowances)
			if len(allowances.ReliefPayments.Edges) != 36 {
				t.Errorf("%d allowance rows, want 9 counties × 2 programmes × 2 months", len(allowances.ReliefPayments.Edges))
			}
			for _, e := range allowances.ReliefPayments.Edges {
				if e.Node.PaidOn > "2020-01-31" {
					t.Errorf("%s allowances paid on %s, after the end of January", e.Node.Month, e.Node.PaidOn)
				}
			}

			f, _ := excelize.OpenReader(bytes.NewReader(sheet))
			_ = f.SetCellValue("救助资金", "F5", "12,345.678") // row 5, 金额: not a plain amount in yuan
			var buf bytes.Buffer
			_, _ = f.WriteTo(&buf)
			before := s.App.Client.ReliefPayment.Query().CountX(systemCtx())
			code, res = importSheet(t, s, bureau.Token, buf.Bytes())
			if code != http.StatusUnprocessableEntity || len(res.Errors) != 1 || res.Errors[0].Row != 5 || res.Errors[0].Column != "金额(元)" {
				t.Errorf("bad amount: %d %+v", code, res.Errors)
			}
			f2, _ := excelize.OpenReader(bytes.NewReader(sheet))
			_ = f2.SetCellValue("救助资金", "A2", "西湖区")
			buf.Reset()
			_, _ = f2.WriteTo(&buf)
			code, res = importSheet(t, s, bureau.Token, buf.Bytes())
			if code != http.StatusUnprocessableEntity || len(res.Errors) != 1 || res.Errors[0].Row != 2 || res.Errors[0].Column != "区县" {
				t.Errorf("unknown county: %d %+v", code, res.Errors)
			}
			if after := s.App.Client.ReliefPayment.Query().CountX(systemCtx()); after != before || res.Created+res.Updated != 0 {
				t.Errorf("a sheet with a bad row wrote %d rows", after-before)
			}
			if code, _ := importSheet(t, s, s.As(t, "charity").Token, sheet); code != http.StatusForbidden {
				t.Errorf("the charity office imports relief figures: %d", code)
			}
			if code, body := get(t, s.URL+"/relief/template.xlsx", ""); code != 200 || !strings.HasPrefix(body, "PK") {
				t.Errorf("template: %d", code)
			}
		})
	}
}

// TestOneToOneCare: a case without a check-in for longer than its interval is overdue,
// a check-in clears it; another village sees none of it by any path.
func TestOneToOneCare(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			a := s.As(t, "village-430702001001")
			b := s.As(t, "village-430702001002")
			var opened struct{ OpenCareCase struct{ ID string } }
			a.MustDo(`mutation { openCareCase(input: {person: "示例·张爷爷", ageGroup: ELDER, reason: FAMILY_DECEASED,
				carer: "示例·村医", checkEveryDays: 2}) { id } }`, nil, &opened)
			id := mustAtoi(opened.OpenCareCase.ID)
			ctx := systemCtx()
			c := s.App.Client
			_ = c.CheckIn.Create().SetAssignmentID(id).SetAt(time.Now().Add(-3 * 24 * time.Hour)).
				SetRecordedByID(c.User.Query().FirstIDX(ctx)).SaveX(ctx)
			late := func(cl *apptest.Client) bool {
				var out struct {
					OverdueCareCases []struct{ Case struct{ ID string } }
				}
				cl.MustDo(`{ overdueCareCases { case { id } } }`, nil, &out)
				for _, o := range out.OverdueCareCases {
					if o.Case.ID == opened.OpenCareCase.ID {
						return true
					}
				}
				return false
			}
			if !late(a) {
				t.Fatal("three days without a check-in on a two-day interval is not overdue")
			}
			a.MustDo(`mutation($id: ID!) { checkInCareCase(caseID: $id, note: "送菜上门") { id } }`, map[string]any{"id": id}, nil)
			if late(a) {
				t.Error("still overdue after a check-in")
			}

			for name, probe := range map[string]struct {
				doc  string
				vars map[string]any
			}{
				"node":       {`query($id: ID!) { node(id: $id) { ... on CareAssignment { person } } }`, map[string]any{"id": id}},
				"connection": {`query($id: ID!) { careAssignments(first: 100, where: {id: $id}) { edges { node { person } } } }`, map[string]any{"id": id}},
				"check-ins":  {`{ checkIns(first: 100) { edges { node { note assignment { person } } } } }`, nil},
				"overdue":    {`{ overdueCareCases { case { person } } }`, nil},
			} {
				r := b.Do(probe.doc, probe.vars)
				if strings.Contains(string(r.Data), "张爷爷") || strings.Contains(string(r.Data), "送菜上门") {
					t.Errorf("village B sees village A's case through %s: %s", name, r.Data)
				}
			}
			if r := b.Do(`mutation($id: ID!) { checkInCareCase(caseID: $id) { id } }`, map[string]any{"id": id}); r.Code() == "" {
				t.Error("village B checks in on village A's case")
			}
			if n := c.CareAssignment.Query().Where(careassignment.Person("示例·张爷爷")).CountX(ctx); n != 1 {
				t.Errorf("%d cases", n)
			}
		})
	}
}

// TestEnterpriseLiaison: 安乡县通元铸造有限公司 shows its liaison officer, the visit and
// the supplies it received (200 斤 = 100 kg of 84消毒液, 100 艾条, 10 瓶抗菌液).
func TestEnterpriseLiaison(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			var out struct {
				Enterprises struct {
					Edges []struct {
						Node struct {
							Liaison struct{ Name, Position string }
							Visits  struct {
								Edges []struct{ Node struct{ Actions []string } }
							}
							Allocations struct {
								Edges []struct {
									Node struct {
										Quantity string
										Line     struct{ Item struct{ Name string } }
									}
								}
							}
						}
					}
				}
			}
			s.As(t, "bureau").MustDo(`{ enterprises(first: 100, where: {name: "安乡县通元铸造有限公司"}) { edges { node {
				liaison { name position } visits(first: 100) { edges { node { actions } } }
				allocations(first: 100) { edges { node { quantity line { item { name } } } } } } } } }`, nil, &out)
			if len(out.Enterprises.Edges) != 1 {
				t.Fatal("the enterprise is missing")
			}
			e := out.Enterprises.Edges[0].Node
			got := map[string]string{}
			for _, a := range e.Allocations.Edges {
				got[a.Node.Line.Item.Name] = a.Node.Quantity
			}
			if e.Liaison.Position != "防疫联络员" || len(e.Visits.Edges) != 1 || len(e.Visits.Edges[0].Node.Actions) != 4 ||
				got["84消毒液"] != "100" || got["艾条"] != "100" || got["抗菌液"] != "10" {
				t.Errorf("enterprise: %+v, supplies %v", e, got)
			}
		})
	}
}
