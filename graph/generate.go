// Package graph is mzdesk's GraphQL API: the schema (*.graphql, ent.graphql written by
// entc), the resolvers, and the error presenter that gives every error its code.
package graph

//go:generate sh -c "cd .. && go run ./graph/gen"
