package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"

	"mzdesk/internal/quantity"
)

// Item is an entry of the goods catalogue (84消毒液, 艾条, 抗菌液 …). Amounts of it are
// stored in its base unit; PackSize says how much one pack (a 桶 of 84消毒液 = 25 kg) holds.
type Item struct{ ent.Schema }

// Mixin of the Item.
func (Item) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Item.
func (Item) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(64).Validate(CheckName).Unique().
			Annotations(entgql.OrderField("NAME")),
		field.Enum("base_unit").GoType(quantity.Unit("")).
			Annotations(entgql.Type("Unit")),
		field.String("pack_name").MaxLen(16).Validate(CheckName).Optional().
			Comment("what people call one pack: 桶, 箱"),
		field.Int64("pack_size").GoType(quantity.Quantity(0)).Annotations(quantityGQL).Optional().
			Comment("amount of one pack in the base unit; zero when the item has no pack"),
	}
}

// Annotations of the Item.
func (Item) Annotations() []schema.Annotation {
	return gqlDefaults()
}
