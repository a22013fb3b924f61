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
		field.String("name").NotEmpty().MaxLen(64).
			Annotations(entgql.OrderField("NAME")),
		field.Int("org_unit_id"),
		field.String("position").MaxLen(64).Optional(),
		field.String("phone").MaxLen(32).Optional(),
		field.Bool("frontline").Default(false),
		field.Bool("sent_to_hubei").Default(false).Comment("援鄂"),
		field.Bool("community_duty").Default(false),
		field.Bool("retiring_soon").Default(false),
	}
}

// Edges of the Staff.
func (Staff) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("org_unit", OrgUnit.Type).Field("org_unit_id").Unique().Required(),
		edge.To("care_records", CareRecord.Type).Annotations(entgql.RelayConnection()),
	}
}

// Indexes of the Staff.
func (Staff) Indexes() []ent.Index {
	return []ent.Index{index.Fields("org_unit_id", "name")}
}

// Annotations of the Staff.
func (Staff) Annotations() []schema.Annotation {
	return gqlDefaults(entgql.MutationCreate(), entgql.MutationUpdate())
}

// CareRecord is one act of care for a staff member (关爱记录). Its notes and dimensions
// are sensitive: only the care officer and the administrator read them.
type CareRecord struct{ ent.Schema }

// Mixin of the CareRecord.
func (CareRecord) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the CareRecord.
func (CareRecord) Fields() []ent.Field {
	return []ent.Field{
		field.Int("staff_id"),
		field.Time("date").SchemaType(timeType).Annotations(entgql.OrderField("DATE")),
		field.Enum("kind").Values("PHONE_FOLLOW_UP", "VISIT", "COUNSELLING", "FAMILY_HELP", "CONDOLENCE", "SUPPLIES"),
		field.Strings("dimensions").Optional().
			Comment("POLITICAL, FAMILY, MENTAL_HEALTH, SAFETY"),
		field.Text("notes").Optional(),
		field.Time("next_follow_up").SchemaType(timeType).Optional().Nillable(),
	}
}

// Edges of the CareRecord.
func (CareRecord) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("staff", Staff.Type).Ref("care_records").Field("staff_id").Unique().Required(),
	}
}

// Indexes of the CareRecord.
func (CareRecord) Indexes() []ent.Index {
	return []ent.Index{index.Fields("staff_id", "date")}
}

// Annotations of the CareRecord.
func (CareRecord) Annotations() []schema.Annotation { return gqlDefaults() }
