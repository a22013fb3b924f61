package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
)

// Counter is a named sequence that writers take turns on by locking its row: receipt
// numbers per county, and the head of the audit chain (the last sealed place and its
// hash). Locking one row by primary key serializes exactly the writers that must take
// turns, on MySQL and on MySQL-compatible distributed databases alike.
type Counter struct{ ent.Schema }

// Fields of the Counter.
func (Counter) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(64).Unique(),
		field.Int64("value").Default(0),
		field.String("hash").MaxLen(64).Default("").
			Comment("for the audit chain: the hash of the last event"),
	}
}

// Annotations of the Counter: internal bookkeeping, not part of the API.
func (Counter) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
