package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"mzdesk/internal/leftout"
	"mzdesk/internal/quantity"
)

// DonationLine is one item of a donation: the amount in the item's base unit, and the
// amount and unit as the donor wrote them ("120 桶"), kept for the certificate.
type DonationLine struct{ ent.Schema }

// Fields of the DonationLine.
func (DonationLine) Fields() []ent.Field {
	return []ent.Field{
		field.Int("donation_id"),
		field.Int("item_id"),
		field.Int64("quantity").GoType(quantity.Quantity(0)).Annotations(quantityGQL),
		field.Int64("entered_quantity").GoType(quantity.Quantity(0)).Annotations(quantityGQL),
		field.Enum("entered_unit").GoType(quantity.Unit("")).
			Annotations(entgql.Type("Unit")),
		// allocated is the sum of the line's allocations that are not cancelled, kept by
		// the ledger with one conditional increment (allocated + q <= quantity) per change.
		// That write is the over-allocation guard: two writers on one line update the same
		// row, so they exclude each other on one server and conflict at commit on a
		// multi-primary cluster (Galera), where a lock taken by a read would hold only on
		// the local node. Written by SQL, not through ent, so that it is not audited as a
		// change of the donation.
		field.Int64("allocated").GoType(quantity.Quantity(0)).Default(0).
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.JSON("left_out", []leftout.Entry{}).Optional().
			Comment("recipients a whole-pack split of this line gave nothing, until something reaches them").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the DonationLine.
func (DonationLine) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{
		edge.From("donation", Donation.Type).Ref("lines").Field("donation_id").Unique().Required(),
		edge.To("item", Item.Type).Field("item_id").Unique().Required(),
		edge.To("allocations", Allocation.Type).Annotations(entgql.RelayConnection()),
	}, "allocations") // the donation list counts each line's recipients by status
}

// Indexes of the DonationLine: a donation's lines; the lines of an item, where the next
// delivery of it can come from.
// SQLite, unlike MySQL, does not index a foreign key by itself.
func (DonationLine) Indexes() []ent.Index {
	return []ent.Index{index.Fields("donation_id"), index.Fields("item_id")}
}

// Annotations of the DonationLine.
func (DonationLine) Annotations() []schema.Annotation { return nil }
