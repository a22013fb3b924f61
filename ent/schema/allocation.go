package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"mzdesk/internal/quantity"
)

// Allocation sends an amount of one donation line to one recipient: a village, an
// institution or an enterprise (exactly one of the three).
type Allocation struct{ ent.Schema }

// Mixin of the Allocation.
func (Allocation) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Allocation.
func (Allocation) Fields() []ent.Field {
	return []ent.Field{
		field.Int("line_id"),
		field.Int64("quantity").GoType(quantity.Quantity(0)).Annotations(quantityGQL),
		field.Enum("status").Values("PLANNED", "DISPATCHED", "RECEIVED", "DISPUTED", "CANCELLED").
			Default("PLANNED").
			Annotations(entgql.OrderField("STATUS")),
		field.Int("village_id").Optional().Nillable(),
		field.Int("institution_id").Optional().Nillable(),
		field.Int("enterprise_id").Optional().Nillable(),
		field.Time("dispatched_at").SchemaType(timeType).Optional().Nillable(),
	}
}

// Edges of the Allocation.
func (Allocation) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{
		edge.From("line", DonationLine.Type).Ref("allocations").Field("line_id").Unique().Required().Annotations(filterIn),
		edge.From("village", OrgUnit.Type).Ref("allocations").Field("village_id").Unique(),
		edge.From("institution", Institution.Type).Ref("allocations").Field("institution_id").Unique(),
		edge.From("enterprise", Enterprise.Type).Ref("allocations").Field("enterprise_id").Unique(),
		edge.To("receipt", Receipt.Type).Unique(),
		edge.To("dispute", Dispute.Type).Unique(),
	}, "line", "receipt")
}

// Indexes serve the lists the screens show: a recipient's "to receive", newest first,
// read in index order with no sort; a village's whole list, newest first, the same way;
// a line's split. The (recipient, line) pairs serve
// the privacy rule that shows a recipient the donations and lines that reached it: one
// probe per line instead of a walk over the line's allocations to every village.
func (Allocation) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("village_id", "status", "created_at"),
		index.Fields("village_id", "created_at"),
		index.Fields("institution_id", "status", "created_at"),
		index.Fields("enterprise_id", "status", "created_at"),
		index.Fields("line_id", "status"),
		index.Fields("village_id", "line_id"),
		index.Fields("institution_id", "line_id"),
	}
}

// Annotations of the Allocation.
func (Allocation) Annotations() []schema.Annotation { return gqlDefaults() }
