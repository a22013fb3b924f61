package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// OrgUnit is an administrative unit (行政区划): city → county/district → town/street →
// village/community. Path holds the codes from the city down ("430700/430702/…/") so that
// "this unit and everything below it" is one prefix match, the shape of every scope rule.
type OrgUnit struct{ ent.Schema }

// Mixin of the OrgUnit.
func (OrgUnit) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, ExampleMixin{}} }

// Fields of the OrgUnit.
func (OrgUnit) Fields() []ent.Field {
	return []ent.Field{
		field.String("code").NotEmpty().MaxLen(20).Unique().
			Annotations(entgql.OrderField("CODE")),
		field.String("name").NotEmpty().MaxLen(64).Validate(CheckName).
			Annotations(entgql.OrderField("NAME")),
		field.Enum("level").Values("CITY", "COUNTY", "TOWN", "VILLAGE").
			Annotations(entgql.OrderField("LEVEL")),
		field.String("path").NotEmpty().MaxLen(255).
			Comment("codes from the city down, each followed by a slash").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Int("population").Optional().Nillable().NonNegative(),
		field.Int("households").Optional().Nillable().NonNegative(),
		field.Int("parent_id").Optional().Nillable(),
	}
}

// Edges of the OrgUnit.
func (OrgUnit) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{
		edge.To("children", OrgUnit.Type).
			Annotations(entgql.RelayConnection()).
			From("parent").Field("parent_id").Unique(),
		edge.To("institutions", Institution.Type).Annotations(entgql.RelayConnection()),
		edge.To("allocations", Allocation.Type).Annotations(entgql.RelayConnection()),
	})
}

// Indexes of the OrgUnit: the units of a level (the counties, a county's villages) in
// the order of their codes, as the lists show them.
func (OrgUnit) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("level", "code"),
		index.Fields("path"),
		index.Fields("parent_id", "name"),
	}
}

// Annotations of the OrgUnit.
func (OrgUnit) Annotations() []schema.Annotation {
	return gqlDefaults()
}
