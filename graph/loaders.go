package graph

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"mzdesk/ent"
	"mzdesk/ent/enterprise"
	"mzdesk/ent/institution"
	"mzdesk/ent/orgunit"
)

// Loaders gives each operation its own memo of the lookups that list fields repeat row
// after row and ent's eager loading cannot make: an allocation's recipient, which is
// whichever of three edges is set. As the operation reads allocations, Noting writes down
// the ids they refer to; the first field that asks for one loads them all, so a list
// costs a statement per kind, not one per row.
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
	villages     batch[*ent.OrgUnit]
	institutions batch[*ent.Institution]
	enterprises  batch[*ent.Enterprise]
	// viewer is the account asking: an operation of a thousand aliases of viewer reads
	// it once.
	viewer batch[*ent.User]
}

func loadersOf(ctx context.Context) *loaders {
	l, _ := ctx.Value(loadersKey{}).(*loaders)
	return l
}

// Noting is the interceptor that feeds each operation's memos: the recipients of the
// allocations it reads. internal/app installs it.
func Noting() ent.Interceptor {
	return ent.InterceptFunc(func(next ent.Querier) ent.Querier {
		return ent.QuerierFunc(func(ctx context.Context, q ent.Query) (ent.Value, error) {
			v, err := next.Query(ctx, q)
			l := loadersOf(ctx)
			if err != nil || l == nil {
				return v, err
			}
			// Allocations read as the to-one edge of receipts and disputes come in the
			// same statement as them (ent/template/toone.tmpl), not through a query of
			// their own, so they are noted from their parents.
			switch rows := v.(type) {
			case []*ent.Allocation:
				for _, a := range rows {
					l.note(a)
				}
			case []*ent.Receipt:
				for _, r := range rows {
					l.note(r.Edges.Allocation)
				}
			case []*ent.Dispute:
				for _, d := range rows {
					l.note(d.Edges.Allocation)
				}
			}
			return v, err
		})
	})
}

// note writes down the recipient of a, when a was read.
func (l *loaders) note(a *ent.Allocation) {
	switch {
	case a == nil:
	case a.VillageID != nil:
		l.villages.note(*a.VillageID)
	case a.InstitutionID != nil:
		l.institutions.note(*a.InstitutionID)
	case a.EnterpriseID != nil:
		l.enterprises.note(*a.EnterpriseID)
	}
}

// batch is one memo: the ids noted, those asked for, and the rows found.
type batch[T any] struct {
	mu     sync.Mutex
	noted  map[int]bool
	asked  map[int]bool
	loaded map[int]T
}

func (b *batch[T]) note(id int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.asked[id] {
		if b.noted == nil {
			b.noted = map[int]bool{}
		}
		b.noted[id] = true
	}
}

// get returns id's row, loading it with every id noted and not yet asked for. An id the
// viewer may not read is not found, as it would be alone.
func (b *batch[T]) get(ctx context.Context, id int, load func(ctx context.Context, ids []int) (map[int]T, error)) (T, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	var zero T
	if !b.asked[id] {
		ids := []int{id}
		for n := range b.noted {
			if n != id {
				ids = append(ids, n)
			}
		}
		slices.Sort(ids)
		rows, err := load(ctx, ids)
		if err != nil {
			return zero, err
		}
		if b.asked == nil {
			b.asked, b.loaded = map[int]bool{}, map[int]T{}
		}
		for _, n := range ids {
			b.asked[n] = true
		}
		maps.Copy(b.loaded, rows)
		b.noted = nil
	}
	row, ok := b.loaded[id]
	if !ok {
		return zero, &ent.NotFoundError{}
	}
	return row, nil
}

// byID indexes rows by their id.
func byID[T any](rows []T, id func(T) int) map[int]T {
	m := make(map[int]T, len(rows))
	for _, r := range rows {
		m[id(r)] = r
	}
	return m
}

// recipient is an allocation's recipient, read together with the other recipients of
// the allocations the operation has read.
func (r *Resolver) recipient(ctx context.Context, a *ent.Allocation) (ent.Noder, error) {
	l := loadersOf(ctx)
	if l == nil {
		l = &loaders{} // outside an operation: a batch of one
	}
	switch {
	case a.VillageID != nil:
		return noder(l.villages.get(ctx, *a.VillageID, func(ctx context.Context, ids []int) (map[int]*ent.OrgUnit, error) {
			rows, err := r.txClient(ctx).OrgUnit.Query().Where(orgunit.IDIn(ids...)).All(ctx)
			return byID(rows, func(o *ent.OrgUnit) int { return o.ID }), err
		}))
	case a.InstitutionID != nil:
		return noder(l.institutions.get(ctx, *a.InstitutionID, func(ctx context.Context, ids []int) (map[int]*ent.Institution, error) {
			rows, err := r.txClient(ctx).Institution.Query().Where(institution.IDIn(ids...)).All(ctx)
			return byID(rows, func(i *ent.Institution) int { return i.ID }), err
		}))
	case a.EnterpriseID != nil:
		return noder(l.enterprises.get(ctx, *a.EnterpriseID, func(ctx context.Context, ids []int) (map[int]*ent.Enterprise, error) {
			rows, err := r.txClient(ctx).Enterprise.Query().Where(enterprise.IDIn(ids...)).All(ctx)
			return byID(rows, func(e *ent.Enterprise) int { return e.ID }), err
		}))
	}
	return nil, fmt.Errorf("allocation %d has no recipient", a.ID)
}

func noder[T ent.Noder](row T, err error) (ent.Noder, error) {
	if err != nil {
		return nil, err
	}
	return row, nil
}

// ForgetLoaded empties the operation's memos. A mutation run again after its transaction
// lost a conflict (internal/app's retry) must not see rows remembered from the attempt
// that was rolled back.
func ForgetLoaded(ctx context.Context) {
	if l := loadersOf(ctx); l != nil {
		*l = loaders{}
	}
}
