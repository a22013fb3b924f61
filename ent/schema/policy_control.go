package schema

import (
	"context"
	"slices"

	"entgo.io/ent"

	gen "mzdesk/ent"
	"mzdesk/ent/controlreport"
	"mzdesk/ent/inspection"
	"mzdesk/ent/institution"
	"mzdesk/ent/predicate"
	"mzdesk/ent/privacy"
	"mzdesk/ent/problem"
	"mzdesk/ent/reportrevision"
	"mzdesk/internal/viewer"
)

// Who reads and writes the institutions' epidemic control: daily reports, inspections
// and the problems they find.

// institutionScope is which institutions a scoped role works with: BUREAU those of its
// units, an INSPECTOR its group's, an INSTITUTION user its own.
func institutionScope(v *viewer.Viewer) (predicate.Institution, bool) {
	switch v.Role {
	case viewer.Bureau:
		return institution.HasOrgUnitWith(inPath(v)), true
	case viewer.Inspector:
		return institution.HasOrgUnitWith(inGroup(v)), true
	case viewer.Institution:
		return institution.ID(v.InstitutionID), true
	}
	return nil, false
}

// Policy of the Institution: each scoped role sees its institutions; the charity office
// sees all (they are recipients of donations); BUREAU manages its own units'.
func (Institution) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed, viewer.Public, viewer.Login),
			roles(viewer.Admin, viewer.CharityOffice),
			privacy.InstitutionQueryRuleFunc(func(ctx context.Context, q *gen.InstitutionQuery) error {
				if p, ok := institutionScope(viewer.FromContext(ctx)); ok {
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
			privacy.InstitutionMutationRuleFunc(func(ctx context.Context, m *gen.InstitutionMutation) error {
				v := viewer.FromContext(ctx)
				if !v.Is(viewer.Bureau) || m.Op().Is(ent.OpDelete|ent.OpDeleteOne) {
					return privacy.Skip
				}
				if id, ok := m.OrgUnitID(); ok {
					if err := requireOrgInPath(ctx, m.Client(), v, id); err != nil {
						return err
					}
				}
				m.Where(institution.HasOrgUnitWith(inPath(v)))
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
	}
}

// Policy of the InspectionGroup: read by those who work with inspections.
func (InspectionGroup) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed, viewer.Login),
			roles(viewer.Admin, viewer.Bureau, viewer.Inspector),
			privacy.AlwaysDenyRule(),
		},
		Mutation: privacy.MutationPolicy{gate(viewer.Seed), roles(viewer.Admin), privacy.AlwaysDenyRule()},
	}
}

// inScope checks that an institution a row is about is within the viewer's scope.
func inScope(ctx context.Context, c *gen.Client, v *viewer.Viewer, id int) error {
	p, ok := institutionScope(v)
	if !ok {
		return privacy.Denyf("no institutions in your scope")
	}
	yes, err := c.Institution.Query().Where(institution.ID(id), p).Exist(ctx)
	if err != nil {
		return err
	}
	if !yes {
		return privacy.Denyf("institution %d is outside your scope", id)
	}
	return nil
}

