package schema

import (
	"context"
	"fmt"
	"slices"

	"entgo.io/ent"

	gen "mzdesk/ent"
	"mzdesk/ent/allocation"
	"mzdesk/ent/careassignment"
	"mzdesk/ent/checkin"
	"mzdesk/ent/controlreport"
	"mzdesk/ent/dispute"
	"mzdesk/ent/donation"
	"mzdesk/ent/donationline"
	"mzdesk/ent/dutyshift"
	"mzdesk/ent/enterprise"
	"mzdesk/ent/enterprisevisit"
	"mzdesk/ent/inspection"
	"mzdesk/ent/inspectiongroup"
	"mzdesk/ent/institution"
	"mzdesk/ent/orgunit"
	"mzdesk/ent/photo"
	"mzdesk/ent/predicate"
	"mzdesk/ent/privacy"
	entproblem "mzdesk/ent/problem"
	"mzdesk/ent/receipt"
	"mzdesk/ent/reportrevision"
	"mzdesk/ent/staff"
	"mzdesk/ent/user"
	"mzdesk/internal/apperr"
	"mzdesk/internal/viewer"
)

// This file is the one place that decides who reads and writes what. Every policy starts
// from the same three rules — system work by task, then no viewer means UNAUTHENTICATED —
// and ends in a denial, so an entity or role nobody thought of can do nothing. Reads of a
// scoped role add a WHERE to the query itself, so node(id), connections, nested edges and
// filters all see the same rows.

// unauthenticated refuses the public.
var unauthenticated = fmt.Errorf("%w: %w", privacy.Deny, viewer.ErrUnauthenticated)

// gate opens a policy: system tasks get what they are named for, the public nothing.
func gate(tasks ...viewer.Task) privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		v := viewer.FromContext(ctx)
		switch {
		case v == nil:
			return unauthenticated
		case v.System == "":
			return privacy.Skip
		}
		for _, t := range tasks {
			if v.Doing(t) {
				return privacy.Allow
			}
		}
		return privacy.Denyf("system task %q may not do this", v.System)
	})
}

// roles allows the named roles everything the policy governs. A BUREAU account without
// a unit (its org unit gone) is granted nothing: the bureau's powers come with a place.
func roles(rs ...string) privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		v := viewer.FromContext(ctx)
		if v.Is(rs...) && (v.Role != viewer.Bureau || v.OrgPath != "") {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// onlyUpdates lets a mutation rule pass creates and deletes on to denial.
func onlyUpdates(m ent.Mutation) bool { return m.Op().Is(ent.OpUpdate | ent.OpUpdateOne) }

// inPath is the scope of a BUREAU user: org units at or below theirs. A viewer without a
// path (an account whose org unit is gone) has no units: an empty prefix would be all.
func inPath(v *viewer.Viewer) predicate.OrgUnit {
	if v.OrgPath == "" {
		return orgunit.IDIn()
	}
	return orgunit.PathHasPrefix(v.OrgPath)
}

// inGroup is the scope of an INSPECTOR: org units at or below the ones the group covers.
func inGroup(v *viewer.Viewer) predicate.OrgUnit {
	var ps []predicate.OrgUnit
	for _, p := range v.GroupPaths {
		if p != "" { // an empty prefix would be the whole map
			ps = append(ps, orgunit.PathHasPrefix(p))
		}
	}
	if len(ps) == 0 {
		return orgunit.IDIn() // a group that covers nothing sees nothing
	}
	return orgunit.Or(ps...)
}

// Policy of the OrgUnit: the map is no secret to anyone logged in; only ADMIN redraws it.
func (OrgUnit) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{gate(viewer.Seed, viewer.Public, viewer.Login), privacy.AlwaysAllowRule()},
		Mutation: privacy.MutationPolicy{gate(viewer.Seed), roles(viewer.Admin), privacy.AlwaysDenyRule()},
	}
}

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

// requireOrgInPath refuses to place a row under an org unit outside a BUREAU user's scope.
func requireOrgInPath(ctx context.Context, c *gen.Client, v *viewer.Viewer, id int) error {
	ok, err := c.OrgUnit.Query().Where(orgunit.ID(id), inPath(v)).Exist(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return privacy.Denyf("org unit %d is outside your scope", id)
	}
	return nil
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

// Policy of the Donor: donors' contacts are for the charity office and the bureau.
func (Donor) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed, viewer.Public),
			roles(viewer.Admin, viewer.Bureau, viewer.CharityOffice),
			privacy.AlwaysDenyRule(),
		},
		Mutation: charityWrites(),
	}
}

