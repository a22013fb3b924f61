package control

import (
	"context"
	"sort"
	"time"

	"mzdesk/ent"
	"mzdesk/ent/controlreport"
	"mzdesk/ent/inspection"
	"mzdesk/ent/institution"
	"mzdesk/ent/orgunit"
	"mzdesk/ent/problem"
	"mzdesk/ent/schema"
	"mzdesk/internal/apperr"
	"mzdesk/internal/chinatime"
	"mzdesk/internal/orgpath"
)

// Dashboard is the bureau's view of its institutions on one day, within its scope.
type Dashboard struct {
	Day               string
	Institutions      int
	ByKind            []*KindCount
	ByCounty          []*CountyCount
	Reported          int
	Compliant         int
	OpenProblems      int
	OverdueProblems   int
	InspectionsByWeek []*GroupWeek
}

// KindCount is how many institutions of a kind.
type KindCount struct {
	Kind  institution.Kind
	Count int
}

// CountyCount is how many institutions in a county.
type CountyCount struct {
	County string
	Count  int
}

// GroupWeek is how many inspections a group made in the week starting on Monday Week.
type GroupWeek struct {
	Group string
	Week  string
	Count int
}

// weeks is how far back the inspections chart looks.
const weeks = 8

// Figures gathers the dashboard of day for the viewer: five statements whatever the
// number of institutions.
func Figures(ctx context.Context, c *ent.Client, day string) (*Dashboard, error) {
	if _, err := schema.FollowReports.Allow(ctx); err != nil {
		return nil, err
	}
	d, err := chinatime.ParseDay(day)
	if err != nil {
		return nil, apperr.Input("day", "the day must be written YYYY-MM-DD")
	}
	out := &Dashboard{Day: day}
	insts, err := c.Institution.Query().WithOrgUnit().All(ctx)
	if err != nil {
		return nil, err
	}
	counties, err := c.OrgUnit.Query().Where(orgunit.LevelIn(orgunit.LevelCOUNTY, orgunit.LevelCITY)).All(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, u := range counties {
		names[u.Code] = u.Name
	}
	kinds, byCounty := map[institution.Kind]int{}, map[string]int{}
	for _, i := range insts {
		kinds[i.Kind]++
		byCounty[names[orgpath.County(i.Edges.OrgUnit.Path)]]++
	}
	out.Institutions = len(insts)
	for k, n := range kinds {
		out.ByKind = append(out.ByKind, &KindCount{Kind: k, Count: n})
	}
	sort.Slice(out.ByKind, func(i, j int) bool { return out.ByKind[i].Kind < out.ByKind[j].Kind })
	for k, n := range byCounty {
		out.ByCounty = append(out.ByCounty, &CountyCount{County: k, Count: n})
	}
	sort.Slice(out.ByCounty, func(i, j int) bool { return out.ByCounty[i].County < out.ByCounty[j].County })

	reports, err := c.ControlReport.Query().Where(controlreport.Day(day)).Select(controlreport.FieldCompliant).All(ctx)
	if err != nil {
		return nil, err
	}
	out.Reported = len(reports)
	for _, r := range reports {
		if r.Compliant {
			out.Compliant++
		}
	}
	open, err := c.Problem.Query().Where(problem.StatusNEQ(problem.StatusRESOLVED)).
		Select(problem.FieldDeadline).All(ctx)
	if err != nil {
		return nil, err
	}
	out.OpenProblems = len(open)
	for _, p := range open {
		if p.Deadline < day {
			out.OverdueProblems++
		}
	}
	monday := d.AddDate(0, 0, -((int(d.Weekday())+6)%7)-7*(weeks-1))
	visits, err := c.Inspection.Query().Where(inspection.DayGTE(monday.Format(time.DateOnly)), inspection.DayLTE(day)).
		WithGroup().All(ctx)
	if err != nil {
		return nil, err
	}
	perWeek := map[[2]string]int{}
	for _, v := range visits {
		t, _ := chinatime.ParseDay(v.Day)
		week := t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7)).Format(time.DateOnly)
		perWeek[[2]string{v.Edges.Group.Name, week}]++
	}
	for k, n := range perWeek {
		out.InspectionsByWeek = append(out.InspectionsByWeek, &GroupWeek{Group: k[0], Week: k[1], Count: n})
	}
	sort.Slice(out.InspectionsByWeek, func(i, j int) bool {
		a, b := out.InspectionsByWeek[i], out.InspectionsByWeek[j]
		return a.Week < b.Week || a.Week == b.Week && a.Group < b.Group
	})
	return out, nil
}
