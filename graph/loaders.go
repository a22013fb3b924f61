package graph

import (
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"

	"mzdesk/ent"
	"mzdesk/internal/ledger"
)

// Loaders gives each operation its own memo of small lookups that list fields repeat
// row after row — the donor's name on each donation — so a list costs one statement
// for them, not one per row.
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
	once   sync.Once
	donors map[int]string
	err    error
}

// donorName is the public name of a donor, read with every donor's name in one
// statement the first time an operation asks.
func (r *Resolver) donorName(ctx context.Context, id int) (string, error) {
	l, _ := ctx.Value(loadersKey{}).(*loaders)
	if l == nil {
		return ledger.DonorName(ctx, r.client, id)
	}
	l.once.Do(func() { l.donors, l.err = ledger.DonorNames(ctx, r.client) })
	if l.err != nil {
		return "", l.err
	}
	name, ok := l.donors[id]
	if !ok {
		return "", &ent.NotFoundError{}
	}
	return name, nil
}
