package schema

import (
	"context"
	"fmt"
	"reflect"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	gen "mzdesk/ent"
	"mzdesk/ent/hook"
	"mzdesk/ent/session"
	"mzdesk/ent/user"
	"mzdesk/internal/viewer"
)

// Session is one login on one device. Every token names its session, and a token is
// accepted only while its session is neither ended nor expired: so a password change,
// a new role or scope, a disabled account or "sign out everywhere" ends tokens already
// handed out, on every replica, without keeping anything in memory.
type Session struct{ ent.Schema }

// Fields of the Session.
func (Session) Fields() []ent.Field {
	return []ent.Field{
		field.Int("user_id").Immutable(),
		field.Time("created_at").SchemaType(timeType).Default(time.Now).Immutable(),
		field.Time("last_seen_at").SchemaType(timeType).Default(time.Now).
			Comment("when a request last used it, to the nearest few minutes"),
		field.Time("expires_at").SchemaType(timeType).Immutable(),
		field.String("user_agent").MaxLen(255).Default("").Immutable().
			Comment("the browser that logged in, for the owner to recognise the device"),
		field.Time("revoked_at").SchemaType(timeType).Optional().Nillable(),
	}
}

// Edges of the Session.
func (Session) Edges() []ent.Edge {
	return whereEdges([]ent.Edge{
		edge.From("user", User.Type).Ref("sessions").Field("user_id").Unique().Required().Immutable(),
	})
}

// Indexes of the Session: an account's sessions, to list and to end them.
func (Session) Indexes() []ent.Index {
	return []ent.Index{index.Fields("user_id", "expires_at")}
}

// Annotations of the Session: its GraphQL type is written by hand (graph/sessions.graphql),
// without filters or edges, so that a session tells nothing but its own dates and device.
func (Session) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// revoking are the account fields whose change ends its sessions.
var revoking = []string{
	user.FieldUsername, user.FieldPasswordHash, user.FieldRole, user.FieldOrgUnitID,
	user.FieldInstitutionID, user.FieldInspectionGroupID, user.FieldActive, user.FieldDemo,
}

func endSessionsOnChange(next ent.Mutator) ent.Mutator {
	return hook.UserFunc(func(ctx context.Context, m *gen.UserMutation) (gen.Value, error) {
		if !onlyUpdates(m) {
			return next.Mutate(ctx, m)
		}
		changed, err := changesAccess(ctx, m)
		if err != nil || !changed {
			if err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		}
		ids, err := m.IDs(ctx)
		if err != nil {
			return nil, err
		}
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return nil, err
		}
		end := m.Client().Session.Update().Where(session.UserIDIn(ids...), session.RevokedAtIsNil())
		if keep := viewer.KeptSession(ctx); keep != 0 {
			end.Where(session.IDNEQ(keep))
		}
		if _, err := end.SetRevokedAt(time.Now()).Save(ctx); err != nil {
			return nil, fmt.Errorf("ending the account's sessions: %w", err)
		}
		return v, nil
	})
}

// changesAccess reports whether m sets or clears a revoking field to a new value. A form
// that sends the whole account back unchanged ends nothing.
func changesAccess(ctx context.Context, m *gen.UserMutation) (bool, error) {
	for _, f := range revoking {
		if m.FieldCleared(f) {
			return true, nil
		}
		value, set := m.Field(f)
		if !set {
			continue
		}
		if !m.Op().Is(ent.OpUpdateOne) || f == user.FieldPasswordHash {
			return true, nil
		}
		old, err := m.OldField(ctx, f)
		if err != nil {
			return false, err
		}
		o := reflect.ValueOf(old)
		if o.Kind() == reflect.Pointer {
			if o.IsNil() {
				return true, nil
			}
			o = o.Elem()
		}
		if !reflect.DeepEqual(o.Interface(), value) {
			return true, nil
		}
	}
	return false, nil
}