// Policy of the ControlReport: an institution files its own; those who watch the
// institution read it.
func (ControlReport) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed),
			roles(viewer.Admin),
			privacy.ControlReportQueryRuleFunc(func(ctx context.Context, q *gen.ControlReportQuery) error {
				if p, ok := institutionScope(viewer.FromContext(ctx)); ok {
					q.Where(controlreport.HasInstitutionWith(p))
					return privacy.Allow
				}
				return privacy.Skip
			}),
			privacy.AlwaysDenyRule(),
		},
		Mutation: privacy.MutationPolicy{
			gate(viewer.Seed),
			roles(viewer.Admin),
			privacy.ControlReportMutationRuleFunc(func(ctx context.Context, m *gen.ControlReportMutation) error {
				v := viewer.FromContext(ctx)
				if !v.Is(viewer.Institution) || m.Op().Is(ent.OpDelete|ent.OpDeleteOne) {
					return privacy.Skip
				}
				if id, ok := m.InstitutionID(); ok && id != v.InstitutionID {
					return privacy.Denyf("an institution files only its own reports")
				}
				m.Where(controlreport.InstitutionID(v.InstitutionID))
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
	}
}

// Policy of the ReportRevision: as its report; written only when a report is refiled.
func (ReportRevision) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed),
			roles(viewer.Admin),
			privacy.ReportRevisionQueryRuleFunc(func(ctx context.Context, q *gen.ReportRevisionQuery) error {
				if p, ok := institutionScope(viewer.FromContext(ctx)); ok {
					q.Where(reportrevision.HasReportWith(controlreport.HasInstitutionWith(p)))
					return privacy.Allow
				}
				return privacy.Skip
			}),
			privacy.AlwaysDenyRule(),
		},
		Mutation: privacy.MutationPolicy{
			gate(viewer.Seed),
			roles(viewer.Admin),
			privacy.ReportRevisionMutationRuleFunc(func(ctx context.Context, m *gen.ReportRevisionMutation) error {
				v := viewer.FromContext(ctx)
				id, ok := m.ReportID()
				if !v.Is(viewer.Institution) || !m.Op().Is(ent.OpCreate) || !ok {
					return privacy.Skip
				}
				mine, err := m.Client().ControlReport.Query().Where(controlreport.ID(id), controlreport.InstitutionID(v.InstitutionID)).Exist(ctx)
				if err != nil || !mine {
					return privacy.Denyf("report %d is not yours", id)
				}
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
	}
}

// Policy of the Inspection: inspectors record visits to the institutions their group
// covers, in their own group's name; the bureau and the institution read them.
func (Inspection) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed),
			roles(viewer.Admin),
			privacy.InspectionQueryRuleFunc(func(ctx context.Context, q *gen.InspectionQuery) error {
				if p, ok := institutionScope(viewer.FromContext(ctx)); ok {
					q.Where(inspection.HasInstitutionWith(p))
					return privacy.Allow
				}
				return privacy.Skip
			}),
			privacy.AlwaysDenyRule(),
		},
		Mutation: privacy.MutationPolicy{
			gate(viewer.Seed),
			roles(viewer.Admin),
			privacy.InspectionMutationRuleFunc(func(ctx context.Context, m *gen.InspectionMutation) error {
				v := viewer.FromContext(ctx)
				if !v.Is(viewer.Inspector) || !m.Op().Is(ent.OpCreate) {
					return privacy.Skip
				}
				if g, _ := m.GroupID(); g != v.GroupID {
					return privacy.Denyf("an inspector records visits of their own group")
				}
				id, _ := m.InstitutionID()
				if err := inScope(ctx, m.Client(), v, id); err != nil {
					return err
				}
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
	}
}

// problemFields are the fields of a problem each scoped role may change: the inspector
// who raised it words it, sets who puts it right and by when; the institution and the
// bureau move it on and say how it was solved.
var problemFields = map[string][]string{
	viewer.Inspector: {problem.FieldDescription, problem.FieldSeverity, problem.FieldAssignee, problem.FieldDeadline,
		problem.FieldStatus, problem.FieldResolution, problem.FieldResolvedOn, problem.FieldUpdatedAt},
	viewer.Institution: {problem.FieldStatus, problem.FieldResolution, problem.FieldResolvedOn, problem.FieldUpdatedAt},
	viewer.Bureau:      {problem.FieldStatus, problem.FieldResolution, problem.FieldResolvedOn, problem.FieldUpdatedAt},
}

// Policy of the Problem: raised by inspectors, worked on by the institution, followed by
// the bureau; each within its scope.
func (Problem) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed),
			roles(viewer.Admin),
			privacy.ProblemQueryRuleFunc(func(ctx context.Context, q *gen.ProblemQuery) error {
				if p, ok := institutionScope(viewer.FromContext(ctx)); ok {
					q.Where(problem.HasInstitutionWith(p))
					return privacy.Allow
				}
				return privacy.Skip
			}),
			privacy.AlwaysDenyRule(),
		},
		Mutation: privacy.MutationPolicy{
			gate(viewer.Seed),
			roles(viewer.Admin),
			privacy.ProblemMutationRuleFunc(func(ctx context.Context, m *gen.ProblemMutation) error {
				v := viewer.FromContext(ctx)
				p, ok := institutionScope(v)
				switch {
				case !ok || m.Op().Is(ent.OpDelete|ent.OpDeleteOne):
					return privacy.Skip
				case m.Op().Is(ent.OpCreate):
					if !v.Is(viewer.Inspector) {
						return privacy.Denyf("problems are raised by inspections")
					}
					id, _ := m.InstitutionID()
					if err := inScope(ctx, m.Client(), v, id); err != nil {
						return err
					}
				default:
					owned := problemFields[v.Role]
					for _, f := range m.Fields() {
						if !slices.Contains(owned, f) {
							return privacy.Denyf("a %s account may not change a problem's %s", v.Role, f)
						}
					}
					for _, f := range m.ClearedFields() {
						if !slices.Contains(owned, f) {
							return privacy.Denyf("a %s account may not clear a problem's %s", v.Role, f)
						}
					}
					m.Where(problem.HasInstitutionWith(p))
				}
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
	}
}
