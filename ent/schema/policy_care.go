package schema

import (
	"context"

	"entgo.io/ent"

	gen "mzdesk/ent"
	"mzdesk/ent/dutyshift"
	"mzdesk/ent/privacy"
	"mzdesk/ent/staff"
	"mzdesk/internal/viewer"
)

// Who reads and writes what concerns the bureau's own frontline staff: their records, care
// and duty roster.

// Policy of the Staff: the bureau sees its own units' staff, the care officer everyone.
func (Staff) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed),
			roles(viewer.Admin, viewer.CareOfficer),
			privacy.StaffQueryRuleFunc(func(ctx context.Context, q *gen.StaffQuery) error {
				v := viewer.FromContext(ctx)
				if !v.Is(viewer.Bureau) {
					return privacy.Skip
				}
				q.Where(staff.HasOrgUnitWith(inPath(v)))
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
		Mutation: privacy.MutationPolicy{gate(viewer.Seed), roles(viewer.Admin), privacy.AlwaysDenyRule()},
	}
}

// Policy of the CareRecord: the notes are sensitive; only the care officer and the
// administrator read or write care records. The CareCounts task reads them for the
// bureau's summary, which selects dates and counts and nothing else.
func (CareRecord) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{gate(viewer.Seed, viewer.CareCounts), roles(viewer.Admin, viewer.CareOfficer), privacy.AlwaysDenyRule()},
		Mutation: privacy.MutationPolicy{gate(viewer.Seed), roles(viewer.Admin, viewer.CareOfficer), privacy.AlwaysDenyRule()},
	}
}

// Policy of the CarePlan: the care officer's.
func (CarePlan) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{gate(viewer.Seed, viewer.CareCounts), roles(viewer.Admin, viewer.CareOfficer), privacy.AlwaysDenyRule()},
		Mutation: privacy.MutationPolicy{gate(viewer.Seed), roles(viewer.Admin, viewer.CareOfficer), privacy.AlwaysDenyRule()},
	}
}

// Policy of the DutyShift: the bureau rosters its own units' communities.
func (DutyShift) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed),
			roles(viewer.Admin),
			privacy.DutyShiftQueryRuleFunc(func(ctx context.Context, q *gen.DutyShiftQuery) error {
				v := viewer.FromContext(ctx)
				if !v.Is(viewer.Bureau) {
					return privacy.Skip
				}
				q.Where(dutyshift.HasCommunityWith(inPath(v)))
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
		Mutation: privacy.MutationPolicy{
			gate(viewer.Seed),
			roles(viewer.Admin),
			privacy.DutyShiftMutationRuleFunc(func(ctx context.Context, m *gen.DutyShiftMutation) error {
				v := viewer.FromContext(ctx)
				if !v.Is(viewer.Bureau) {
					return privacy.Skip
				}
				if id, ok := m.CommunityID(); ok {
					if err := requireOrgInPath(ctx, m.Client(), v, id); err != nil {
						return err
					}
				}
				m.Where(dutyshift.HasCommunityWith(inPath(v)))
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
	}
}
