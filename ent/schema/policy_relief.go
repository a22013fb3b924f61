package schema

import (
	"context"

	"entgo.io/ent"

	gen "mzdesk/ent"
	"mzdesk/ent/predicate"
	"mzdesk/ent/privacy"
	"mzdesk/internal/viewer"
)

// Who reads and writes the counties' relief figures: payments and traveller aid.

// countyFigures is the policy of the bureau's county figures (relief payments, travellers
// helped): ADMIN all, BUREAU the counties at or below its unit, nobody else.
func countyFigures() ent.Policy {
	type byCounty interface {
		WhereHasCountyWith(...predicate.OrgUnit)
	}
	scope := privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		v := viewer.FromContext(ctx)
		c, ok := f.(byCounty)
		if !v.Is(viewer.Bureau) || !ok {
			return privacy.Skip
		}
		c.WhereHasCountyWith(inPath(v))
		return privacy.Allow
	})
	placed := privacy.MutationRuleFunc(func(ctx context.Context, m gen.Mutation) error {
		v := viewer.FromContext(ctx)
		if !v.Is(viewer.Bureau) {
			return privacy.Skip
		}
		if cm, ok := m.(interface{ CountyID() (int, bool) }); ok {
			if id, set := cm.CountyID(); set {
				if err := requireOrgInPath(ctx, m.(interface{ Client() *gen.Client }).Client(), v, id); err != nil {
					return err
				}
			}
		}
		return privacy.Skip
	})
	return privacy.Policy{
		Query:    privacy.QueryPolicy{gate(viewer.Seed), roles(viewer.Admin), scope, privacy.AlwaysDenyRule()},
		Mutation: privacy.MutationPolicy{gate(viewer.Seed), roles(viewer.Admin), placed, scope, privacy.AlwaysDenyRule()},
	}
}

// Policy of the ReliefPayment: the bureau's figures, each within its counties.
func (ReliefPayment) Policy() ent.Policy { return countyFigures() }

// Policy of the TravellerAid: as relief figures.
func (TravellerAid) Policy() ent.Policy { return countyFigures() }
