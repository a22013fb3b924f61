package schema

import (
	"context"

	"entgo.io/ent"

	gen "mzdesk/ent"
	"mzdesk/ent/inspectiongroup"
	"mzdesk/ent/institution"
	"mzdesk/ent/orgunit"
	"mzdesk/ent/predicate"
	"mzdesk/ent/privacy"
	"mzdesk/ent/session"
	"mzdesk/ent/user"
	"mzdesk/internal/apperr"
	"mzdesk/internal/viewer"
)

// Who reads and writes the org map, the accounts, and the audit log's bookkeeping.

// Policy of the OrgUnit: the map is no secret to anyone logged in; only ADMIN redraws it.
func (OrgUnit) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{gate(viewer.Seed, viewer.Public, viewer.Login), privacy.AlwaysAllowRule()},
		Mutation: privacy.MutationPolicy{gate(viewer.Seed), roles(viewer.Admin), privacy.AlwaysDenyRule()},
	}
}

// Policy of the User: everyone reads their own account; ADMIN all accounts; BUREAU the
// accounts below its unit; the charity office the recipients' accounts it deals with.
func (User) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			// The public trail names the account that signed a receipt: the public task
			// reads the accounts of committees and institutions, organisations' accounts
			// and never a person's (the ledger shows their display name only).
			privacy.UserQueryRuleFunc(func(ctx context.Context, q *gen.UserQuery) error {
				if !viewer.FromContext(ctx).Doing(viewer.Public) {
					return privacy.Skip
				}
				q.Where(user.RoleIn(user.RoleVILLAGE_COMMITTEE, user.RoleINSTITUTION))
				return privacy.Allow
			}),
			gate(viewer.Seed, viewer.Login),
			roles(viewer.Admin),
			privacy.UserQueryRuleFunc(func(ctx context.Context, q *gen.UserQuery) error {
				v := viewer.FromContext(ctx)
				switch v.Role {
				case viewer.Bureau:
					q.Where(user.Or(user.ID(v.UserID), user.HasOrgUnitWith(inPath(v))))
				case viewer.CharityOffice:
					q.Where(user.Or(user.ID(v.UserID), user.RoleIn(user.RoleVILLAGE_COMMITTEE, user.RoleINSTITUTION)))
				default:
					q.Where(user.ID(v.UserID))
				}
				return privacy.Allow
			}),
		},
		Mutation: privacy.MutationPolicy{
			gate(viewer.Seed, viewer.Login),
			privacy.UserMutationRuleFunc(scopeFitsRole),
			roles(viewer.Admin),
			privacy.UserMutationRuleFunc(bureauManagesBelow),
			privacy.AlwaysDenyRule(),
		},
	}
}

// scopeNeeded is the scope field each scoped role cannot do without: with it missing,
// the account's reads would have no bounds to add.
var scopeNeeded = map[user.Role]string{
	user.RoleBUREAU:            user.FieldOrgUnitID,
	user.RoleVILLAGE_COMMITTEE: user.FieldOrgUnitID,
	user.RoleINSTITUTION:       user.FieldInstitutionID,
	user.RoleINSPECTOR:         user.FieldInspectionGroupID,
}

// scopeInput names the scope fields as the API's inputs name them.
var scopeInput = map[string]string{
	user.FieldOrgUnitID: "orgUnitID", user.FieldInstitutionID: "institutionID", user.FieldInspectionGroupID: "inspectionGroupID",
}

// scopeFitsRole keeps every account's scope fitting its role, whoever writes it: a
// village committee and a bureau account keep an org unit, an institution account an
// institution, an inspector a group. An org unit is moved, never cleared.
func scopeFitsRole(ctx context.Context, m *gen.UserMutation) error {
	if m.Op().Is(ent.OpDelete | ent.OpDeleteOne) {
		return privacy.Skip
	}
	if m.OrgUnitCleared() {
		return privacy.Denyf("an account's org unit is moved, never cleared")
	}
	touched := false
	for _, f := range append(m.Fields(), m.ClearedFields()...) {
		touched = touched || f == user.FieldRole || scopeInput[f] != ""
	}
	if !touched {
		return privacy.Skip
	}
	if m.Op().Is(ent.OpUpdate) {
		return privacy.Denyf("an account's role and scope change one account at a time")
	}
	role, ok := m.Role()
	if !ok && m.Op().Is(ent.OpUpdateOne) {
		old, err := m.OldRole(ctx)
		if err != nil {
			return err
		}
		role = old
	}
	need, ok := scopeNeeded[role]
	if !ok {
		return privacy.Skip
	}
	if _, set := m.Field(need); set {
		return privacy.Skip
	}
	if m.Op().Is(ent.OpUpdateOne) && !m.FieldCleared(need) {
		old, err := m.OldField(ctx, need)
		if err != nil {
			return err
		}
		if id, _ := old.(*int); id != nil {
			return privacy.Skip
		}
	}
	return apperr.Input(scopeInput[need], "a %s account needs %s", role, scopeInput[need])
}

