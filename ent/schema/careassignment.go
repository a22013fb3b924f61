package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// CareAssignment is one-to-one care (一对一帮扶) for an elderly person or a child left
// without a carer by the epidemic, under a village committee's eye. No identity numbers
// are stored: the village knows the person, the system needs only a name.
type CareAssignment struct{ ent.Schema }

// Mixin of the CareAssignment.
func (CareAssignment) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}, ExampleMixin{}} }

// Fields of the CareAssignment.
func (CareAssignment) Fields() []ent.Field {
	return []ent.Field{
		field.String("person").NotEmpty().MaxLen(32).Validate(CheckName),
		field.Enum("age_group").Values("ELDER", "CHILD"),
		field.Int("village_id"),
		field.Enum("reason").Values("FAMILY_ILL", "FAMILY_ISOLATED", "FAMILY_DECEASED", "OTHER"),
		field.String("reason_note").MaxLen(200).Validate(CheckText).Optional(),
		field.String("carer").NotEmpty().MaxLen(32).Validate(CheckName).Comment("the person responsible for the care"),
		field.String("carer_phone").MaxLen(20).Validate(CheckPhone).Optional(),
		field.Int("check_every_days").Positive().Max(30).Default(1),
		field.Bool("active").Default(true),
	}
}

// Edges of the CareAssignment.
func (CareAssignment) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{
		edge.To("village", OrgUnit.Type).Field("village_id").Unique().Required(),
		edge.To("check_ins", CheckIn.Type).Annotations(entgql.RelayConnection()),
	})
}

// Indexes of the CareAssignment: a village's list.
func (CareAssignment) Indexes() []ent.Index {
	return []ent.Index{index.Fields("village_id", "active")}
}

// Annotations of the CareAssignment.
func (CareAssignment) Annotations() []schema.Annotation { return gqlDefaults() }
