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
			Comment("POLITICAL, FAMILY, MENTAL_HEALTH, SAFETY").
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Text("notes").Validate(CheckLongText).Optional().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Time("next_follow_up").SchemaType(timeType).Optional().Nillable(),
	}
}

// Edges of the CareRecord.
func (CareRecord) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{
		edge.From("staff", Staff.Type).Ref("care_records").Field("staff_id").Unique().Required(),
	})
}

// Indexes of the CareRecord.
func (CareRecord) Indexes() []ent.Index {
	return []ent.Index{index.Fields("staff_id", "date")}
}

// Annotations of the CareRecord.
func (CareRecord) Annotations() []schema.Annotation { return gqlDefaults() }

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

// Hooks of the CareRecord: its dates lie between Earliest and a year from now (CheckDate).
func (CareRecord) Hooks() []ent.Hook { return []ent.Hook{datesIn("date", "next_follow_up")} }
