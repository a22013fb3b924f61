package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"mzdesk/internal/username"
)

// User is an account. Its role says what it may do and its scope (an org unit, an
// institution or an inspection group) says to which rows.
type User struct{ ent.Schema }

// Mixin of the User.
func (User) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the User.
func (User) Fields() []ent.Field {
	return []ent.Field{
		field.String("username").NotEmpty().MaxLen(64).Unique().Validate(username.Check).
			Comment("stored in its one spelling (internal/username): trimmed, NFKC, lower case").
			Annotations(entgql.OrderField("USERNAME")),
		field.String("display_name").NotEmpty().MaxLen(64).Validate(CheckName),
		field.String("phone").MaxLen(32).Validate(CheckPhone).Optional(),
		field.String("password_hash").Sensitive().NotEmpty().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Enum("role").
			Values("ADMIN", "BUREAU", "CHARITY_OFFICE", "VILLAGE_COMMITTEE", "INSPECTOR", "INSTITUTION", "CARE_OFFICER").
			Annotations(entgql.Type("Role"), entgql.OrderField("ROLE")),
		field.Int("org_unit_id").Optional().Nillable(),
		field.Int("institution_id").Optional().Nillable(),
		field.Int("inspection_group_id").Optional().Nillable(),
		field.Bool("active").Default(true),
		field.Bool("demo").Default(false).
			Comment("a demo account, refused in production").
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
		field.Time("last_login_at").SchemaType(timeType).Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)),
	}
}

// Edges of the User.
func (User) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{
		edge.To("org_unit", OrgUnit.Type).Field("org_unit_id").Unique(),
		edge.To("institution", Institution.Type).Field("institution_id").Unique(),
		edge.From("inspection_group", InspectionGroup.Type).Ref("members").Field("inspection_group_id").Unique(),
		edge.To("sessions", Session.Type).Annotations(entgql.Skip(entgql.SkipAll)),
	})
}

// Indexes of the User: the accounts of a unit.
// SQLite, unlike MySQL, does not index a foreign key by itself.
func (User) Indexes() []ent.Index {
	return []ent.Index{index.Fields("org_unit_id")}
}

// Annotations of the User.
func (User) Annotations() []schema.Annotation {
	return gqlDefaults(entgql.MutationCreate(), entgql.MutationUpdate())
}

// Hooks of the User (kept beside the Session they end): a change to what an account's
// tokens claim or allow — its name, password, role, scope, whether it is active or a demo
// account — ends the account's open sessions in the change's own transaction, so that no
// token issued before the change works after it. The session a user changes their own
// password from stays open (viewer.KeepingSession).
func (User) Hooks() []ent.Hook {
	return []ent.Hook{endSessionsOnChange}
}
