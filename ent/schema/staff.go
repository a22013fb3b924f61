package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Staff is a cadre or employee of the bureau (干部职工), with the flags the care officer and
// the duty roster filter by.
type Staff struct{ ent.Schema }

// Mixin of the Staff.
func (Staff) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, ExampleMixin{}} }

// Fields of the Staff.
func (Staff) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(64).Validate(CheckName).
			Annotations(entgql.OrderField("NAME")),
		field.Int("org_unit_id"),
		field.String("position").MaxLen(64).Validate(CheckName).Optional(),
		field.String("phone").MaxLen(32).Validate(CheckPhone).Optional(),
		field.Bool("frontline").Default(false),
		field.Bool("sent_to_hubei").Default(false).Comment("援鄂"),
		field.Bool("community_duty").Default(false),
		field.Bool("retiring_soon").Default(false),
	}
}

// Edges of the Staff.
func (Staff) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{
		edge.To("org_unit", OrgUnit.Type).Field("org_unit_id").Unique().Required(),
		// No where-filter through care records: a filter on their notes would tell
		// someone who may not read them which staff have them.
		edge.To("care_records", CareRecord.Type).Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipWhereInput)),
		edge.To("care_plan", CarePlan.Type).Unique(),
		edge.To("shifts", DutyShift.Type),
	})
}

// Indexes of the Staff.
func (Staff) Indexes() []ent.Index {
	return []ent.Index{index.Fields("org_unit_id", "name")}
}

// Annotations of the Staff.
func (Staff) Annotations() []schema.Annotation {
	return gqlDefaults(entgql.MutationCreate(), entgql.MutationUpdate())
}
