package schema

import (
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
)

// Photo is an uploaded picture, such as the signed slip of a receipt. It lives in the
// database so that every replica serves it and no server keeps files of its own.
type Photo struct{ ent.Schema }

// MaxPhotoBytes bounds one photo: a phone camera's JPEG of a sheet of paper.
const MaxPhotoBytes = 5 << 20

// Fields of the Photo.
func (Photo) Fields() []ent.Field {
	return []ent.Field{
		field.String("key").NotEmpty().MaxLen(64).Unique().Immutable(),
		field.String("content_type").NotEmpty().MaxLen(32).Immutable(),
		field.Bytes("data").MaxLen(MaxPhotoBytes).Immutable().
			SchemaType(map[string]string{dialect.MySQL: "mediumblob"}),
		field.Int("uploaded_by_id").Immutable(),
		field.Time("created_at").SchemaType(timeType).Default(time.Now).Immutable(),
	}
}

// Annotations of the Photo: served over plain HTTP, not GraphQL.
func (Photo) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