// charityWrites is the write policy of the donation ledger's own records.
func charityWrites() privacy.MutationPolicy {
	return privacy.MutationPolicy{gate(viewer.Seed), roles(viewer.Admin, viewer.CharityOffice), privacy.AlwaysDenyRule()}
}

// Policy of the Item: the catalogue is read by everyone logged in.
func (Item) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{gate(viewer.Seed, viewer.Public), privacy.AlwaysAllowRule()},
		Mutation: charityWrites(),
	}
}

// recipientAllocations is what a recipient's user may see of allocations: their own.
func recipientAllocations(v *viewer.Viewer) (predicate.Allocation, bool) {
	switch v.Role {
	case viewer.VillageCommittee:
		return allocation.VillageID(v.OrgUnitID), true
	case viewer.Institution:
		return allocation.InstitutionID(v.InstitutionID), true
	case viewer.Bureau:
		return allocation.Or(
			allocation.HasVillageWith(inPath(v)),
			allocation.HasInstitutionWith(institution.HasOrgUnitWith(inPath(v))),
			allocation.HasEnterpriseWith(enterprise.HasOrgUnitWith(inPath(v))),
		), true
	}
	return nil, false
}

// ledgerReaders read the whole donation ledger; recipients (recipientAllocations) read
// what reached them.
var ledgerReaders = []string{viewer.Admin, viewer.CharityOffice}

// allocationsRead is which allocations v reads: all of them, or those p matches (none
// for a role that is neither a ledger reader nor a recipient).
func allocationsRead(v *viewer.Viewer) (all bool, p predicate.Allocation) {
	if v.Is(ledgerReaders...) {
		return true, nil
	}
	if p, ok := recipientAllocations(v); ok {
		return false, p
	}
	return false, allocation.IDIn()
}

// ScopeEdgeFilter bounds the inputs of a has<Edge>With filter (marked @scope in the
// GraphQL schema) by the viewer's scope of the edge's target: the same rows the target's
// own query policy lets the viewer read. Without it the filter would test rows the viewer
// may not read, and a count of the rows it may read would tell their values. An edge
// filter on an entity not listed here is refused.
func ScopeEdgeFilter(ctx context.Context, filter any) error {
	v := viewer.FromContext(ctx)
	if v == nil {
		return unauthenticated
	}
	all, p := allocationsRead(v)
	switch f := filter.(type) {
	case []*gen.AllocationWhereInput:
		for _, w := range f {
			if !all {
				w.AddPredicates(p)
			}
		}
	case []*gen.DonationLineWhereInput:
		for _, w := range f {
			if !all {
				w.AddPredicates(donationline.HasAllocationsWith(p))
			}
		}
	case []*gen.ReceiptWhereInput:
		for _, w := range f {
			if !all {
				w.AddPredicates(receipt.HasAllocationWith(p))
			}
		}
	default:
		return privacy.Denyf("filtering by %T is not offered", filter)
	}
	return nil
}

// Edge loads. Eager loading reads each edge of a list in a query of its own, and every
// query meets its entity's policy, so a village's list of allocations with their lines
// and donations used to carry the village's scope three times: on the allocations, then
// as an EXISTS on the lines and a nested EXISTS on the donations. MySQL spent longer
// planning those two than reading the whole list. They say nothing new: the lines of
// allocations a recipient may see are lines it may see, by the DonationLine rule's own
// definition, and the donations of those lines are donations it may see.
//
// EdgeLoads, installed on the client, marks the context of the queries a query runs
// inside itself (its edge loads) with the entity that query reads. Every query sets the
// mark anew, so it always names the direct parent: lines loaded by a donation loaded by
// an allocation are marked Donation and filtered as usual. A client without EdgeLoads
// sets no mark and filters every query.

type edgesOfKey struct{}

