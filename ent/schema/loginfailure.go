package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// LoginFailure counts the failed logins of one account from one client address, and
// says when that pair may try again. It lives in the database so that every replica
// behind a load balancer counts the same failures; keyed by the pair, so that an attacker
// elsewhere slows only themselves, not the account's owner or the other phones behind
// the owner's carrier address.
type LoginFailure struct{ ent.Schema }

// Fields of the LoginFailure.
func (LoginFailure) Fields() []ent.Field {
	return []ent.Field{
		field.String("key").NotEmpty().MaxLen(64).Unique().Immutable().
			Comment("hex SHA-256 of the normalised username and the client address"),
		field.Int("failures").Default(0),
		field.Time("last_failed_at").SchemaType(timeType).Default(time.Now),
		field.Time("retry_at").SchemaType(timeType).Default(time.Now).
			Comment("no password is checked for the pair before this time"),
	}
}

// Indexes of the LoginFailure: the old counts are swept by time.
func (LoginFailure) Indexes() []ent.Index {
	return []ent.Index{index.Fields("last_failed_at")}
}

// Annotations of the LoginFailure: internal bookkeeping, not part of the API.
func (LoginFailure) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
