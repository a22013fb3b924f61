package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// ReliefPayment is a relief figure a county reports for a programme and month: money
// pre-allocated to it, or paid out, in integer fen, and the persons (or person-times)
// it reached. A county's sheet is imported whole; a row for the same programme, county,
// month and stage replaces the one before.
type ReliefPayment struct{ ent.Schema }

// Mixin of the ReliefPayment.
func (ReliefPayment) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the ReliefPayment.
func (ReliefPayment) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("programme").Values("MINIMUM_LIVING", "EXTREME_POVERTY", "TEMPORARY").
			Comment("城乡低保, 特困供养, 临时救助").Annotations(entgql.OrderField("PROGRAMME")),
		field.Int("county_id"),
		field.String("month").NotEmpty().MaxLen(7).Comment("YYYY-MM").Annotations(entgql.OrderField("MONTH")),
		field.Enum("stage").Values("PRE_ALLOCATED", "PAID"),
		field.Int("persons").NonNegative().Comment("persons, or person-times for temporary assistance"),
		field.Int64("amount_fen").NonNegative(),
		field.String("paid_on").MaxLen(10).Optional().Comment("YYYY-MM-DD, for PAID rows"),
	}
}

// Edges of the ReliefPayment.
func (ReliefPayment) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{edge.To("county", OrgUnit.Type).Field("county_id").Unique().Required()})
}

// Indexes of the ReliefPayment.
func (ReliefPayment) Indexes() []ent.Index {
	return []ent.Index{index.Fields("programme", "county_id", "month", "stage").Unique(), index.Fields("month")}
}

// Annotations of the ReliefPayment.
func (ReliefPayment) Annotations() []schema.Annotation { return gqlDefaults() }

// TravellerAid counts stranded travellers helped by temporary assistance — migrant
// workers stuck on the way, many from Hubei — without names: how many, how helped, where.
type TravellerAid struct{ ent.Schema }

// Mixin of the TravellerAid.
func (TravellerAid) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the TravellerAid.
func (TravellerAid) Fields() []ent.Field {
	return []ent.Field{
		field.Int("county_id"),
		field.String("day").NotEmpty().MaxLen(10).Validate(CheckDay).Annotations(entgql.OrderField("DAY")),
		field.Int("travellers").Positive().Max(MaxCount),
		field.Int("from_hubei").NonNegative().Max(MaxCount).Default(0),
		field.Strings("help").Comment("LODGING, MEALS, COUNSELLING, TRAVEL"),
		field.String("note").MaxLen(300).Validate(CheckText).Optional(),
	}
}

// Edges of the TravellerAid.
func (TravellerAid) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{edge.To("county", OrgUnit.Type).Field("county_id").Unique().Required()})
}

// Annotations of the TravellerAid.
func (TravellerAid) Annotations() []schema.Annotation {
	return gqlDefaults(entgql.MutationCreate())
}

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

// CheckIn is a visit or call to a person in one-to-one care.
type CheckIn struct{ ent.Schema }

// Fields of the CheckIn.
func (CheckIn) Fields() []ent.Field {
	return []ent.Field{
		field.Int("assignment_id"),
		field.Time("at").SchemaType(timeType).Annotations(entgql.OrderField("AT")),
		field.String("note").MaxLen(500).Validate(CheckText).Optional(),
		field.Int("recorded_by_id"),
	}
}

// Edges of the CheckIn.
func (CheckIn) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{
		edge.From("assignment", CareAssignment.Type).Ref("check_ins").Field("assignment_id").Unique().Required(),
	})
}

// Indexes of the CheckIn.
func (CheckIn) Indexes() []ent.Index {
	return []ent.Index{index.Fields("assignment_id", "at")}
}

// Annotations of the CheckIn.
func (CheckIn) Annotations() []schema.Annotation { return gqlDefaults() }

// EnterpriseVisit is a liaison officer's visit to an enterprise restarting work: what was
// done — policy explained, disinfection guided, supplies bought, temperatures checked.
type EnterpriseVisit struct{ ent.Schema }

// Mixin of the EnterpriseVisit.
func (EnterpriseVisit) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the EnterpriseVisit.
func (EnterpriseVisit) Fields() []ent.Field {
	return []ent.Field{
		field.Int("enterprise_id"),
		field.String("day").NotEmpty().MaxLen(10).Validate(CheckDay).Annotations(entgql.OrderField("DAY")),
		field.Strings("actions").Comment("POLICY, DISINFECTION, SUPPLIES, TEMPERATURE"),
		field.String("note").MaxLen(500).Validate(CheckText).Optional(),
	}
}

// Edges of the EnterpriseVisit.
func (EnterpriseVisit) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{
		edge.From("enterprise", Enterprise.Type).Ref("visits").Field("enterprise_id").Unique().Required(),
	})
}

// Indexes of the EnterpriseVisit: an enterprise's visits.
// SQLite, unlike MySQL, does not index a foreign key by itself.
func (EnterpriseVisit) Indexes() []ent.Index {
	return []ent.Index{index.Fields("enterprise_id")}
}

// Annotations of the EnterpriseVisit.
func (EnterpriseVisit) Annotations() []schema.Annotation { return gqlDefaults() }

// Hooks of the CheckIn: its dates lie between Earliest and a year from now (CheckDate).
func (CheckIn) Hooks() []ent.Hook { return []ent.Hook{datesIn("at")} }
