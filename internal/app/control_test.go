package app_test

import (
	"sync"
	"testing"
	"time"

	"mzdesk/ent/controlreport"
	"mzdesk/ent/institution"
	"mzdesk/internal/apptest"
	"mzdesk/internal/chinatime"
)

const fileReport = `mutation($in: ControlReportInput!) { fileControlReport(input: $in) {
	compliant problems revision returnees { label flagged isolatedDays } } }`

type filed struct {
	FileControlReport struct {
		Compliant bool
		Problems  []string
		Revision  int
		Returnees []struct {
			Label        string
			Flagged      bool
			IsolatedDays int
		}
	}
}

func report(full int, extra map[string]any) map[string]any {
	in := map[string]any{"fullDisinfections": full, "roomDisinfections": 1, "publicDisinfections": 1,
		"temperatureChecks": 2, "abnormalTemperatures": 0}
	for k, v := range extra {
		in[k] = v
	}
	return map[string]any{"in": in}
}

// TestDailyReport files 三阳港镇敬老院's report: one full disinfection falls short, 2+1+1
// complies, a returnee isolated 10 days is flagged; filing again revises the same day.
func TestDailyReport(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			home := s.As(t, "institution")
			var out filed
			home.MustDo(fileReport, report(1, nil), &out)
			if out.FileControlReport.Compliant || len(out.FileControlReport.Problems) != 1 {
				t.Errorf("one full disinfection: %+v", out.FileControlReport)
			}
			home.MustDo(fileReport, report(2, nil), &out)
			if !out.FileControlReport.Compliant || out.FileControlReport.Revision != 2 {
				t.Errorf("2+1+1 refiled: %+v", out.FileControlReport)
			}
			home.MustDo(fileReport, report(2, map[string]any{"returnees": []any{map[string]any{
				"label": "王奶奶", "returnedOn": "2020-03-01", "isolationStart": "2020-03-01", "isolationEnd": "2020-03-11"}}}), &out)
			r := out.FileControlReport
			if r.Compliant || len(r.Returnees) != 1 || !r.Returnees[0].Flagged || r.Returnees[0].IsolatedDays != 10 {
				t.Errorf("returnee isolated 10 days: %+v", r)
			}
			ctx := systemCtx()
			sanyang := s.App.Client.Institution.Query().Where(institution.Name("三阳港镇敬老院")).OnlyIDX(ctx)
			today := s.App.Client.ControlReport.Query().Where(controlreport.InstitutionID(sanyang), controlreport.Day(chinatime.Today())).
				WithRevisions().OnlyX(ctx)
			if today.Revision != 3 || len(today.Edges.Revisions) != 2 {
				t.Errorf("today's report: revision %d with %d earlier versions, want 3 and 2", today.Revision, len(today.Edges.Revisions))
			}

			var missing struct{ InstitutionsWithoutReport []struct{ Name string } }
			s.As(t, "bureau").MustDo(`{ institutionsWithoutReport { name } }`, nil, &missing)
			for _, i := range missing.InstitutionsWithoutReport {
				if i.Name == "三阳港镇敬老院" {
					t.Error("三阳港镇敬老院 reported and is listed as missing")
				}
			}
			if len(missing.InstitutionsWithoutReport) != 6 {
				t.Errorf("%d institutions without today's report, want the other 6", len(missing.InstitutionsWithoutReport))
			}

			other := s.App.Client.Institution.Query().Where(institution.Name("桃源县救助管理站")).OnlyIDX(ctx)
			before := s.App.Client.ControlReport.Query().CountX(ctx)
			tomorrow := time.Now().In(chinatime.Zone).AddDate(0, 0, 1).Format(time.DateOnly)
			for name, c := range map[string]struct {
				vars map[string]any
				code string
			}{
				"negative count":         {report(-1, nil), "BAD_USER_INPUT"},
				"dated tomorrow":         {report(2, map[string]any{"day": tomorrow}), "BAD_USER_INPUT"},
				"not a date":             {report(2, map[string]any{"day": "17/03/2020"}), "BAD_USER_INPUT"},
				"another institution":    {report(2, map[string]any{"institutionID": other}), "FORBIDDEN"},
				"isolation ends earlier": {report(2, map[string]any{"returnees": []any{map[string]any{"label": "甲", "returnedOn": "2020-03-01", "isolationStart": "2020-03-05", "isolationEnd": "2020-03-02"}}}), "BAD_USER_INPUT"},
			} {
				if got := home.Do(fileReport, c.vars).Code(); got != c.code {
					t.Errorf("%s: %q, want %q", name, got, c.code)
				}
			}
			if after := s.App.Client.ControlReport.Query().CountX(ctx); after != before {
				t.Errorf("bad reports wrote %d rows", after-before)
			}
		})
	}
}

