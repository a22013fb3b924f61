// Package onetoone is one-to-one care of elders and children left without a carer: a village
// committee opens a case, names who looks after the person, and checks in on a schedule the
// bureau follows up when it is late.
package onetoone

import (
	"context"
	"sort"
	"strings"
	"time"

	"mzdesk/ent"
	"mzdesk/ent/careassignment"
	"mzdesk/ent/checkin"
	"mzdesk/internal/apperr"
	"mzdesk/internal/viewer"
)

// CaseInput opens one-to-one care for a person.
type CaseInput struct {
	Person         string                  `json:"person"`
	AgeGroup       careassignment.AgeGroup `json:"ageGroup"`
	VillageID      *int                    `json:"villageID"`
	Reason         careassignment.Reason   `json:"reason"`
	ReasonNote     *string                 `json:"reasonNote"`
	Carer          string                  `json:"carer"`
	CarerPhone     *string                 `json:"carerPhone"`
	CheckEveryDays *int                    `json:"checkEveryDays"`
}

// OpenCase records a person left without a carer and who looks after them. A village
// committee opens cases in its own village; the bureau names the village.
func OpenCase(ctx context.Context, c *ent.Client, in CaseInput) (*ent.CareAssignment, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, viewer.ErrUnauthenticated
	}
	village := v.OrgUnitID
	if in.VillageID != nil {
		village = *in.VillageID
	}
	switch {
	case strings.TrimSpace(in.Person) == "":
		return nil, apperr.Input("person", "name the person cared for")
	case strings.TrimSpace(in.Carer) == "":
		return nil, apperr.Input("carer", "name who looks after them")
	case careassignment.AgeGroupValidator(in.AgeGroup) != nil:
		return nil, apperr.Input("ageGroup", "an elder or a child")
	case careassignment.ReasonValidator(in.Reason) != nil:
		return nil, apperr.Input("reason", "say why the carer is missing")
	case village == 0:
		return nil, apperr.Input("villageID", "name the village")
	}
	every := 1
	if in.CheckEveryDays != nil {
		every = *in.CheckEveryDays
	}
	if every < 1 || every > 30 {
		return nil, apperr.Input("checkEveryDays", "check in every 1 to 30 days")
	}
	return c.CareAssignment.Create().SetPerson(strings.TrimSpace(in.Person)).SetAgeGroup(in.AgeGroup).
		SetVillageID(village).SetReason(in.Reason).SetNillableReasonNote(in.ReasonNote).
		SetCarer(strings.TrimSpace(in.Carer)).SetNillableCarerPhone(in.CarerPhone).SetCheckEveryDays(every).Save(ctx)
}

// CheckIn records a visit or call to a person in one-to-one care.
func CheckIn(ctx context.Context, c *ent.Client, caseID int, note *string) (*ent.CheckIn, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, viewer.ErrUnauthenticated
	}
	if note != nil && len([]rune(*note)) > 500 {
		return nil, apperr.Input("note", "a note of at most 500 characters")
	}
	if _, err := c.CareAssignment.Get(ctx, caseID); err != nil {
		if ent.IsNotFound(err) {
			return nil, apperr.Input("caseID", "no case %d among yours", caseID)
		}
		return nil, err
	}
	create := c.CheckIn.Create().SetAssignmentID(caseID).SetAt(time.Now()).SetRecordedByID(v.UserID)
	if note != nil {
		create.SetNote(strings.TrimSpace(*note))
	}
	return create.Save(ctx)
}

// OverdueCase is an active case whose check-in is late.
type OverdueCase struct {
	Case        *ent.CareAssignment
	LastCheckIn *time.Time
	DaysOverdue int
}

// Overdue lists the viewer's active cases with no check-in for longer than their
// interval (counted from the case's opening when there is none), latest first.
func Overdue(ctx context.Context, c *ent.Client, now time.Time) ([]*OverdueCase, error) {
	cases, err := c.CareAssignment.Query().Where(careassignment.Active(true)).
		WithCheckIns(func(q *ent.CheckInQuery) { q.Order(ent.Desc(checkin.FieldAt)) }).All(ctx)
	if err != nil {
		return nil, err
	}
	var out []*OverdueCase
	for _, a := range cases {
		since := a.CreatedAt
		var last *time.Time
		if len(a.Edges.CheckIns) > 0 {
			last = &a.Edges.CheckIns[0].At
			since = *last
		}
		due := since.Add(time.Duration(a.CheckEveryDays) * 24 * time.Hour)
		if now.After(due) {
			out = append(out, &OverdueCase{Case: a, LastCheckIn: last, DaysOverdue: int(now.Sub(due).Hours()/24) + 1})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].DaysOverdue > out[j].DaysOverdue })
	return out, nil
}