// EdgeLoads marks the edge loads of each query with the entity the query reads.
func EdgeLoads() gen.Interceptor {
	return gen.InterceptFunc(func(next gen.Querier) gen.Querier {
		return gen.QuerierFunc(func(ctx context.Context, q gen.Query) (gen.Value, error) {
			// Only the parents some rule asks about are named; any other query
			// clears the mark. (ent's QueryContext will not do: nested queries keep
			// the outermost one.)
			var entity string
			switch q.(type) {
			case *gen.AllocationQuery:
				entity = gen.TypeAllocation
			case *gen.DonationLineQuery:
				entity = gen.TypeDonationLine
			}
			return next.Query(context.WithValue(ctx, edgesOfKey{}, entity), q)
		})
	})
}

// loadingEdgesOf tells whether the query under check loads an edge of rows of entity
// that the same viewer has just read through that entity's policy.
func loadingEdgesOf(ctx context.Context, entity string) bool {
	e, _ := ctx.Value(edgesOfKey{}).(string)
	return e == entity
}

// Policy of the Donation: recipients see the donations that reached them. The donation
// of a line a recipient has just read (DonationLine's only edge to Donation) needs no
// further check.
func (Donation) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed, viewer.Public),
			roles(ledgerReaders...),
			privacy.DonationQueryRuleFunc(func(ctx context.Context, q *gen.DonationQuery) error {
				p, ok := recipientAllocations(viewer.FromContext(ctx))
				if !ok {
					return privacy.Skip
				}
				if !loadingEdgesOf(ctx, gen.TypeDonationLine) {
					q.Where(donation.HasLinesWith(donationline.HasAllocationsWith(p)))
				}
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
		Mutation: charityWrites(),
	}
}

// Policy of the DonationLine: as its donation. The line of an allocation a recipient
// has just read (Allocation's only edge to DonationLine) needs no further check: the
// Allocation policy filters every recipient's read.
func (DonationLine) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed, viewer.Public),
			roles(ledgerReaders...),
			privacy.DonationLineQueryRuleFunc(func(ctx context.Context, q *gen.DonationLineQuery) error {
				p, ok := recipientAllocations(viewer.FromContext(ctx))
				if !ok {
					return privacy.Skip
				}
				if !loadingEdgesOf(ctx, gen.TypeAllocation) {
					q.Where(donationline.HasAllocationsWith(p))
				}
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
		Mutation: charityWrites(),
	}
}

// Policy of the Allocation: the charity office plans and dispatches; a recipient sees its
// own and moves them to RECEIVED or DISPUTED by confirming.
func (Allocation) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed, viewer.Public),
			roles(ledgerReaders...),
			privacy.AllocationQueryRuleFunc(func(ctx context.Context, q *gen.AllocationQuery) error {
				if p, ok := recipientAllocations(viewer.FromContext(ctx)); ok {
					q.Where(p)
					return privacy.Allow
				}
				return privacy.Skip
			}),
			privacy.AlwaysDenyRule(),
		},
		Mutation: privacy.MutationPolicy{
			gate(viewer.Seed),
			roles(viewer.Admin, viewer.CharityOffice),
			privacy.AllocationMutationRuleFunc(func(ctx context.Context, m *gen.AllocationMutation) error {
				v := viewer.FromContext(ctx)
				if !v.Is(viewer.VillageCommittee, viewer.Institution) || !onlyUpdates(m) {
					return privacy.Skip
				}
				// Confirming is the one change a recipient makes: a dispatched
				// allocation of its own becomes RECEIVED or DISPUTED, and nothing else moves.
				status, ok := m.Status()
				if !ok || (status != allocation.StatusRECEIVED && status != allocation.StatusDISPUTED) {
					return privacy.Denyf("a recipient only confirms receipt")
				}
				for _, f := range m.Fields() {
					if f != allocation.FieldStatus && f != allocation.FieldUpdatedAt {
						return privacy.Denyf("a recipient may not change %s", f)
					}
				}
				p, _ := recipientAllocations(v)
				m.Where(p, allocation.StatusEQ(allocation.StatusDISPATCHED))
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
	}
}

// Policy of the Receipt: written once by the recipient's user, never changed by anyone.
func (Receipt) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed, viewer.Public),
			roles(ledgerReaders...),
			privacy.ReceiptQueryRuleFunc(func(ctx context.Context, q *gen.ReceiptQuery) error {
				if p, ok := recipientAllocations(viewer.FromContext(ctx)); ok {
					q.Where(receipt.HasAllocationWith(p))
					return privacy.Allow
				}
				return privacy.Skip
			}),
			privacy.AlwaysDenyRule(),
		},
		Mutation: privacy.MutationPolicy{
			gate(viewer.Seed),
			privacy.ReceiptMutationRuleFunc(func(ctx context.Context, m *gen.ReceiptMutation) error {
				v := viewer.FromContext(ctx)
				p, ok := recipientAllocations(v)
				if !v.Is(viewer.VillageCommittee, viewer.Institution) || !m.Op().Is(ent.OpCreate) || !ok {
					return privacy.Skip
				}
				id, set := m.AllocationID()
				if !set {
					return privacy.Skip
				}
				mine, err := m.Client().Allocation.Query().Where(allocation.ID(id), p).Exist(ctx)
				if err != nil {
					return err
				}
				if !mine {
					return privacy.Denyf("allocation %d is not yours to confirm", id)
				}
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
	}
}

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

// Policy of the Photo: the people who confirm receipts upload; the uploader, the charity
// office and the administrator look at them.
func (Photo) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed, viewer.PhotoSweep), // the sweep reads what it deletes, for the audit
			roles(viewer.Admin, viewer.CharityOffice),
			privacy.PhotoQueryRuleFunc(func(ctx context.Context, q *gen.PhotoQuery) error {
				q.Where(photo.UploadedByID(viewer.FromContext(ctx).UserID))
				return privacy.Allow
			}),
		},
		Mutation: privacy.MutationPolicy{
			privacy.PhotoMutationRuleFunc(func(ctx context.Context, m *gen.PhotoMutation) error {
				if !viewer.FromContext(ctx).Doing(viewer.PhotoSweep) {
					return privacy.Skip
				}
				if m.Op().Is(ent.OpDelete | ent.OpDeleteOne) {
					return privacy.Allow
				}
				return privacy.Deny
			}),
			gate(viewer.Seed),
			privacy.PhotoMutationRuleFunc(func(ctx context.Context, m *gen.PhotoMutation) error {
				v := viewer.FromContext(ctx)
				if by, _ := m.UploadedByID(); m.Op().Is(ent.OpCreate) && by == v.UserID &&
					v.Is(viewer.VillageCommittee, viewer.Institution, viewer.CharityOffice, viewer.Admin) {
					return privacy.Allow
				}
				return privacy.Deny
			}),
		},
	}
}

