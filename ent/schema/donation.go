package schema

import (
	"crypto/rand"
	"encoding/base64"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"mzdesk/internal/leftout"
	"mzdesk/internal/quantity"
)

// Donation is one gift recorded by the charity office, with one line per item.
type Donation struct{ ent.Schema }

// Mixin of the Donation.
func (Donation) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Donation.
func (Donation) Fields() []ent.Field {
	return []ent.Field{
		field.String("receipt_no").NotEmpty().MaxLen(32).Validate(CheckName).Unique().
			Comment("the charity office's receipt number").
			Annotations(entgql.OrderField("RECEIPT_NO")),
		field.Int("donor_id"),
		field.Time("donated_on").SchemaType(timeType).
			Annotations(entgql.OrderField("DONATED_ON")),
		field.String("purpose").MaxLen(255).Validate(CheckText).Optional().
			Comment("purpose or restriction, e.g. directed to the villages of 武陵区"),
		field.String("public_token").MaxLen(32).Optional().Nillable().Unique().
			DefaultFunc(publicToken).
			Comment("names the donation in public addresses (its certificate), where the sequential id would let anyone walk them all").
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// publicToken is a fresh random name for a donation's public addresses: 128 bits, in
// the 22 characters of unpadded base64url.
func publicToken() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Edges of the Donation.
func (Donation) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{
		edge.From("donor", Donor.Type).Ref("donations").Field("donor_id").Unique().Required(),
		edge.To("lines", DonationLine.Type),
	})
}

// Indexes of the Donation.
func (Donation) Indexes() []ent.Index {
	return []ent.Index{index.Fields("donated_on"), index.Fields("donor_id")}
}

// Annotations of the Donation.
func (Donation) Annotations() []schema.Annotation { return gqlDefaults() }

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

// Indexes of the DonationLine: a donation's lines.
// SQLite, unlike MySQL, does not index a foreign key by itself.
func (DonationLine) Indexes() []ent.Index {
	return []ent.Index{index.Fields("donation_id")}
}

// Annotations of the DonationLine.
func (DonationLine) Annotations() []schema.Annotation { return nil }

// Hooks of the Donation: its dates lie between Earliest and a year from now (CheckDate).
func (Donation) Hooks() []ent.Hook { return []ent.Hook{datesIn("donated_on")} }
