package app_test

import (
	"strings"
	"testing"
	"time"

	"mzdesk/ent/orgunit"
	"mzdesk/ent/staff"
	"mzdesk/internal/apptest"
	"mzdesk/internal/chinatime"
	"mzdesk/internal/demo"
)

const followUps = `{ careFollowUps { staff { name } overdue daysOverdue } }`

type dueList struct {
	CareFollowUps []struct {
		Staff       struct{ Name string }
		Overdue     bool
		DaysOverdue int
	}
}

func overdue(t *testing.T, c *apptest.Client, name string) bool {
	var out dueList
	c.MustDo(followUps, nil, &out)
	for _, f := range out.CareFollowUps {
		if f.Staff.Name == name {
			return f.Overdue
		}
	}
	return false
}

// TestHubeiFollowUp: a staff member sent to Hubei with a 7-day plan and a last call nine
// days ago is overdue; after a phone follow-up today, not.
func TestHubeiFollowUp(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			officer := s.As(t, "care")
			const hubei = "示例援鄂队员甲"
			if !overdue(t, officer, hubei) {
				t.Fatal("nine days after the last call, the 7-day plan is not overdue")
			}
			id := s.App.Client.Staff.Query().Where(staff.Name(hubei)).OnlyIDX(systemCtx())
			officer.MustDo(`mutation($in: CareRecordInput!) { createCareRecord(input: $in) { id } }`, map[string]any{"in": map[string]any{
				"staffID": id, "date": time.Now().Format(time.RFC3339), "kind": "PHONE_FOLLOW_UP",
				"dimensions": []string{"MENTAL_HEALTH"}, "notes": "心理疏导：睡眠改善"}}, nil)
			if overdue(t, officer, hubei) {
				t.Error("still overdue after today's call")
			}

			before := s.App.Client.CareRecord.Query().CountX(systemCtx())
			for name, c := range map[string]map[string]any{
				"follow-up before the record": {"staffID": id, "date": "2020-03-10T00:00:00Z", "kind": "VISIT", "nextFollowUp": "2020-03-01T00:00:00Z"},
				"unknown staff":               {"staffID": 999999, "date": "2020-03-10T00:00:00Z", "kind": "VISIT"},
				"empty kind":                  {"staffID": id, "date": "2020-03-10T00:00:00Z", "kind": ""},
				"unknown dimension":           {"staffID": id, "date": "2020-03-10T00:00:00Z", "kind": "VISIT", "dimensions": []string{"SALARY"}},
			} {
				if got := officer.Do(`mutation($in: CareRecordInput!) { createCareRecord(input: $in) { id } }`, map[string]any{"in": c}).Code(); got != "BAD_USER_INPUT" {
					t.Errorf("%s: %q", name, got)
				}
			}
			if after := s.App.Client.CareRecord.Query().CountX(systemCtx()); after != before {
				t.Errorf("bad care records wrote %d rows", after-before)
			}
		})
	}
}

