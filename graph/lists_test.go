package graph

import (
	"context"
	"errors"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

// TestListInOrderKeepsItsPlaces marshals a list whose second element panics: the others
// keep their places, each knows its index, and the panic is an error, not a crash.
func TestListInOrderKeepsItsPlaces(t *testing.T) {
	ctx := graphql.WithResponseContext(context.Background(), graphql.DefaultErrorPresenter, func(context.Context, any) error {
		return errors.New("internal error")
	})
	ctx = graphql.WithFieldContext(ctx, &graphql.FieldContext{})
	got := marshalSliceInOrder(ctx, 3, func(ctx context.Context, i int) graphql.Marshaler {
		if *graphql.GetFieldContext(ctx).Index != i {
			t.Errorf("element %d sees index %d", i, *graphql.GetFieldContext(ctx).Index)
		}
		if i == 1 {
			panic("a resolver bug")
		}
		return graphql.MarshalInt(i)
	})
	if len(got) != 3 || got[1] != graphql.Null || got[0] == graphql.Null || got[2] == graphql.Null {
		t.Fatalf("marshalled %v", got)
	}
	if errs := graphql.GetErrors(ctx); len(errs) != 1 {
		t.Errorf("%d errors, want the panic's one", len(errs))
	}
}
