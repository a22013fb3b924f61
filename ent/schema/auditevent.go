package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// AuditEvent records one change, written in the transaction of the change itself with a MAC
// under a key kept outside the database. Moments later the audit sealer links it into the
// chain: it gives the event the next place (seq) and a keyed hash over its MAC and the hash
// of the event before it, so that editing, inserting or deleting an event breaks the chain
// where it happened, and nobody without the key can re-hash it whole. Sealing after the
// commit, not inside it, keeps every writer from queueing on the chain's head.
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
		field.String("state").MaxLen(64).Default("").Immutable().
			Comment("for the ledger's rows: a MAC of the row as the change left it"),
		field.String("mac").MaxLen(64).Default("").Immutable().
			Comment("HMAC of the event's content under the audit key; empty on events written before keying"),
		field.Int64("seq").Optional().Nillable().Immutable().
			Comment("the event's place in the chain; empty until the sealer links it, 0 when the sealer refused it"),
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