// bureauManagesBelow lets a BUREAU user manage the accounts of the units below its own,
// granting no role above theirs and no scope outside its units: the account's org unit,
// its institution and every unit its inspection group covers lie below the bureau's.
func bureauManagesBelow(ctx context.Context, m *gen.UserMutation) error {
	v := viewer.FromContext(ctx)
	if !v.Is(viewer.Bureau) || m.Op().Is(ent.OpDelete|ent.OpDeleteOne) {
		return privacy.Skip
	}
	if r, ok := m.Role(); ok && (r == user.RoleADMIN || r == user.RoleCHARITY_OFFICE || r == user.RoleCARE_OFFICER) {
		return privacy.Denyf("a bureau user may not grant %s", r)
	}
	c := m.Client()
	below := orgunit.And(inPath(v), orgunit.IDNEQ(v.OrgUnitID))
	if id, ok := m.OrgUnitID(); ok {
		ok, err := c.OrgUnit.Query().Where(orgunit.ID(id), below).Exist(ctx)
		if err != nil {
			return err
		}
		if !ok {
			return privacy.Denyf("org unit %d is not below yours", id)
		}
	}
	if id, ok := m.InstitutionID(); ok {
		ok, err := c.Institution.Query().Where(institution.ID(id), institution.HasOrgUnitWith(inPath(v))).Exist(ctx)
		if err != nil {
			return err
		}
		if !ok {
			return privacy.Denyf("institution %d is outside your units", id)
		}
	}
	if id, ok := m.InspectionGroupID(); ok {
		covers := c.InspectionGroup.Query().Where(inspectiongroup.ID(id)).QueryCovers()
		all, err := covers.Clone().Count(ctx)
		if err != nil {
			return err
		}
		inside, err := covers.Where(inPath(v)).Count(ctx)
		if err != nil {
			return err
		}
		if all == 0 || inside != all {
			return privacy.Denyf("inspection group %d covers units outside yours", id)
		}
	}
	if m.Op().Is(ent.OpCreate) {
		if _, ok := m.OrgUnitID(); !ok {
			return privacy.Denyf("a bureau user must place new accounts below its org unit")
		}
		return privacy.Allow
	}
	m.Where(user.HasOrgUnitWith(below))
	return privacy.Allow
}

// Policy of the AuditEvent: written by the audit hook in every change's transaction,
// linked into the chain once by the sealer, read by ADMIN, and never otherwise updated
// or deleted by anyone.
func (AuditEvent) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{gate(viewer.Seed, viewer.Seal), roles(viewer.Admin), privacy.AlwaysDenyRule()},
		Mutation: privacy.MutationPolicy{
			privacy.MutationRuleFunc(func(ctx context.Context, m gen.Mutation) error {
				v := viewer.FromContext(ctx)
				switch {
				case m.Op().Is(ent.OpCreate) && v != nil:
					return privacy.Allow
				case m.Op().Is(ent.OpUpdate) && v.Doing(viewer.Seal):
					return privacy.Allow
				}
				return privacy.Denyf("audit events are never changed")
			}),
		},
	}
}

// Policy of the Counter: bookkeeping that every write may need (a receipt number, the
// audit chain), never exposed through the API but for the chain's daily heads, which
// the public pages publish.
func (Counter) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{gate(viewer.Seed, viewer.Login, viewer.Seal, viewer.Public), privacy.AlwaysAllowRule()},
		Mutation: privacy.MutationPolicy{gate(viewer.Seed, viewer.Login, viewer.Seal), privacy.AlwaysAllowRule()},
	}
}

// sessionScope is whose sessions a scoped viewer reaches: BUREAU its own and those of
// the accounts it manages (below its unit, as the User policy says); everyone else their own.
func sessionScope(v *viewer.Viewer) predicate.Session {
	if v.Is(viewer.Bureau) {
		return session.Or(session.UserID(v.UserID),
			session.HasUserWith(user.HasOrgUnitWith(orgunit.And(inPath(v), orgunit.IDNEQ(v.OrgUnitID)))))
	}
	return session.UserID(v.UserID)
}

// Policy of the Session: the login task opens, checks and touches sessions; ADMIN sees
// and ends every session; BUREAU its own and those of the accounts it manages; everyone
// else their own. Nobody else opens or deletes one.
func (Session) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed, viewer.Login),
			roles(viewer.Admin),
			privacy.SessionQueryRuleFunc(func(ctx context.Context, q *gen.SessionQuery) error {
				q.Where(sessionScope(viewer.FromContext(ctx)))
				return privacy.Allow
			}),
		},
		Mutation: privacy.MutationPolicy{
			gate(viewer.Seed, viewer.Login),
			roles(viewer.Admin),
			privacy.SessionMutationRuleFunc(func(ctx context.Context, m *gen.SessionMutation) error {
				if !onlyUpdates(m) {
					return privacy.Denyf("sessions are opened by logging in")
				}
				m.Where(sessionScope(viewer.FromContext(ctx)))
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
	}
}

// Policy of the LoginFailure: only the login task reads and counts failures.
func (LoginFailure) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{gate(viewer.Login), privacy.AlwaysDenyRule()},
		Mutation: privacy.MutationPolicy{gate(viewer.Login), privacy.AlwaysDenyRule()},
	}
}
