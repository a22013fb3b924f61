package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// Enterprise is a business restarting work (复工企业) paired with a liaison officer from
// the county bureau, and a recipient of donated supplies.
type Enterprise struct{ ent.Schema }

// Mixin of the Enterprise.
func (Enterprise) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, ExampleMixin{}} }

// Fields of the Enterprise.
func (Enterprise) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(128).Validate(CheckName).
			Annotations(entgql.OrderField("NAME")),
		field.Int("org_unit_id"),
		field.String("contact_name").MaxLen(64).Validate(CheckName).Optional(),
		field.String("contact_phone").MaxLen(32).Validate(CheckPhone).Optional(),
		field.Time("restart_on").SchemaType(timeType).Optional().Nillable(),
		field.Int("liaison_id").Optional().Nillable(),
	}
}

// Edges of the Enterprise.
func (Enterprise) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{
		edge.To("org_unit", OrgUnit.Type).Field("org_unit_id").Unique().Required(),
		edge.To("liaison", Staff.Type).Field("liaison_id").Unique(),
		edge.To("allocations", Allocation.Type).Annotations(entgql.RelayConnection()),
		edge.To("visits", EnterpriseVisit.Type).Annotations(entgql.RelayConnection()),
	})
}

// Annotations of the Enterprise.
func (Enterprise) Annotations() []schema.Annotation {
	return gqlDefaults()
}

// Hooks of the Enterprise: its dates lie between Earliest and a year from now (CheckDate).
func (Enterprise) Hooks() []ent.Hook { return []ent.Hook{datesIn("restart_on")} }
