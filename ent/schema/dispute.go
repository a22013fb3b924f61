package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Dispute is the follow-up a short or refused receipt opens for the charity office. It is
// closed with a note, and, when goods are sent again, with the new allocation that makes
// up the shortfall: the receipt itself never changes, the correction is a record of its own.
type Dispute struct{ ent.Schema }

// Fields of the Dispute.
func (Dispute) Fields() []ent.Field {
	return []ent.Field{
		field.Int("allocation_id").Unique().Immutable(),
		field.Time("opened_at").SchemaType(timeType).Default(time.Now).Immutable().
			Annotations(entgql.OrderField("OPENED_AT")),
		field.String("reason").MaxLen(600).Validate(CheckText).Immutable().Comment("what the recipient reported"),
		field.Enum("status").Values("OPEN", "RESOLVED").Default("OPEN").
			Annotations(entgql.OrderField("STATUS")),
		field.String("resolution").MaxLen(500).Validate(CheckText).Optional(),
		field.Time("resolved_at").SchemaType(timeType).Optional().Nillable(),
		field.Int("resolved_by_id").Optional().Nillable(),
		field.Int("replacement_id").Optional().Nillable().
			Comment("the allocation that sends the shortfall again"),
	}
}

// Edges of the Dispute.
func (Dispute) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{
		edge.From("allocation", Allocation.Type).Ref("dispute").Field("allocation_id").Unique().Required().Immutable().Annotations(filterIn),
		edge.To("replacement", Allocation.Type).Field("replacement_id").Unique(),
	}, "allocation")
}

// Indexes of the Dispute: the charity office's list of open follow-ups.
func (Dispute) Indexes() []ent.Index {
	return []ent.Index{index.Fields("status", "opened_at")}
}

// Annotations of the Dispute.
func (Dispute) Annotations() []schema.Annotation { return gqlDefaults() }
