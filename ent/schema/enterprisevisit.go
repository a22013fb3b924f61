package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// EnterpriseVisit is a liaison officer's visit to an enterprise restarting work: what was
// done — policy explained, disinfection guided, supplies bought, temperatures checked.
type EnterpriseVisit struct{ ent.Schema }

// Mixin of the EnterpriseVisit.
func (EnterpriseVisit) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the EnterpriseVisit.
func (EnterpriseVisit) Fields() []ent.Field {
	return []ent.Field{
		field.Int("enterprise_id"),
		field.String("day").NotEmpty().MaxLen(10).Validate(CheckDay).Annotations(entgql.OrderField("DAY")),
		field.Strings("actions").Comment("POLICY, DISINFECTION, SUPPLIES, TEMPERATURE"),
		field.String("note").MaxLen(500).Validate(CheckText).Optional(),
	}
}

// Edges of the EnterpriseVisit.
func (EnterpriseVisit) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{
		edge.From("enterprise", Enterprise.Type).Ref("visits").Field("enterprise_id").Unique().Required(),
	})
}

// Indexes of the EnterpriseVisit: an enterprise's visits.
// SQLite, unlike MySQL, does not index a foreign key by itself.
func (EnterpriseVisit) Indexes() []ent.Index {
	return []ent.Index{index.Fields("enterprise_id")}
}

// Annotations of the EnterpriseVisit.
func (EnterpriseVisit) Annotations() []schema.Annotation { return gqlDefaults() }
