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
	"mzdesk/ent/orgunit"
	"mzdesk/ent/predicate"
	"mzdesk/ent/privacy"
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

// sessionScope is whose sessions a scoped viewer reaches: BUREAU its own and those of
// the accounts it manages (below its unit, as the User policy says); everyone else their own.
func sessionScope(v *viewer.Viewer) predicate.Session {
	if v.Is(viewer.Bureau) {
		return session.Or(session.UserID(v.UserID),
			session.HasUserWith(user.HasOrgUnitWith(orgunit.And(inPath(v), orgunit.IDNEQ(v.OrgUnitID)))))
	}
	return session.UserID(v.UserID)
}

// Policy of the Session: the login task opens, checks and touches sessions; ADMIN sees
// and ends every session; BUREAU its own and those of the accounts it manages; everyone
// else their own. Nobody else opens or deletes one.
func (Session) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed, viewer.Login),
			roles(viewer.Admin),
			privacy.SessionQueryRuleFunc(func(ctx context.Context, q *gen.SessionQuery) error {
				q.Where(sessionScope(viewer.FromContext(ctx)))
				return privacy.Allow
			}),
		},
		Mutation: privacy.MutationPolicy{
			gate(viewer.Seed, viewer.Login),
			roles(viewer.Admin),
			privacy.SessionMutationRuleFunc(func(ctx context.Context, m *gen.SessionMutation) error {
				if !onlyUpdates(m) {
					return privacy.Denyf("sessions are opened by logging in")
				}
				m.Where(sessionScope(viewer.FromContext(ctx)))
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
	}
}

// Hooks of the User (kept beside the Session they end): a change to what an account's
// tokens claim or allow — its name, password, role, scope, whether it is active or a demo
// account — ends the account's open sessions in the change's own transaction, so that no
// token issued before the change works after it. The session a user changes their own
// password from stays open (viewer.KeepingSession).
func (User) Hooks() []ent.Hook {
	return []ent.Hook{endSessionsOnChange}
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
