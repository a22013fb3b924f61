package graph

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"mzdesk/ent"
	"mzdesk/ent/enterprise"
	"mzdesk/ent/institution"
	"mzdesk/ent/orgunit"
)

// Loaders gives each operation memos of its own, for what its fields would otherwise read
// again and again: the recipients of each list of allocations it answers (recipient), and
// the viewer's account (an operation of a thousand aliases of viewer reads it once).
type Loaders struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
} = Loaders{}

// ExtensionName names the extension for gqlgen.
func (Loaders) ExtensionName() string { return "Loaders" }

// Validate checks nothing.
func (Loaders) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptOperation gives the operation fresh memos.
func (Loaders) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	return next(context.WithValue(ctx, loadersKey{}, &loaders{}))
}

type loadersKey struct{}

type loaders struct {
	mu sync.Mutex
	// lists holds the recipients of each list of allocations answered, by the field
	// context of the list.
	lists map[*graphql.FieldContext]*recipients

	viewerMu sync.Mutex
	viewer   *ent.User
}

func loadersOf(ctx context.Context) *loaders {
	l, _ := ctx.Value(loadersKey{}).(*loaders)
	return l
}

// ForgetLoaded empties the operation's memos. A mutation run again after its transaction
// lost a conflict (internal/app's retry) must not see rows remembered from the attempt
// that was rolled back.
func ForgetLoaded(ctx context.Context) {
	if l := loadersOf(ctx); l != nil {
		l.mu.Lock()
		l.lists = nil
		l.mu.Unlock()
		l.viewerMu.Lock()
		l.viewer = nil
		l.viewerMu.Unlock()
	}
}

// recipients are the recipients of one list's allocations, read when the first of them
// is asked for (and again for any allocation the list did not hold then: a receipt's
// allocation that was not loaded with its receipt).
type recipients struct {
	mu           sync.Mutex
	villages     memo[*ent.OrgUnit]
	institutions memo[*ent.Institution]
	enterprises  memo[*ent.Enterprise]
}

// memo holds the rows of one kind of recipient: the ids read, and the rows found, which
// leave out those the viewer may not read.
type memo[T any] struct {
	read  map[int]bool
	found map[int]T
}

// recipient is an allocation's recipient: whichever of three edges is set, so entgql's
// field collection, which loads an edge per GraphQL field, cannot load it with the list.
// Instead the allocations of one list are answered together: the first to ask finds its
// list in gqlgen's field context (listOf) and reads the recipients of all the list's
// allocations, a statement per kind of recipient; the rest find theirs in the memo.
// A recipient the viewer may not read is not found, as it would be alone.
func (r *Resolver) recipient(ctx context.Context, a *ent.Allocation) (ent.Noder, error) {
	rs, siblings := &recipients{}, []*ent.Allocation{a}
	if l := loadersOf(ctx); l != nil {
		if list, all := listOf(ctx); list != nil {
			l.mu.Lock()
			if l.lists[list] == nil {
				if l.lists == nil {
					l.lists = map[*graphql.FieldContext]*recipients{}
				}
				l.lists[list] = &recipients{}
			}
			rs, siblings = l.lists[list], append(slices.Clip(all), a)
			l.mu.Unlock()
		}
	}
	rs.mu.Lock()
	defer rs.mu.Unlock()
	c := r.txClient(ctx)
	villages, institutions, enterprises := recipientIDs(siblings)
	switch {
	case a.VillageID != nil:
		return get(&rs.villages, *a.VillageID, villages, func(ids []int) ([]*ent.OrgUnit, error) {
			return c.OrgUnit.Query().Where(orgunit.IDIn(ids...)).All(ctx)
		}, func(o *ent.OrgUnit) int { return o.ID })
	case a.InstitutionID != nil:
		return get(&rs.institutions, *a.InstitutionID, institutions, func(ids []int) ([]*ent.Institution, error) {
			return c.Institution.Query().Where(institution.IDIn(ids...)).All(ctx)
		}, func(i *ent.Institution) int { return i.ID })
	case a.EnterpriseID != nil:
		return get(&rs.enterprises, *a.EnterpriseID, enterprises, func(ids []int) ([]*ent.Enterprise, error) {
			return c.Enterprise.Query().Where(enterprise.IDIn(ids...)).All(ctx)
		}, func(e *ent.Enterprise) int { return e.ID })
	}
	return nil, fmt.Errorf("allocation %d has no recipient", a.ID)
}

// recipientIDs sorts the recipients of allocations by kind.
func recipientIDs(allocations []*ent.Allocation) (villages, institutions, enterprises []int) {
	for _, a := range allocations {
		switch {
		case a == nil:
		case a.VillageID != nil:
			villages = append(villages, *a.VillageID)
		case a.InstitutionID != nil:
			institutions = append(institutions, *a.InstitutionID)
		case a.EnterpriseID != nil:
			enterprises = append(enterprises, *a.EnterpriseID)
		}
	}
	return villages, institutions, enterprises
}

// get returns the recipient id from m, first reading, when m has not read id, every one
// of siblings (the recipients of this kind in the list) that m has not read yet.
func get[T ent.Noder](m *memo[T], id int, siblings []int, read func([]int) ([]T, error), idOf func(T) int) (ent.Noder, error) {
	if !m.read[id] {
		var ids []int
		seen := map[int]bool{}
		for _, n := range siblings {
			if !m.read[n] && !seen[n] {
				ids, seen[n] = append(ids, n), true
			}
		}
		rows, err := read(ids)
		if err != nil {
			return nil, err
		}
		if m.read == nil {
			m.read, m.found = map[int]bool{}, map[int]T{}
		}
		for _, n := range ids {
			m.read[n] = true
		}
		for _, row := range rows {
			m.found[idOf(row)] = row
		}
	}
	row, ok := m.found[id]
	if !ok {
		return nil, &ent.NotFoundError{}
	}
	return row, nil
}

// listOf finds the list the field being resolved hangs under: the nearest field above
// it whose result is a list of allocations, of receipts or disputes (each with its
// allocation), or a connection's edges of them. It returns the list's field context,
// which names the list for the operation's memo, and the list's allocations; nil when
// the field is under no such list.
func listOf(ctx context.Context) (*graphql.FieldContext, []*ent.Allocation) {
	for fc := graphql.GetFieldContext(ctx); fc != nil; fc = fc.Parent {
		var all []*ent.Allocation
		switch rows := fc.Result.(type) {
		case []*ent.Allocation:
			all = rows
		case []*ent.AllocationEdge:
			for _, e := range rows {
				all = append(all, e.Node)
			}
		case []*ent.Receipt:
			for _, r := range rows {
				all = append(all, r.Edges.Allocation)
			}
		case []*ent.ReceiptEdge:
			for _, e := range rows {
				all = append(all, e.Node.Edges.Allocation)
			}
		case []*ent.Dispute:
			for _, d := range rows {
				all = append(all, d.Edges.Allocation)
			}
		case []*ent.DisputeEdge:
			for _, e := range rows {
				all = append(all, e.Node.Edges.Allocation)
			}
		default:
			continue
		}
		return fc, all
	}
	return nil, nil
}
