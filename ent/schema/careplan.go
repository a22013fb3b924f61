package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// CarePlan says how often a staff member is to be contacted: staff sent to Hubei got a
// call every 7 days.
type CarePlan struct{ ent.Schema }

// Mixin of the CarePlan.
func (CarePlan) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the CarePlan.
func (CarePlan) Fields() []ent.Field {
	return []ent.Field{
		field.Int("staff_id").Unique(),
		field.Int("interval_days").Positive().Max(365),
		field.String("reason").MaxLen(200).Validate(CheckText).Optional(),
	}
}

// Edges of the CarePlan.
func (CarePlan) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{
		edge.From("staff", Staff.Type).Ref("care_plan").Field("staff_id").Unique().Required(),
	})
}

// Annotations of the CarePlan.
func (CarePlan) Annotations() []schema.Annotation { return gqlDefaults() }
