// Package travellers counts the stranded travellers the relief stations helped, by county and
// day, without names.
package travellers

import (
	"context"
	"slices"
	"strings"
	"time"

	"mzdesk/ent"
	"mzdesk/internal/apperr"
)

// HelpKinds are the ways stranded travellers were helped.
var HelpKinds = []string{"LODGING", "MEALS", "COUNSELLING", "TRAVEL"}

// RecordTravellers counts travellers helped in a county on a day, with no names.
func RecordTravellers(ctx context.Context, c *ent.Client, in ent.CreateTravellerAidInput) (*ent.TravellerAid, error) {
	if _, err := time.Parse(time.DateOnly, in.Day); err != nil {
		return nil, apperr.Input("day", "the day must be written YYYY-MM-DD")
	}
	if in.Travellers < 1 || (in.FromHubei != nil && (*in.FromHubei < 0 || *in.FromHubei > in.Travellers)) {
		return nil, apperr.Input("fromHubei", "travellers from Hubei are some of the travellers helped")
	}
	for _, h := range in.Help {
		if !slices.Contains(HelpKinds, h) {
			return nil, apperr.Input("help", "%q is not one of %s", h, strings.Join(HelpKinds, ", "))
		}
	}
	return c.TravellerAid.Create().SetInput(in).Save(ctx)
}
