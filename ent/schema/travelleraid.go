package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// TravellerAid counts stranded travellers helped by temporary assistance — migrant
// workers stuck on the way, many from Hubei — without names: how many, how helped, where.
type TravellerAid struct{ ent.Schema }

// Mixin of the TravellerAid.
func (TravellerAid) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the TravellerAid.
func (TravellerAid) Fields() []ent.Field {
	return []ent.Field{
		field.Int("county_id"),
		field.String("day").NotEmpty().MaxLen(10).Validate(CheckDay).Annotations(entgql.OrderField("DAY")),
		field.Int("travellers").Positive().Max(MaxCount),
		field.Int("from_hubei").NonNegative().Max(MaxCount).Default(0),
		field.Strings("help").Comment("LODGING, MEALS, COUNSELLING, TRAVEL"),
		field.String("note").MaxLen(300).Validate(CheckText).Optional(),
	}
}

// Edges of the TravellerAid.
func (TravellerAid) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{edge.To("county", OrgUnit.Type).Field("county_id").Unique().Required()})
}

// Annotations of the TravellerAid.
func (TravellerAid) Annotations() []schema.Annotation {
	return gqlDefaults(entgql.MutationCreate())
}
