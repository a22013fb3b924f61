package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// AuditEvent records one change, written in the transaction of the change itself. Moments
// later the audit sealer links it into the chain: it gives the event the next place (seq)
// and a hash over its content and the hash of the event before it, so that editing or
// deleting a sealed event breaks the chain where it happened. Sealing after the commit,
// not inside it, keeps every writer from queueing on the chain's head.
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
		field.Int64("seq").Optional().Nillable().Immutable().
			Comment("the event's place in the chain; empty until the sealer links it"),
		field.String("prev_hash").MaxLen(64).Default("").Immutable(),
		field.String("hash").MaxLen(64).Default("").Immutable(),
	}
}

// Indexes of the AuditEvent.
func (AuditEvent) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("entity_type", "entity_id"),
		// Not unique: the sealer holds the chain's head while it numbers events, and a
		// unique index would make every new (unsealed) event check for duplicates.
		index.Fields("seq"),
	}
}

// Annotations of the AuditEvent.
func (AuditEvent) Annotations() []schema.Annotation { return gqlDefaults() }
