package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// AuditEvent records one change, written in the transaction of the change itself. Each
// event carries the hash of the one before it, so that editing or deleting a stored event
// breaks the chain where it happened.
type AuditEvent struct{ ent.Schema }

// Fields of the AuditEvent.
func (AuditEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Time("at").SchemaType(timeType).Default(time.Now).Immutable().
			Annotations(entgql.OrderField("AT")),
		field.Int("actor_id").Optional().Nillable().Immutable(),
		field.String("actor").MaxLen(64).Immutable().Comment("username, or the system worker's name"),
		field.String("action").NotEmpty().MaxLen(64).Immutable(),
		field.String("entity_type").NotEmpty().MaxLen(32).Immutable(),
		field.Int("entity_id").Immutable(),
		field.Text("before").Optional().Immutable(),
		field.Text("after").Optional().Immutable(),
		field.String("prev_hash").MaxLen(64).Immutable(),
		field.String("hash").MaxLen(64).Immutable(),
	}
}

// Indexes of the AuditEvent.
func (AuditEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("entity_type", "entity_id")}
}

// Annotations of the AuditEvent.
func (AuditEvent) Annotations() []schema.Annotation { return gqlDefaults() }
