package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// DutyShift is a staff member's turn of community duty (社区执勤): at a village or
// community, on a day, for a span of hours, doing one task.
type DutyShift struct{ ent.Schema }

// Mixin of the DutyShift.
func (DutyShift) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the DutyShift.
func (DutyShift) Fields() []ent.Field {
	return []ent.Field{
		field.Int("staff_id"),
		field.Int("community_id"),
		field.String("day").NotEmpty().MaxLen(10).Validate(CheckDay).Annotations(entgql.OrderField("DAY")),
		field.String("starts").NotEmpty().MaxLen(5).Comment("HH:MM"),
		field.String("ends").NotEmpty().MaxLen(5).Comment("HH:MM"),
		field.Enum("task").Values("TEMPERATURE_CHECK", "PASS_CHECK", "PATROL", "PUBLICITY"),
	}
}

// Edges of the DutyShift.
func (DutyShift) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{
		edge.From("staff", Staff.Type).Ref("shifts").Field("staff_id").Unique().Required(),
		edge.To("community", OrgUnit.Type).Field("community_id").Unique().Required(),
	})
}

// Indexes of the DutyShift: the roster by day and community.
func (DutyShift) Indexes() []ent.Index {
	return []ent.Index{index.Fields("day", "community_id"), index.Fields("staff_id", "day")}
}

// Annotations of the DutyShift.
func (DutyShift) Annotations() []schema.Annotation { return gqlDefaults() }
