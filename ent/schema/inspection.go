package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Inspection is a supervision group's visit to an institution, often unannounced
// (四不两直), with the checklist the report names and what was found and handed over.
type Inspection struct{ ent.Schema }

// Mixin of the Inspection.
func (Inspection) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Inspection.
func (Inspection) Fields() []ent.Field {
	return []ent.Field{
		field.Int("institution_id").Immutable(),
		field.Int("group_id").Immutable(),
		field.Int("inspector_id").Immutable(),
		field.String("day").NotEmpty().MaxLen(10).Validate(CheckDay).Immutable().Annotations(entgql.OrderField("DAY")),
		field.Bool("unannounced").Default(true),
		field.Int("disinfections_per_day").NonNegative().Max(1000).Comment("as found: how often they disinfect"),
		field.Int("temperature_checks_per_day").NonNegative().Max(1000),
		field.Bool("supplies_purchasing_ok").Comment("how they buy supplies works"),
		field.Bool("visits_suspended"),
		field.Bool("safety_line"),
		field.Bool("returnee_isolation_ok"),
		field.Text("findings").Validate(CheckLongText).Optional(),
		field.String("supplies_handed_over").MaxLen(500).Validate(CheckText).Optional(),
	}
}

// Edges of the Inspection.
func (Inspection) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{
		edge.From("institution", Institution.Type).Ref("inspections").Field("institution_id").Unique().Required().Immutable(),
		edge.From("group", InspectionGroup.Type).Ref("inspections").Field("group_id").Unique().Required().Immutable(),
		edge.To("problems", Problem.Type),
	})
}

// Indexes of the Inspection: an institution's visits, a group's week, the bureau's weeks.
func (Inspection) Indexes() []ent.Index {
	return []ent.Index{index.Fields("institution_id", "day"), index.Fields("group_id", "day"), index.Fields("day")}
}

// Annotations of the Inspection.
func (Inspection) Annotations() []schema.Annotation { return gqlDefaults() }
