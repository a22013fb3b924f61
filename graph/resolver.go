package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"mzdesk/ent"
	"mzdesk/internal/auth"
)

// Resolver is the root of the resolvers: what every resolver may reach.
type Resolver struct {
	client   *ent.Client
	accounts *auth.Accounts
	// certKey signs the check codes of donor certificates (printout.Key).
	certKey []byte
}

// NewSchema returns the executable schema over client.
func NewSchema(client *ent.Client, accounts *auth.Accounts, certKey []byte) graphql.ExecutableSchema {
	return NewExecutableSchema(Config{Resolvers: &Resolver{client: client, accounts: accounts, certKey: certKey}})
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
