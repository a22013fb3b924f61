package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// Donor gives goods through the charity office (慈善办).
type Donor struct{ ent.Schema }

// Mixin of the Donor.
func (Donor) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, ExampleMixin{}} }

// Fields of the Donor.
func (Donor) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(128).Validate(CheckName).
			Annotations(entgql.OrderField("NAME")),
		field.Enum("kind").Values("ENTERPRISE", "ORGANIZATION", "PERSON").Default("ENTERPRISE"),
		field.String("contact_name").MaxLen(64).Validate(CheckName).Optional(),
		field.String("contact_phone").MaxLen(32).Validate(CheckPhone).Optional(),
	}
}

// Edges of the Donor.
func (Donor) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{
		edge.To("donations", Donation.Type).Annotations(entgql.RelayConnection()),
	})
}

// Annotations of the Donor.
func (Donor) Annotations() []schema.Annotation {
	return gqlDefaults(entgql.MutationCreate())
}
