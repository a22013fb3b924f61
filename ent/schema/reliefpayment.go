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
