// Package schema declares mzdesk's entities. Generated code lives one folder up; the
// privacy policy of every entity lives in the policy*.go files, by domain.
package schema

import (
	"slices"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"

	"mzdesk/internal/quantity"
)

// timeType keeps microseconds and dates past 2038 on MySQL, where ent's default
// `timestamp` keeps neither.
var timeType = map[string]string{dialect.MySQL: "datetime(6)"}

// TimeMixin records when a row was created and last changed.
type TimeMixin struct{ mixin.Schema }

// Fields of the TimeMixin.
func (TimeMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Time("created_at").SchemaType(timeType).Default(time.Now).Immutable().
			Annotations(entgql.OrderField("CREATED_AT"), entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Time("updated_at").SchemaType(timeType).Default(time.Now).UpdateDefault(time.Now).
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// ExampleMixin marks rows whose names were invented for the demo, so that screens can show
// them as examples and nobody mistakes them for the report's facts.
type ExampleMixin struct{ mixin.Schema }

// Fields of the ExampleMixin.
func (ExampleMixin) Fields() []ent.Field {
	return []ent.Field{
		field.Bool("example").Default(false).
			Comment("true when the name was invented for the demo data"),
	}
}

// quantityGQL makes an exact-amount column a Quantity in GraphQL: a decimal string in
// the item's base unit (the column holds thousandths of it, see internal/quantity).
var quantityGQL = entgql.Type("Quantity")

// quantityType is the Go type of exact-amount columns.
var quantityType = quantity.Quantity(0)

// gqlDefaults are the GraphQL annotations of an entity listed in the API.
func gqlDefaults(mutations ...entgql.MutationOption) []schema.Annotation {
	a := []schema.Annotation{entgql.QueryField(), entgql.RelayConnection()}
	if len(mutations) > 0 {
		a = append(a, entgql.Mutations(mutations...))
	}
	return a
}

// FilterIn marks an edge whose foreign key is in this table so that its has<Edge>With
// filter is written as "key IN (SELECT id FROM …)" rather than ent's correlated EXISTS
// (ent/template/filterin.tmpl): a list filtered by a few rows at the edge's other end (a
// donation's allocations, a village's receipts) is then read from those rows through the
// key's index instead of by walking the whole table.
type FilterIn struct{ In bool }

// Name names the annotation for the templates.
func (FilterIn) Name() string { return "FilterIn" }

// filterIn is the annotation of an edge filtered with IN.
var filterIn = FilterIn{In: true}

// whereEdges offers a `has<Edge>` and `has<Edge>With` filter only on the edges named in
// keep. Such a filter tests rows of another entity inside a query the viewer's privacy
// bounds by the rows it returns, not by the rows it tests; each kept edge leads only to
// rows the viewer may read whenever it may read the row it starts from, and its
// `With` filter is bounded again by the edge's target's own scope (the @scope directive,
// see ScopeEdgeFilter).
func whereEdges(edges []ent.Edge, keep ...string) []ent.Edge {
	for _, e := range edges {
		// An edge declared with its inverse (edge.To(…).From(…)) carries both.
		for d := e.Descriptor(); d != nil; d = d.Ref {
			if !slices.Contains(keep, d.Name) {
				d.Annotations = append(d.Annotations, entgql.Skip(entgql.SkipWhereInput))
			}
		}
	}
	return edges
}
