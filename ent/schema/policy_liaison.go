package schema

import (
	"context"

	"entgo.io/ent"

	gen "mzdesk/ent"
	"mzdesk/ent/enterprise"
	"mzdesk/ent/enterprisevisit"
	"mzdesk/ent/privacy"
	"mzdesk/internal/viewer"
)

// Who reads and writes the liaison officers' enterprises and visits.

// Policy of the Enterprise: the bureau and the charity office (which supplies them).
func (Enterprise) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed, viewer.Public),
			roles(viewer.Admin, viewer.CharityOffice),
			privacy.EnterpriseQueryRuleFunc(func(ctx context.Context, q *gen.EnterpriseQuery) error {
				v := viewer.FromContext(ctx)
				if !v.Is(viewer.Bureau) {
					return privacy.Skip
				}
				q.Where(enterprise.HasOrgUnitWith(inPath(v)))
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
		Mutation: privacy.MutationPolicy{
			gate(viewer.Seed),
			roles(viewer.Admin),
			privacy.EnterpriseMutationRuleFunc(func(ctx context.Context, m *gen.EnterpriseMutation) error {
				v := viewer.FromContext(ctx)
				if !v.Is(viewer.Bureau) || m.Op().Is(ent.OpDelete|ent.OpDeleteOne) {
					return privacy.Skip
				}
				if id, ok := m.OrgUnitID(); ok {
					if err := requireOrgInPath(ctx, m.Client(), v, id); err != nil {
						return err
					}
				}
				m.Where(enterprise.HasOrgUnitWith(inPath(v)))
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
	}
}

// Policy of the EnterpriseVisit: the bureau's liaison work, within its units.
func (EnterpriseVisit) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed),
			roles(viewer.Admin),
			privacy.EnterpriseVisitQueryRuleFunc(func(ctx context.Context, q *gen.EnterpriseVisitQuery) error {
				v := viewer.FromContext(ctx)
				if !v.Is(viewer.Bureau) {
					return privacy.Skip
				}
				q.Where(enterprisevisit.HasEnterpriseWith(enterprise.HasOrgUnitWith(inPath(v))))
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
		Mutation: privacy.MutationPolicy{
			gate(viewer.Seed),
			roles(viewer.Admin),
			privacy.EnterpriseVisitMutationRuleFunc(func(ctx context.Context, m *gen.EnterpriseVisitMutation) error {
				v := viewer.FromContext(ctx)
				id, set := m.EnterpriseID()
				if !v.Is(viewer.Bureau) || !m.Op().Is(ent.OpCreate) || !set {
					return privacy.Skip
				}
				yes, err := m.Client().Enterprise.Query().Where(enterprise.ID(id), enterprise.HasOrgUnitWith(inPath(v))).Exist(ctx)
				if err != nil || !yes {
					return privacy.Denyf("enterprise %d is outside your units", id)
				}
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
	}
}
