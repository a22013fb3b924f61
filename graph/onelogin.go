package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// OneLogin allows one password check per request: it refuses, before any resolver runs,
// a document with more than one login field (aliases and fragments included, in any of
// its operations), and a login that shares its operation with other fields. Otherwise
// one request could try forty passwords, or hide a login inside a mutation whose
// transaction would roll back the count of its failure.
type OneLogin struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = OneLogin{}

// ExtensionName names the extension for gqlgen.
func (OneLogin) ExtensionName() string { return "OneLogin" }

// Validate checks nothing: the rule needs no schema support.
func (OneLogin) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext counts the document's logins.
func (OneLogin) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Doc == nil {
		return nil
	}
	logins := 0
	for _, op := range oc.Doc.Operations {
		if op.Operation != ast.Mutation {
			continue
		}
		fields := rootFields(op.SelectionSet, oc.Doc.Fragments, 0)
		n, others := 0, 0
		for _, f := range fields {
			switch f.Name {
			case "login":
				n++
			case "__typename":
			default:
				others++
			}
		}
		if n > 0 && others > 0 {
			return refuse("a login must be alone in its request")
		}
		logins += n
	}
	if logins > 1 {
		return refuse("one login per request")
	}
	return nil
}

// rootFields flattens a selection set's fragments into its fields.
func rootFields(set ast.SelectionSet, fragments ast.FragmentDefinitionList, depth int) []*ast.Field {
	if depth > 20 { // validation refuses fragment cycles; this only bounds the walk
		return nil
	}
	var out []*ast.Field
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			out = append(out, s)
		case *ast.InlineFragment:
			out = append(out, rootFields(s.SelectionSet, fragments, depth+1)...)
		case *ast.FragmentSpread:
			def := s.Definition
			if def == nil {
				def = fragments.ForName(s.Name)
			}
			if def != nil {
				out = append(out, rootFields(def.SelectionSet, fragments, depth+1)...)
			}
		}
	}
	return out
}
