package schema

import (
	"context"

	"entgo.io/ent"

	gen "mzdesk/ent"
	"mzdesk/ent/careassignment"
	"mzdesk/ent/checkin"
	"mzdesk/ent/orgunit"
	"mzdesk/ent/predicate"
	"mzdesk/ent/privacy"
	"mzdesk/internal/viewer"
)

// Who reads and writes one-to-one care of elders and children and its check-ins.

// careAssignmentScope is whose one-to-one cases a role follows: a village committee its
// own village's, the bureau its units'.
func careAssignmentScope(v *viewer.Viewer) (predicate.CareAssignment, bool) {
	switch v.Role {
	case viewer.VillageCommittee:
		return careassignment.VillageID(v.OrgUnitID), true
	case viewer.Bureau:
		return careassignment.HasVillageWith(inPath(v)), true
	}
	return nil, false
}

// Policy of the CareAssignment: the village committee keeps its own cases; the bureau
// follows those of its units.
func (CareAssignment) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed),
			roles(viewer.Admin),
			privacy.CareAssignmentQueryRuleFunc(func(ctx context.Context, q *gen.CareAssignmentQuery) error {
				if p, ok := careAssignmentScope(viewer.FromContext(ctx)); ok {
					q.Where(p)
					return privacy.Allow
				}
				return privacy.Skip
			}),
			privacy.AlwaysDenyRule(),
		},
		Mutation: privacy.MutationPolicy{
			gate(viewer.Seed),
			roles(viewer.Admin),
			privacy.CareAssignmentMutationRuleFunc(func(ctx context.Context, m *gen.CareAssignmentMutation) error {
				v := viewer.FromContext(ctx)
				p, ok := careAssignmentScope(v)
				if !ok || m.Op().Is(ent.OpDelete|ent.OpDeleteOne) {
					return privacy.Skip
				}
				if id, set := m.VillageID(); set {
					// A committee files for its own village, the bureau for villages below it.
					yes, err := m.Client().OrgUnit.Query().
						Where(orgunit.ID(id), orgunit.LevelEQ(orgunit.LevelVILLAGE), inPath(v)).Exist(ctx)
					if err != nil || !yes {
						return privacy.Denyf("village %d is not yours", id)
					}
				}
				m.Where(p)
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
	}
}

// Policy of the CheckIn: as the case it belongs to.
func (CheckIn) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed),
			roles(viewer.Admin),
			privacy.CheckInQueryRuleFunc(func(ctx context.Context, q *gen.CheckInQuery) error {
				if p, ok := careAssignmentScope(viewer.FromContext(ctx)); ok {
					q.Where(checkin.HasAssignmentWith(p))
					return privacy.Allow
				}
				return privacy.Skip
			}),
			privacy.AlwaysDenyRule(),
		},
		Mutation: privacy.MutationPolicy{
			gate(viewer.Seed),
			roles(viewer.Admin),
			privacy.CheckInMutationRuleFunc(func(ctx context.Context, m *gen.CheckInMutation) error {
				v := viewer.FromContext(ctx)
				p, ok := careAssignmentScope(v)
				id, set := m.AssignmentID()
				if !ok || !m.Op().Is(ent.OpCreate) || !set {
					return privacy.Skip
				}
				yes, err := m.Client().CareAssignment.Query().Where(careassignment.ID(id), p).Exist(ctx)
				if err != nil || !yes {
					return privacy.Denyf("case %d is not yours", id)
				}
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
	}
}