// TestCareNotesStayWithTheCareOfficer asks for care records' notes as every other role,
// by every path: connections, node, nested edges, filters; the bureau gets counts and
// dates only.
func TestCareNotesStayWithTheCareOfficer(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			record := s.App.Client.CareRecord.Query().FirstX(systemCtx())
			secret := "家中老人由社区照看"
			probes := []struct {
				name, doc string
				vars      map[string]any
			}{
				{"connection", `{ careRecords(first: 100) { edges { node { notes } } } }`, nil},
				{"node", `query($id: ID!) { node(id: $id) { ... on CareRecord { notes } } }`, map[string]any{"id": record.ID}},
				{"nodes", `query($id: ID!) { nodes(ids: [$id]) { ... on CareRecord { notes } } }`, map[string]any{"id": record.ID}},
				{"nested from staff", `{ staffs(first: 100) { edges { node { careRecords(first: 100) { edges { node { notes } } } } } } }`, nil},
				{"nested from node", `query($id: ID!) { node(id: $id) { ... on Staff { careRecords(first: 100) { edges { node { notes } } } } } }`, map[string]any{"id": record.StaffID}},
				{"filter by date", `{ careRecords(first: 100, where: {dateGT: "2000-01-01T00:00:00Z"}) { totalCount } }`, nil},
			}
			for _, role := range []string{"admin", "bureau", "charity", "village-" + demo.ZhiheCode, "inspector", "institution", "care"} {
				c := s.As(t, role)
				for _, p := range probes {
					r := c.Do(p.doc, p.vars)
					leaked := strings.Contains(string(r.Data), secret)
					mayRead := role == "admin" || role == "care"
					if leaked != mayRead && (!mayRead || p.name != "nested from staff" && !strings.HasPrefix(p.name, "filter")) {
						t.Errorf("%s via %s: leaked=%v (errors %v)", role, p.name, leaked, r.Errors)
					}
					if !mayRead && r.Code() != "" && r.Code() != "FORBIDDEN" && r.Code() != "NOT_FOUND" {
						t.Errorf("%s via %s: %q", role, p.name, r.Code())
					}
				}
			}
			// A filter on the notes text is not even offered: it could tell who has notes.
			if r := s.As(t, "bureau").Do(`{ staffs(first: 100, where: {hasCareRecordsWith: {notesContains: "老人"}}) { totalCount } }`, nil); r.Code() != "BAD_USER_INPUT" {
				t.Errorf("filtering staff by care notes: %+v", r.Errors)
			}
			var sum struct {
				CareSummaries []struct {
					Staff       struct{ Name string }
					Records     int
					LastContact *string
				}
			}
			s.As(t, "bureau").MustDo(`{ careSummaries { staff { name } records lastContact } }`, nil, &sum)
			found := false
			for _, c := range sum.CareSummaries {
				if c.Staff.Name == "示例援鄂队员甲" {
					found = c.Records == 1 && c.LastContact != nil
				}
			}
			if !found {
				t.Errorf("the bureau's summary lacks the Hubei staff member's count and date: %+v", sum)
			}
		})
	}
}

// TestDutyRoster: the demo's three volunteers stand the gate of 芷荷社区 today.
func TestDutyRoster(t *testing.T) {
	s := apptest.Start(t, apptest.Databases()[0])
	bureau := s.As(t, "bureau")
	today := chinatime.Today()
	var out struct {
		DutyCounts struct {
			Cadres   int
			ByCounty []struct {
				County string
				Cadres int
			}
		}
		DutyRoster []struct {
			Staff     struct{ Name string }
			Community struct{ Name string }
			Task      string
		}
	}
	bureau.MustDo(`query($d: String!) { dutyCounts(day: $d) { cadres byCounty { county cadres } }
		dutyRoster(day: $d) { staff { name } community { name } task } }`, map[string]any{"d": today}, &out)
	if out.DutyCounts.Cadres != 3 || len(out.DutyCounts.ByCounty) != 1 || out.DutyCounts.ByCounty[0].County != "武陵区" || len(out.DutyRoster) != 3 {
		t.Errorf("today's duty: %+v", out)
	}
	zhihe := s.App.Client.OrgUnit.Query().Where(orgunit.Code(demo.ZhiheCode)).OnlyIDX(systemCtx())
	xu := s.App.Client.Staff.Query().Where(staff.Name("徐力")).OnlyIDX(systemCtx())
	shift := func(starts, ends string) string {
		return bureau.Do(`mutation($in: DutyShiftInput!) { scheduleDuty(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"staffID": xu, "communityID": zhihe, "day": today, "starts": starts, "ends": ends, "task": "PATROL"}}).Code()
	}
	if got := shift("11:00", "14:00"); got != "CONFLICT" {
		t.Errorf("overlapping shift: %q", got)
	}
	if got := shift("18:00", "17:00"); got != "BAD_USER_INPUT" {
		t.Errorf("shift ending before it starts: %q", got)
	}
	if got := shift("18:00", "21:00"); got != "" {
		t.Errorf("evening shift: %q", got)
	}
}
