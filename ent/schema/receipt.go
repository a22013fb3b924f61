package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"mzdesk/internal/quantity"
)

// Receipt is a recipient's signed confirmation (签收) of an allocation. It is written once
// and never changed: corrections are new records.
type Receipt struct{ ent.Schema }

// Fields of the Receipt.
func (Receipt) Fields() []ent.Field {
	return []ent.Field{
		field.Int("allocation_id").Unique(),
		field.String("receipt_no").NotEmpty().MaxLen(32).Unique().
			Comment("county code and sequence"),
		field.Int("confirmed_by_id"),
		field.Time("confirmed_at").SchemaType(timeType).
			Annotations(entgql.OrderField("CONFIRMED_AT")),
		field.Int64("received_quantity").GoType(quantity.Quantity(0)).Annotations(quantityGQL),
		field.Int64("rejected_quantity").GoType(quantity.Quantity(0)).Annotations(quantityGQL).Default(0),
		field.Enum("reject_reason").Values("DAMAGED", "SHORT", "WRONG_ITEM").Optional().Nillable(),
		field.String("note").MaxLen(500).Validate(CheckText).Optional(),
		field.String("photo_key").MaxLen(128).Optional().
			Comment("key of the photo of the signed slip in the upload store"),
		field.String("idempotency_key").NotEmpty().MaxLen(64).Unique().
			Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Edges of the Receipt.
func (Receipt) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{
		edge.From("allocation", Allocation.Type).Ref("receipt").Field("allocation_id").Unique().Required().Annotations(filterIn),
		edge.To("confirmed_by", User.Type).Field("confirmed_by_id").Unique().Required(),
	})
}

// Annotations of the Receipt.
func (Receipt) Annotations() []schema.Annotation { return gqlDefaults() }