// Policy of the Dispute: opened by the recipient's confirmation, followed up and closed
// by the charity office; the recipients and the bureau read their own.
func (Dispute) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed, viewer.Public),
			roles(viewer.Admin, viewer.CharityOffice),
			privacy.DisputeQueryRuleFunc(func(ctx context.Context, q *gen.DisputeQuery) error {
				if p, ok := recipientAllocations(viewer.FromContext(ctx)); ok {
					q.Where(dispute.HasAllocationWith(p))
					return privacy.Allow
				}
				return privacy.Skip
			}),
			privacy.AlwaysDenyRule(),
		},
		Mutation: privacy.MutationPolicy{
			gate(viewer.Seed),
			roles(viewer.Admin, viewer.CharityOffice),
			privacy.DisputeMutationRuleFunc(func(ctx context.Context, m *gen.DisputeMutation) error {
				v := viewer.FromContext(ctx)
				id, ok := m.AllocationID()
				if !v.Is(viewer.VillageCommittee, viewer.Institution) || !m.Op().Is(ent.OpCreate) || !ok {
					return privacy.Skip
				}
				p, _ := recipientAllocations(v)
				mine, err := m.Client().Allocation.Query().Where(allocation.ID(id), p).Exist(ctx)
				if err != nil || !mine {
					return privacy.Denyf("allocation %d is not yours", id)
				}
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
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
	viewer.Inspector: {entproblem.FieldDescription, entproblem.FieldSeverity, entproblem.FieldAssignee, entproblem.FieldDeadline,
		entproblem.FieldStatus, entproblem.FieldResolution, entproblem.FieldResolvedOn, entproblem.FieldUpdatedAt},
	viewer.Institution: {entproblem.FieldStatus, entproblem.FieldResolution, entproblem.FieldResolvedOn, entproblem.FieldUpdatedAt},
	viewer.Bureau:      {entproblem.FieldStatus, entproblem.FieldResolution, entproblem.FieldResolvedOn, entproblem.FieldUpdatedAt},
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
					q.Where(entproblem.HasInstitutionWith(p))
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
					m.Where(entproblem.HasInstitutionWith(p))
				}
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
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
