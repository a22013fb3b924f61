// Package liaison records the visits the bureau's liaison officers pay to enterprises
// resuming work: what they did there, as the report lists it.
package liaison

import (
	"context"
	"slices"
	"strings"
	"time"

	"mzdesk/ent"
	"mzdesk/internal/apperr"
	"mzdesk/internal/chinatime"
)

// Actions a liaison officer takes at an enterprise, as the report lists them.
var Actions = []string{"POLICY", "DISINFECTION", "SUPPLIES", "TEMPERATURE"}

// VisitInput is a liaison officer's visit.
type VisitInput struct {
	EnterpriseID int      `json:"enterpriseID"`
	Day          string   `json:"day"`
	Actions      []string `json:"actions"`
	Note         *string  `json:"note"`
}

// RecordVisit writes a liaison visit to an enterprise.
func RecordVisit(ctx context.Context, c *ent.Client, in VisitInput) (*ent.EnterpriseVisit, error) {
	if _, err := time.Parse(time.DateOnly, in.Day); err != nil || in.Day > chinatime.Day(time.Now().Add(24*time.Hour)) {
		return nil, apperr.Input("day", "the day must be YYYY-MM-DD and not in the future")
	}
	if len(in.Actions) == 0 {
		return nil, apperr.Input("actions", "say what was done")
	}
	for _, a := range in.Actions {
		if !slices.Contains(Actions, a) {
			return nil, apperr.Input("actions", "%q is not one of %s", a, strings.Join(Actions, ", "))
		}
	}
	create := c.EnterpriseVisit.Create().SetEnterpriseID(in.EnterpriseID).SetDay(in.Day).SetActions(in.Actions)
	if in.Note != nil {
		create.SetNote(strings.TrimSpace(*in.Note))
	}
	v, err := create.Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, apperr.Input("enterpriseID", "no enterprise %d", in.EnterpriseID)
	}
	return v, err
}
