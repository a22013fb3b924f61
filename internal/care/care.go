// Package care looks after the bureau's own people: care records for frontline staff
// (whose notes only the care officer reads), care plans with the follow-ups they make
// due, the bureau's counts-and-dates summary, and the community duty roster.
package care

import (
	"context"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"mzdesk/ent"
	"mzdesk/ent/carerecord"
	"mzdesk/ent/schema"
	"mzdesk/ent/staff"
	"mzdesk/internal/apperr"
	"mzdesk/internal/chinatime"
	"mzdesk/internal/viewer"
)

// Dimensions are the four fronts of care the report names: political treatment, family
// life, mental health, personal safety.
var Dimensions = []string{"POLITICAL", "FAMILY", "MENTAL_HEALTH", "SAFETY"}

// RecordInput is one act of care.
type RecordInput struct {
	StaffID      int             `json:"staffID"`
	Date         time.Time       `json:"date"`
	Kind         carerecord.Kind `json:"kind"`
	Dimensions   []string        `json:"dimensions"`
	Notes        *string         `json:"notes"`
	NextFollowUp *time.Time      `json:"nextFollowUp"`
}

func requireCareOfficer(ctx context.Context) error {
	_, err := schema.CareRecords.Allow(ctx)
	return err
}

// Record writes a care record after checking it makes sense: a known staff member, a
// kind, known dimensions, a date not in the future, a follow-up not before the record.
func Record(ctx context.Context, c *ent.Client, in RecordInput) (*ent.CareRecord, error) {
	if err := requireCareOfficer(ctx); err != nil {
		return nil, err
	}
	if carerecord.KindValidator(in.Kind) != nil {
		return nil, apperr.Input("kind", "say what kind of care this was")
	}
	if in.Date.After(time.Now().Add(24 * time.Hour)) {
		return nil, apperr.Input("date", "the date is in the future")
	}
	if in.NextFollowUp != nil && in.NextFollowUp.Before(in.Date) {
		return nil, apperr.Input("nextFollowUp", "the next follow-up cannot come before this record")
	}
	for _, d := range in.Dimensions {
		if !known(d) {
			return nil, apperr.Input("dimensions", "%q is not one of %s", d, strings.Join(Dimensions, ", "))
		}
	}
	create := c.CareRecord.Create().SetStaffID(in.StaffID).SetDate(in.Date).SetKind(in.Kind).
		SetDimensions(in.Dimensions).SetNillableNextFollowUp(in.NextFollowUp)
	if in.Notes != nil {
		if utf8.RuneCountInString(*in.Notes) > 5000 {
			return nil, apperr.Input("notes", "notes of at most 5000 characters")
		}
		create.SetNotes(strings.TrimSpace(*in.Notes))
	}
	if ok, err := c.Staff.Query().Where(staff.ID(in.StaffID)).Exist(ctx); err != nil || !ok {
		if err == nil {
			err = apperr.Input("staffID", "no staff member %d", in.StaffID)
		}
		return nil, err
	}
	return create.Save(ctx)
}

func known(d string) bool {
	for _, k := range Dimensions {
		if d == k {
			return true
		}
	}
	return false
}

// SetPlan says how often a staff member is to be contacted, replacing any plan before.
func SetPlan(ctx context.Context, c *ent.Client, staffID, intervalDays int, reason *string) (*ent.CarePlan, error) {
	if err := requireCareOfficer(ctx); err != nil {
		return nil, err
	}
	if intervalDays < 1 || intervalDays > 365 {
		return nil, apperr.Input("intervalDays", "from 1 to 365 days")
	}
	s, err := c.Staff.Get(ctx, staffID)
	if err != nil {
		if ent.IsNotFound(err) {
			return nil, apperr.Input("staffID", "no staff member %d", staffID)
		}
		return nil, err
	}
	old, err := s.QueryCarePlan().Only(ctx)
	switch {
	case ent.IsNotFound(err):
		return c.CarePlan.Create().SetStaffID(staffID).SetIntervalDays(intervalDays).SetNillableReason(reason).Save(ctx)
	case err != nil:
		return nil, err
	}
	return c.CarePlan.UpdateOne(old).SetIntervalDays(intervalDays).SetNillableReason(reason).Save(ctx)
}

