package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"mzdesk/internal/returnee"
)

// ControlReport is an institution's daily epidemic-control report (防控日报): one per
// institution per day; filing again the same day revises it and keeps the earlier
// version as a ReportRevision.
type ControlReport struct{ ent.Schema }

// Mixin of the ControlReport.
func (ControlReport) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the ControlReport.
func (ControlReport) Fields() []ent.Field {
	return []ent.Field{
		field.Int("institution_id").Immutable(),
		field.String("day").NotEmpty().MaxLen(10).Immutable().
			Comment("the report's date, YYYY-MM-DD in China time").
			Annotations(entgql.OrderField("DAY")),
		field.Int("full_disinfections").NonNegative().Comment("whole-site disinfections; the rule is at least 2"),
		field.Int("room_disinfections").NonNegative().Comment("residents' and staff rooms; at least 1"),
		field.Int("public_disinfections").NonNegative().Comment("public areas; at least 1"),
		field.Int("temperature_checks").NonNegative(),
		field.Int("abnormal_temperatures").NonNegative(),
		field.JSON("returnees", []returnee.Returnee{}).Optional(),
		field.Int("masks_in_stock").NonNegative().Default(0),
		field.Int64("disinfectant_in_stock").GoType(quantityType).Default(0).
			Comment("kg").Annotations(quantityGQL),
		field.Int("thermometers").NonNegative().Default(0),
		field.Bool("compliant").Comment("computed by the server from the counts"),
		field.Strings("problems").Optional().Comment("why the report is not compliant"),
		field.Int("revision").Default(1),
		field.Int("filed_by_id"),
	}
}

// Edges of the ControlReport.
func (ControlReport) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{
		edge.From("institution", Institution.Type).Ref("reports").Field("institution_id").Unique().Required().Immutable(),
		edge.To("revisions", ReportRevision.Type),
	})
}

// Indexes of the ControlReport: one a day per institution, and the day's list.
func (ControlReport) Indexes() []ent.Index {
	return []ent.Index{index.Fields("institution_id", "day").Unique(), index.Fields("day", "compliant")}
}

// Annotations of the ControlReport.
func (ControlReport) Annotations() []schema.Annotation { return gqlDefaults() }
