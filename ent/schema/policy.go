package schema

import (
	"context"
	"fmt"

	"entgo.io/ent"

	gen "mzdesk/ent"
	"mzdesk/ent/donationline"
	"mzdesk/ent/orgunit"
	"mzdesk/ent/predicate"
	"mzdesk/ent/privacy"
	"mzdesk/ent/receipt"
	"mzdesk/internal/viewer"
)

// This file is the one place that decides who reads and writes what. Every policy starts
// from the same three rules — system work by task, then no viewer means UNAUTHENTICATED —
// and ends in a denial, so an entity or role nobody thought of can do nothing. Reads of a
// scoped role add a WHERE to the query itself, so node(id), connections, nested edges and
// filters all see the same rows.

// errUnauthenticated refuses the public.
var errUnauthenticated = fmt.Errorf("%w: %w", privacy.Deny, viewer.ErrUnauthenticated)

// gate opens a policy: system tasks get what they are named for, the public nothing.
func gate(tasks ...viewer.Task) privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		v := viewer.FromContext(ctx)
		switch {
		case v == nil:
			return errUnauthenticated
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

// ScopeEdgeFilter bounds the inputs of a has<Edge>With filter (marked @scope in the
// GraphQL schema) by the viewer's scope of the edge's target: the same rows the target's
// own query policy lets the viewer read. Without it the filter would test rows the viewer
// may not read, and a count of the rows it may read would tell their values. An edge
// filter on an entity not listed here is refused.
func ScopeEdgeFilter(ctx context.Context, filter any) error {
	v := viewer.FromContext(ctx)
	if v == nil {
		return errUnauthenticated
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
