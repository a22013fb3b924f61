package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// InspectionGroup is a supervision group (督导组) led by a bureau leader. The org units it
// covers are the scope of its inspectors.
type InspectionGroup struct{ ent.Schema }

// Mixin of the InspectionGroup.
func (InspectionGroup) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, ExampleMixin{}} }

// Fields of the InspectionGroup.
func (InspectionGroup) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(64).Validate(CheckName).Unique().
			Annotations(entgql.OrderField("NAME")),
		field.String("leader").NotEmpty().MaxLen(64).Validate(CheckName),
		field.Strings("member_names").Optional().Comment("the group's inspectors, as the bureau lists them"),
	}
}

// Edges of the InspectionGroup.
func (InspectionGroup) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{
		edge.To("covers", OrgUnit.Type),
		edge.To("members", User.Type),
		edge.To("inspections", Inspection.Type),
	})
}

// Annotations of the InspectionGroup.
func (InspectionGroup) Annotations() []schema.Annotation { return gqlDefaults() }
