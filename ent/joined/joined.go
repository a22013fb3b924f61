// Package joined tells a predicate whether it is being written into the ON clause of a
// to-one edge joined into its parent's statement (ent/template/toone.tmpl) or into a
// query's own WHERE. An edge filter written as IN (ent/template/filterin.tmpl) reads a
// list's rows from the few at the edge's other end, but in an ON clause the row is
// already chosen: there a probe of that one row (EXISTS) is cheaper than the whole set
// the IN would gather, once per statement.
package joined

import "context"

type onKey struct{}

// On marks ctx as the context of a join's ON clause.
func On(ctx context.Context) context.Context { return context.WithValue(ctx, onKey{}, true) }

// IsOn tells whether ctx is the context of a join's ON clause.
func IsOn(ctx context.Context) bool {
	on, _ := ctx.Value(onKey{}).(bool)
	return on
}
