package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// Limits refuses operations that would cost the server far more than any screen needs,
// before a resolver runs: too deep, too costly, or asking for too many rows at once.
// Cost counts each field once, times the page size of every connection above it (first
// or last), times listed for lists without paging; aliases and fragments count as often
// as they are used, so alias floods and fragment fan-out add up.
//
// The document itself is bounded first, before gqlgen validates it: validation compares
// fields that share a response name pairwise, so its cost grows with the square of a
// document of repeated fields. MaxTokens caps what the parser reads; MaxFields and
// MaxAliases cap the fields (each counted where it is written) and the aliases.
type Limits struct {
	MaxDepth int
	MaxCost  int
	MaxPage  int
	// Listed is the size assumed for lists that have no page size.
	Listed int

	MaxTokens  int
	MaxFields  int
	MaxAliases int

	// MaxList caps every list an argument carries, at any depth of its input objects
	// (codeIn, idIn, and/or, nodes' ids): 60,000 values made SQLite refuse the statement
	// ("too many SQL variables") and cost MySQL a plan over a huge IN list.
	MaxList int

	// Bounded remembers the texts of documents found within the bounds: the screens send
	// the same few documents again and again, and parsing each again only to count its
	// fields cost about 2% of the server's time on a village's list. Nil remembers none.
	Bounded graphql.Cache[struct{}]
}

// DefaultLimits leave the SPA's largest screen (a donation's allocations, dispatched a
// thousand at a time) a wide margin; its largest document has about 120 tokens.
var DefaultLimits = Limits{MaxDepth: 12, MaxCost: 200_000, MaxPage: 1000, Listed: 20,
	MaxTokens: 5000, MaxFields: 500, MaxAliases: 100, MaxList: 1000, Bounded: lru.New[struct{}](1000)}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
	graphql.OperationContextMutator
} = Limits{}

// ExtensionName names the extension for gqlgen.
func (Limits) ExtensionName() string { return "Limits" }

// Validate checks nothing: the limits need no schema support.
func (Limits) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationParameters refuses a document with more tokens, fields or aliases than
// the limits, before gqlgen validates it. It runs after the persisted-query extension
// has put the document in place.
func (l Limits) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	if l.Bounded != nil {
		if _, ok := l.Bounded.Get(ctx, params.Query); ok {
			return nil
		}
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: params.Query}, l.MaxTokens)
	if err != nil {
		if e, ok := err.(*gqlerror.Error); ok {
			errcode.Set(e, errcode.ParseFailed)
			return e
		}
		return refuse(err.Error())
	}
	c := counter{}
	for _, op := range doc.Operations {
		c.count(op.SelectionSet)
	}
	for _, f := range doc.Fragments {
		c.count(f.SelectionSet)
	}
	switch {
	case c.fields > l.MaxFields:
		return refuse(fmt.Sprintf("the document has more than %d fields", l.MaxFields))
	case c.aliases > l.MaxAliases:
		return refuse(fmt.Sprintf("the document has more than %d aliases", l.MaxAliases))
	}
	if l.Bounded != nil {
		l.Bounded.Add(ctx, params.Query, struct{}{})
	}
	return nil
}

// counter counts the fields and aliases written in a document.
type counter struct{ fields, aliases int }

func (c *counter) count(set ast.SelectionSet) {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			c.fields++
			if s.Alias != "" && s.Alias != s.Name {
				c.aliases++
			}
			c.count(s.SelectionSet)
		case *ast.InlineFragment:
			c.count(s.SelectionSet)
		}
	}
}

// MutateOperationContext measures the operation and refuses it when over a limit.
func (l Limits) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	m := measure{limits: l, oc: oc}
	cost, err := m.selection(oc.Operation.SelectionSet, 1, 1)
	switch {
	case err != nil:
		return refuse(err.Error())
	case cost > l.MaxCost:
		return refuse(fmt.Sprintf("the query would cost %d, more than %d: ask for fewer rows or fields", cost, l.MaxCost))
	}
	return nil
}

// refuse words a document the limits turn away. It is a request error, as one that
// fails validation is (400 for application/graphql-response+json); the error presenter
// codes it BAD_USER_INPUT.
func refuse(msg string) *gqlerror.Error {
	e := &gqlerror.Error{Message: msg}
	errcode.Set(e, errcode.ValidationFailed)
	return e
}

type measure struct {
	limits Limits
	oc     *graphql.OperationContext
}

