package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// ReportRevision is an earlier version of a control report, kept when it was refiled.
type ReportRevision struct{ ent.Schema }

// Fields of the ReportRevision.
func (ReportRevision) Fields() []ent.Field {
	return []ent.Field{
		field.Int("report_id").Immutable(),
		field.Int("revision").Immutable(),
		field.Time("filed_at").SchemaType(timeType).Immutable(),
		field.Int("filed_by_id").Immutable(),
		field.Text("content").Immutable().Comment("the version as JSON"),
	}
}

// Edges of the ReportRevision.
func (ReportRevision) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{
		edge.From("report", ControlReport.Type).Ref("revisions").Field("report_id").Unique().Required().Immutable(),
	})
}

// Indexes of the ReportRevision: a report's earlier versions.
// SQLite, unlike MySQL, does not index a foreign key by itself.
func (ReportRevision) Indexes() []ent.Index {
	return []ent.Index{index.Fields("report_id")}
}

// Annotations of the ReportRevision.
func (ReportRevision) Annotations() []schema.Annotation { return nil }