// TestInspectionToResolution: the first group inspects 三阳港镇敬老院 unannounced, records
// a finding and a problem; the home works on it and it is resolved. The dashboard moves.
func TestInspectionToResolution(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			sanyang := s.App.Client.Institution.Query().Where(institution.Name("三阳港镇敬老院")).OnlyIDX(systemCtx())
			inspector, bureau, home := s.As(t, "inspector"), s.As(t, "bureau"), s.As(t, "institution")
			dash := func() (open, overdue, inspections int) {
				var out struct {
					ControlDashboard struct {
						OpenProblems, OverdueProblems int
						InspectionsByWeek             []struct{ Count int }
					}
				}
				bureau.MustDo(`{ controlDashboard { openProblems overdueProblems inspectionsByWeek { count } } }`, nil, &out)
				for _, w := range out.ControlDashboard.InspectionsByWeek {
					inspections += w.Count
				}
				return out.ControlDashboard.OpenProblems, out.ControlDashboard.OverdueProblems, inspections
			}
			open0, _, insp0 := dash()

			var rec struct {
				RecordInspection struct {
					ID       string
					Problems []struct{ ID, Status string }
				}
			}
			inspector.MustDo(`mutation($in: InspectionInput!) { recordInspection(input: $in) { id problems { id status } } }`,
				map[string]any{"in": map[string]any{"institutionID": sanyang, "unannounced": true,
					"disinfectionsPerDay": 1, "temperatureChecksPerDay": 2, "suppliesPurchasingOk": true,
					"visitsSuspended": true, "safetyLine": false, "returneeIsolationOk": true,
					"findings": "未划定安全线，捐赠物资直接送入院内", "suppliesHandedOver": "84消毒液 2 桶，口罩 200 个",
					"problems": []any{map[string]any{"description": "划定安全线，物资由院内人员代转", "severity": "HIGH",
						"assignee": "院长", "deadline": chinatime.Today()}},
				}}, &rec)
			if len(rec.RecordInspection.Problems) != 1 {
				t.Fatalf("inspection: %+v", rec)
			}
			problem := rec.RecordInspection.Problems[0].ID
			if open, _, insp := dash(); open != open0+1 || insp != insp0+1 {
				t.Errorf("after the inspection: %d open problems, %d inspections; want %d and %d", open, insp, open0+1, insp0+1)
			}
			var step struct{ UpdateProblem struct{ Status string } }
			home.MustDo(`mutation($id: ID!) { updateProblem(id: $id, status: IN_PROGRESS) { status } }`, map[string]any{"id": problem}, &step)
			if r := home.Do(`mutation($id: ID!) { updateProblem(id: $id, status: RESOLVED) { status } }`, map[string]any{"id": problem}); r.Code() != "BAD_USER_INPUT" {
				t.Errorf("resolving without a note: %+v", r.Errors)
			}
			inspector.MustDo(`mutation($id: ID!) { updateProblem(id: $id, status: RESOLVED, resolution: "已划定安全线，复查合格") { status } }`,
				map[string]any{"id": problem}, &step)
			if step.UpdateProblem.Status != "RESOLVED" {
				t.Errorf("status %s", step.UpdateProblem.Status)
			}
			if open, _, _ := dash(); open != open0 {
				t.Errorf("after resolution: %d open problems, want %d", open, open0)
			}
			if r := inspector.Do(`mutation($id: ID!) { updateProblem(id: $id, status: OPEN) { status } }`, map[string]any{"id": problem}); r.Code() != "BAD_USER_INPUT" && r.Code() != "CONFLICT" {
				t.Errorf("reopening: %+v", r.Errors)
			}
			// 鼎城区's institutions are another group's: the first group cannot inspect them.
			dingcheng := s.App.Client.Institution.Query().Where(institution.Name("示例精神卫生福利院（鼎城区）")).OnlyIDX(systemCtx())
			r := inspector.Do(`mutation($in: InspectionInput!) { recordInspection(input: $in) { id } }`,
				map[string]any{"in": map[string]any{"institutionID": dingcheng, "disinfectionsPerDay": 2, "temperatureChecksPerDay": 2,
					"suppliesPurchasingOk": true, "visitsSuspended": true, "safetyLine": true, "returneeIsolationOk": true}})
			if r.Code() != "FORBIDDEN" {
				t.Errorf("inspecting outside the group: %+v", r.Errors)
			}
		})
	}
}

// TestRacingFirstReports files one institution's first report of a day ten times at once,
// as a phone resending and a colleague filing the same day might. Each filing is answered
// (no CONFLICT, no INTERNAL from a deadlock over the report that did not exist yet): one
// of them creates the day's report, the others revise it, so the day ends at revision 10
// with 9 earlier versions.
func TestRacingFirstReports(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			home := s.As(t, "institution")
			var wg sync.WaitGroup
			codes := make(chan string, 10)
			for range 10 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					codes <- home.Do(fileReport, report(2, nil)).Code()
				}()
			}
			wg.Wait()
			close(codes)
			for c := range codes {
				if c != "" {
					t.Errorf("a racing filing answered %s", c)
				}
			}
			ctx := systemCtx()
			sanyang := s.App.Client.Institution.Query().Where(institution.Name("三阳港镇敬老院")).OnlyIDX(ctx)
			today := s.App.Client.ControlReport.Query().Where(controlreport.InstitutionID(sanyang), controlreport.Day(chinatime.Today())).
				WithRevisions().OnlyX(ctx)
			if today.Revision != 10 || len(today.Edges.Revisions) != 9 {
				t.Errorf("after 10 racing filings: revision %d with %d earlier versions, want 10 and 9", today.Revision, len(today.Edges.Revisions))
			}
		})
	}
}