// FollowUp is a staff member to contact: when last, and when due.
type FollowUp struct {
	Staff       *ent.Staff
	LastContact *time.Time
	Due         time.Time
	Overdue     bool
	DaysOverdue int
}

// FollowUps lists the staff whose next contact is due within days of asOf, overdue
// first. The next contact is the latest record's own follow-up date, else the care
// plan's interval after the latest record (or after the plan was made).
func FollowUps(ctx context.Context, c *ent.Client, asOf time.Time, days int) ([]*FollowUp, error) {
	if err := requireCareOfficer(ctx); err != nil {
		return nil, err
	}
	people, err := c.Staff.Query().WithCarePlan().WithCareRecords(func(q *ent.CareRecordQuery) {
		q.Order(ent.Desc(carerecord.FieldDate), ent.Desc(carerecord.FieldID))
	}).All(ctx)
	if err != nil {
		return nil, err
	}
	horizon := asOf.AddDate(0, 0, days)
	var out []*FollowUp
	for _, p := range people {
		f := nextContact(p)
		if f == nil || f.Due.After(horizon) {
			continue
		}
		if f.Due.Before(chinatime.StartOfDay(asOf)) {
			f.Overdue = true
			f.DaysOverdue = int(chinatime.StartOfDay(asOf).Sub(chinatime.StartOfDay(f.Due)).Hours() / 24)
		}
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Due.Before(out[j].Due) })
	return out, nil
}

func nextContact(p *ent.Staff) *FollowUp {
	f := &FollowUp{Staff: p}
	var latest *ent.CareRecord
	if len(p.Edges.CareRecords) > 0 {
		latest = p.Edges.CareRecords[0]
		f.LastContact = &latest.Date
	}
	plan := p.Edges.CarePlan
	switch {
	case latest != nil && latest.NextFollowUp != nil:
		f.Due = *latest.NextFollowUp
	case plan != nil && latest != nil:
		f.Due = latest.Date.AddDate(0, 0, plan.IntervalDays)
	case plan != nil:
		f.Due = plan.CreatedAt
	default:
		return nil
	}
	return f
}

// Summary is what the bureau sees of a staff member's care: how often and when, never
// what was said.
type Summary struct {
	Staff       *ent.Staff
	Records     int
	LastContact *time.Time
	NextDue     *time.Time
}

// Summaries gives the bureau counts and dates of care for the staff in its scope. The
// records are read by the CareCounts task, selecting no column but staff, date and
// follow-up date: the notes never leave the database on this path.
func Summaries(ctx context.Context, c *ent.Client) ([]*Summary, error) {
	if _, err := schema.CareSummaries.Allow(ctx); err != nil {
		return nil, err
	}
	people, err := c.Staff.Query().Order(ent.Asc(staff.FieldName)).All(ctx) // the viewer's own scope
	if err != nil {
		return nil, err
	}
	ids := make([]int, len(people))
	for i, p := range people {
		ids[i] = p.ID
	}
	sys := viewer.SystemContext(ctx, viewer.CareCounts)
	records, err := c.CareRecord.Query().Where(carerecord.StaffIDIn(ids...)).
		Select(carerecord.FieldStaffID, carerecord.FieldDate, carerecord.FieldNextFollowUp).All(sys)
	if err != nil {
		return nil, err
	}
	plans, err := c.CarePlan.Query().All(sys)
	if err != nil {
		return nil, err
	}
	byStaff := map[int]*Summary{}
	out := make([]*Summary, len(people))
	for i, p := range people {
		out[i] = &Summary{Staff: p}
		byStaff[p.ID] = out[i]
	}
	latest := map[int]*ent.CareRecord{}
	for _, r := range records {
		s := byStaff[r.StaffID]
		s.Records++
		if l := latest[r.StaffID]; l == nil || r.Date.After(l.Date) {
			latest[r.StaffID] = r
		}
	}
	interval := map[int]int{}
	for _, p := range plans {
		interval[p.StaffID] = p.IntervalDays
	}
	for id, r := range latest {
		s := byStaff[id]
		s.LastContact = &r.Date
		switch {
		case r.NextFollowUp != nil:
			s.NextDue = r.NextFollowUp
		case interval[id] > 0:
			due := r.Date.AddDate(0, 0, interval[id])
			s.NextDue = &due
		}
	}
	return out, nil
}
