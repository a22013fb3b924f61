package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Problem is something an inspection found that must be put right: assigned, given a
// deadline, and followed OPEN → IN_PROGRESS → RESOLVED with a note.
type Problem struct{ ent.Schema }

// Mixin of the Problem.
func (Problem) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Problem.
func (Problem) Fields() []ent.Field {
	return []ent.Field{
		field.Int("inspection_id").Immutable(),
		field.Int("institution_id").Immutable().Comment("copied from the inspection, for scope and lists"),
		field.String("description").NotEmpty().MaxLen(500).Validate(CheckText),
		field.Enum("severity").Values("LOW", "MEDIUM", "HIGH").Annotations(entgql.OrderField("SEVERITY")),
		field.String("assignee").NotEmpty().MaxLen(64).Validate(CheckName).Comment("who puts it right"),
		field.String("deadline").NotEmpty().MaxLen(10).Annotations(entgql.OrderField("DEADLINE")),
		field.Enum("status").Values("OPEN", "IN_PROGRESS", "RESOLVED").Default("OPEN").
			Annotations(entgql.OrderField("STATUS")),
		field.String("resolution").MaxLen(500).Validate(CheckText).Optional(),
		field.String("resolved_on").MaxLen(10).Optional(),
	}
}

// Edges of the Problem.
func (Problem) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{
		edge.From("inspection", Inspection.Type).Ref("problems").Field("inspection_id").Unique().Required().Immutable(),
		edge.From("institution", Institution.Type).Ref("problems").Field("institution_id").Unique().Required().Immutable(),
	})
}

// Indexes of the Problem: open and overdue lists.
func (Problem) Indexes() []ent.Index {
	return []ent.Index{index.Fields("status", "deadline"), index.Fields("institution_id", "status"), index.Fields("inspection_id")}
}

// Annotations of the Problem.
func (Problem) Annotations() []schema.Annotation { return gqlDefaults() }
