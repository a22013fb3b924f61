package care

import (
	"context"
	"regexp"
	"sort"
	"time"

	"mzdesk/ent"
	"mzdesk/ent/dutyshift"
	"mzdesk/ent/orgunit"
	"mzdesk/ent/schema"
	"mzdesk/ent/staff"
	"mzdesk/internal/apperr"
	"mzdesk/internal/orgpath"
)

// ShiftInput is one turn of community duty.
type ShiftInput struct {
	StaffID     int            `json:"staffID"`
	CommunityID int            `json:"communityID"`
	Day         string         `json:"day"`
	Starts      string         `json:"starts"`
	Ends        string         `json:"ends"`
	Task        dutyshift.Task `json:"task"`
}

var clock = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)

func requireBureau(ctx context.Context) error {
	_, err := schema.DutyRoster.Allow(ctx)
	return err
}

// Schedule puts a staff member on duty at a community, refusing a shift that overlaps
// another of theirs that day.
func Schedule(ctx context.Context, c *ent.Client, in ShiftInput) (*ent.DutyShift, error) {
	if err := requireBureau(ctx); err != nil {
		return nil, err
	}
	if _, err := time.Parse(time.DateOnly, in.Day); err != nil {
		return nil, apperr.Input("day", "the day must be written YYYY-MM-DD")
	}
	if !clock.MatchString(in.Starts) {
		return nil, apperr.Input("starts", "a shift starts at a time written HH:MM")
	}
	if !clock.MatchString(in.Ends) || in.Starts >= in.Ends {
		return nil, apperr.Input("ends", "a shift runs from HH:MM to a later HH:MM the same day")
	}
	if dutyshift.TaskValidator(in.Task) != nil {
		return nil, apperr.Input("task", "say what the shift is for")
	}
	if ok, err := c.OrgUnit.Query().Where(orgunit.ID(in.CommunityID), orgunit.LevelEQ(orgunit.LevelVILLAGE)).Exist(ctx); err != nil || !ok {
		if err == nil {
			err = apperr.Input("communityID", "%d is not a village or community", in.CommunityID)
		}
		return nil, err
	}
	if ok, err := c.Staff.Query().Where(staff.ID(in.StaffID)).Exist(ctx); err != nil || !ok {
		if err == nil {
			err = apperr.Input("staffID", "no staff member %d", in.StaffID)
		}
		return nil, err
	}
	clash, err := c.DutyShift.Query().Where(dutyshift.StaffID(in.StaffID), dutyshift.Day(in.Day),
		dutyshift.StartsLT(in.Ends), dutyshift.EndsGT(in.Starts)).Exist(ctx)
	if err != nil {
		return nil, err
	}
	if clash {
		return nil, apperr.Conflict("this staff member is already on duty then")
	}
	return c.DutyShift.Create().SetStaffID(in.StaffID).SetCommunityID(in.CommunityID).SetDay(in.Day).
		SetStarts(in.Starts).SetEnds(in.Ends).SetTask(in.Task).Save(ctx)
}

// Roster lists a day's shifts in the viewer's scope, by community and start time.
func Roster(ctx context.Context, c *ent.Client, day string, communityID *int) ([]*ent.DutyShift, error) {
	if err := requireBureau(ctx); err != nil {
		return nil, err
	}
	q := c.DutyShift.Query().Where(dutyshift.Day(day))
	if communityID != nil {
		q.Where(dutyshift.CommunityID(*communityID))
	}
	return q.Order(ent.Asc(dutyshift.FieldCommunityID), ent.Asc(dutyshift.FieldStarts)).All(ctx)
}

// DutyCount is how many cadres are on duty in a county on a day.
type DutyCount struct {
	County string
	Cadres int
}

// Counts says how many different cadres are on duty on day, in all and by county.
func Counts(ctx context.Context, c *ent.Client, day string) (int, []*DutyCount, error) {
	if err := requireBureau(ctx); err != nil {
		return 0, nil, err
	}
	shifts, err := c.DutyShift.Query().Where(dutyshift.Day(day)).WithCommunity().All(ctx)
	if err != nil {
		return 0, nil, err
	}
	counties, err := c.OrgUnit.Query().Where(orgunit.LevelEQ(orgunit.LevelCOUNTY)).All(ctx)
	if err != nil {
		return 0, nil, err
	}
	names := map[string]string{}
	for _, u := range counties {
		names[u.Code] = u.Name
	}
	all, per := map[int]bool{}, map[string]map[int]bool{}
	for _, s := range shifts {
		county := names[orgpath.County(s.Edges.Community.Path)]
		if per[county] == nil {
			per[county] = map[int]bool{}
		}
		all[s.StaffID], per[county][s.StaffID] = true, true
	}
	var out []*DutyCount
	for county, people := range per {
		out = append(out, &DutyCount{County: county, Cadres: len(people)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].County < out[j].County })
	return len(all), out, nil
}