func (m *measure) selection(set ast.SelectionSet, depth, multiplier int) (int, error) {
	if depth > m.limits.MaxDepth {
		return 0, fmt.Errorf("the query is nested more than %d levels deep", m.limits.MaxDepth)
	}
	cost := 0
	for _, sel := range set {
		var (
			c   int
			err error
		)
		switch s := sel.(type) {
		case *ast.Field:
			c, err = m.field(s, depth, multiplier)
		case *ast.InlineFragment:
			c, err = m.selection(s.SelectionSet, depth, multiplier)
		case *ast.FragmentSpread:
			if f := m.oc.Doc.Fragments.ForName(s.Name); f != nil {
				c, err = m.selection(f.SelectionSet, depth, multiplier)
			}
		}
		if err != nil {
			return 0, err
		}
		cost += c
		if cost > m.limits.MaxCost {
			return cost, nil // already over: no need to walk the rest
		}
	}
	return cost, nil
}

func (m *measure) field(f *ast.Field, depth, multiplier int) (int, error) {
	page := 0
	args := f.ArgumentMap(m.oc.Variables)
	if err := m.arguments(f, args); err != nil {
		return 0, err
	}
	for _, name := range []string{"first", "last"} {
		if n, ok := toInt(args[name]); ok {
			if n < 0 {
				return 0, fmt.Errorf("%s: %s may not be negative", f.Alias, name)
			}
			if n > m.limits.MaxPage {
				return 0, fmt.Errorf("%s: %s may be at most %d", f.Alias, name, m.limits.MaxPage)
			}
			page = max(page, n)
		}
	}
	switch {
	case page > 0:
		multiplier *= page
	case f.Name == "edges" || f.Name == "nodes" || len(f.SelectionSet) == 0:
		// a connection's page is counted on the connection; scalars cost one each
	case f.Definition != nil && f.Definition.Type.Elem != nil:
		multiplier *= m.limits.Listed
	case f.Definition != nil && strings.HasSuffix(f.Definition.Type.NamedType, "Connection") && selects(f, "edges"):
		// Rows of a connection come a page at a time: without a page size a table of a
		// million allocations would come whole.
		return 0, fmt.Errorf("%s: give first or last (at most %d)", f.Alias, m.limits.MaxPage)
	}
	if multiplier > m.limits.MaxCost {
		multiplier = m.limits.MaxCost + 1
	}
	children, err := m.selection(f.SelectionSet, depth+1, multiplier)
	return multiplier + children, err
}

func toInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(min(n, 1<<31)), true
	case float64:
		return int(min(n, 1<<31)), true
	case json.Number:
		i, err := n.Int64()
		return int(min(i, 1<<31)), err == nil
	}
	return 0, false
}

func selects(f *ast.Field, name string) bool {
	for _, sel := range f.SelectionSet {
		if c, ok := sel.(*ast.Field); ok && c.Name == name {
			return true
		}
	}
	return false
}

// NoIntrospection refuses an operation that asks for __schema or __type, where
// introspection is off (production): a request error coded BAD_USER_INPUT before
// anything runs, rather than the executor's error in the middle of an answer.
type NoIntrospection struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = NoIntrospection{}

// ExtensionName names the extension for gqlgen.
func (NoIntrospection) ExtensionName() string { return "NoIntrospection" }

// Validate checks nothing.
func (NoIntrospection) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext refuses the operation when it introspects.
func (NoIntrospection) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation != nil && introspects(oc.Doc, oc.Operation.SelectionSet, map[string]bool{}) {
		return refuse("introspection is off on this server")
	}
	return nil
}

// introspects says whether a selection set asks, at its own level, for __schema or
// __type, the two introspection fields of the query root.
func introspects(doc *ast.QueryDocument, set ast.SelectionSet, seen map[string]bool) bool {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name == "__schema" || s.Name == "__type" {
				return true
			}
		case *ast.InlineFragment:
			if introspects(doc, s.SelectionSet, seen) {
				return true
			}
		case *ast.FragmentSpread:
			if f := doc.Fragments.ForName(s.Name); f != nil && !seen[s.Name] {
				seen[s.Name] = true
				if introspects(doc, f.SelectionSet, seen) {
					return true
				}
			}
		}
	}
	return false
}

// maxStaleHours bounds donationProgress(staleAfterHours:): a year of waiting is the most
// any screen asks about.
const maxStaleHours = 24 * 366
