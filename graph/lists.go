package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

// marshalSliceInOrder marshals a list's elements one after another, where gqlgen's own
// MarshalSliceConcurrently starts a goroutine for each: graph/gen writes generated.go to
// call this instead. The elements' edges are loaded before (see graph/gen), so there is
// nothing to overlap, and a goroutine per element, each growing its stack through the
// executor's deep calls, costs more CPU than it saves (docs/bench/execution.md). As in
// gqlgen's, an element that panics is null and reports the panic as an error.
func marshalSliceInOrder(ctx context.Context, n int, marshal func(ctx context.Context, i int) graphql.Marshaler) graphql.Array {
	ret := make(graphql.Array, n)
	for i := range n {
		ctx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Index: &i})
		func() {
			defer func() {
				if r := recover(); r != nil {
					graphql.AddError(ctx, graphql.Recover(ctx, r))
					ret[i] = graphql.Null
				}
			}()
			ret[i] = marshal(ctx, i)
		}()
	}
	return ret
}
