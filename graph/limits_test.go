package graph

import (
	"context"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/lru"
)

// TestBoundsRemembered: a document within the bounds is remembered by its text and not
// parsed again; one past them is refused each time and never remembered.
func TestBoundsRemembered(t *testing.T) {
	l := DefaultLimits
	l.Bounded = lru.New[struct{}](10)
	ctx := context.Background()
	within := `{ viewer { id } }`
	past := "{" + strings.Repeat(" viewer { id }", l.MaxFields) + " }"
	for range 2 {
		if err := l.MutateOperationParameters(ctx, &graphql.RawParams{Query: within}); err != nil {
			t.Fatalf("within the bounds: %v", err)
		}
		if err := l.MutateOperationParameters(ctx, &graphql.RawParams{Query: past}); err == nil {
			t.Fatal("past the bounds: accepted")
		}
	}
	if _, ok := l.Bounded.Get(ctx, within); !ok {
		t.Error("the document within the bounds is not remembered")
	}
	if _, ok := l.Bounded.Get(ctx, past); ok {
		t.Error("the refused document is remembered")
	}
}
