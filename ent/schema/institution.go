package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Institution is a service institution of the bureau (民政服务机构) under epidemic control.
type Institution struct{ ent.Schema }

// Mixin of the Institution.
func (Institution) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, ExampleMixin{}} }

// Fields of the Institution.
func (Institution) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(128).Validate(CheckName).
			Annotations(entgql.OrderField("NAME")),
		field.Enum("kind").
			Values("ELDERLY_CARE", "CHILD_WELFARE", "RELIEF_STATION", "FUNERAL", "MENTAL_HEALTH", "REHABILITATION").
			Annotations(entgql.OrderField("KIND")),
		field.Int("org_unit_id"),
		field.Int("capacity").NonNegative().Max(MaxCount).Default(0),
		field.Int("residents").NonNegative().Max(MaxCount).Default(0),
		field.Int("staff_count").NonNegative().Max(MaxCount).Default(0),
		field.String("contact_name").MaxLen(64).Validate(CheckName).Optional(),
		field.String("contact_phone").MaxLen(32).Validate(CheckPhone).Optional(),
		field.Time("closed_since").SchemaType(timeType).Optional().Nillable().
			Comment("start of closed management (封闭管理)"),
		field.Bool("visits_suspended").Default(false),
		field.Bool("safety_line").Default(false).
			Comment("deliveries are left at a safety line and carried in by staff"),
	}
}

// Edges of the Institution.
func (Institution) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{
		edge.From("org_unit", OrgUnit.Type).Ref("institutions").Field("org_unit_id").Unique().Required(),
		edge.To("allocations", Allocation.Type).Annotations(entgql.RelayConnection()),
		edge.To("reports", ControlReport.Type).Annotations(entgql.RelayConnection()),
		edge.To("inspections", Inspection.Type).Annotations(entgql.RelayConnection()),
		edge.To("problems", Problem.Type).Annotations(entgql.RelayConnection()),
	})
}

// Indexes of the Institution.
func (Institution) Indexes() []ent.Index {
	return []ent.Index{index.Fields("org_unit_id", "kind")}
}

// Annotations of the Institution.
func (Institution) Annotations() []schema.Annotation {
	return gqlDefaults(entgql.MutationCreate(), entgql.MutationUpdate())
}

// Hooks of the Institution: its dates lie between Earliest and a year from now (CheckDate).
func (Institution) Hooks() []ent.Hook { return []ent.Hook{datesIn("closed_since")} }
