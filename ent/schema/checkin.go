package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// CheckIn is a visit or call to a person in one-to-one care.
type CheckIn struct{ ent.Schema }

// Fields of the CheckIn.
func (CheckIn) Fields() []ent.Field {
	return []ent.Field{
		field.Int("assignment_id"),
		field.Time("at").SchemaType(timeType).Annotations(entgql.OrderField("AT")),
		field.String("note").MaxLen(500).Validate(CheckText).Optional(),
		field.Int("recorded_by_id"),
	}
}

// Edges of the CheckIn.
func (CheckIn) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{
		edge.From("assignment", CareAssignment.Type).Ref("check_ins").Field("assignment_id").Unique().Required(),
	})
}

// Indexes of the CheckIn.
func (CheckIn) Indexes() []ent.Index {
	return []ent.Index{index.Fields("assignment_id", "at")}
}

// Annotations of the CheckIn.
func (CheckIn) Annotations() []schema.Annotation { return gqlDefaults() }

// Hooks of the CheckIn: its dates lie between Earliest and a year from now (CheckDate).
func (CheckIn) Hooks() []ent.Hook { return []ent.Hook{datesIn("at")} }
