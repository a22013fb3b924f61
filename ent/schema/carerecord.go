package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

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

// Hooks of the CareRecord: its dates lie between Earliest and a year from now (CheckDate).
func (CareRecord) Hooks() []ent.Hook { return []ent.Hook{datesIn("date", "next_follow_up")} }
