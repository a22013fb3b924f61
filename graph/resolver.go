package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"mzdesk/ent"
	"mzdesk/ent/schema"
	"mzdesk/internal/audit"
	"mzdesk/internal/auth"
)

// Resolver is the root of the resolvers: what every resolver may reach.
type Resolver struct {
	client   *ent.Client
	accounts *auth.Accounts
	// certKey signs the check codes of donor certificates (printout.Key).
	certKey []byte
	// watch is the background check of the audit chain.
	watch *audit.Watch
}

// NewSchema returns the executable schema over client.
func NewSchema(client *ent.Client, accounts *auth.Accounts, certKey []byte, watch *audit.Watch) graphql.ExecutableSchema {
	return NewExecutableSchema(Config{
		Resolvers:  &Resolver{client: client, accounts: accounts, certKey: certKey, watch: watch},
		Directives: DirectiveRoot{Scope: scopeDirective},
	})
}

// scopeDirective bounds the rows an edge filter tests by the viewer's scope of them
// (schema.ScopeEdgeFilter). It runs wherever gqlgen reads a where input: a connection's
// arguments, and the nested connections entgql loads with their parent.
func scopeDirective(ctx context.Context, _ any, next graphql.Resolver) (any, error) {
	f, err := next(ctx)
	if err != nil {
		return nil, err
	}
	return f, schema.ScopeEdgeFilter(ctx, f)
}

// txClient is the client of the running mutation's transaction (entgql.Transactioner
// opens one per mutation), or the plain client outside one. A mutation's field
// resolvers read through it too: the rows the mutation wrote are visible only inside
// its transaction, and a read beside it would hold a second pool connection.
func (r *Resolver) txClient(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return r.client
}
