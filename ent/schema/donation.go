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
		// donor_name is the donor's public name (a private person's is 爱心人士), kept
		// with the donation by the ledger when it is recorded (ledger.NameDonors; donors
		// are never renamed), so that every reader of a donation names its donor without
		// reading the donor, whose contacts most of them may not see, and a list of
		// donations names them all in its own statement. It is a field of the GraphQL
		// type, not a resolver of its own, so that a list that asks for it reads this
		// column and no others it was not asked for (entgql selects every column of a
		// type when a field it does not know is asked for). Never an input: the ledger
		// writes it.
		field.String("donor_name").MaxLen(128).
			Comment("The donor as the public page names it: anyone who can see the donation may read it.").
			Annotations(entgql.Skip(entgql.SkipWhereInput | entgql.SkipOrderField |
				entgql.SkipMutationCreateInput | entgql.SkipMutationUpdateInput)),
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

// Hooks of the Donation: its dates lie between Earliest and a year from now (CheckDate).
func (Donation) Hooks() []ent.Hook { return []ent.Hook{datesIn("donated_on")} }
