package audit

import (
	entgo "entgo.io/ent"

	"mzdesk/ent"
	"mzdesk/ent/session"
)

// bookkeeping are the writes that record no decision of anyone's: the login throttle's
// counts and a session's "last used" time, written as requests come in. Logins (the
// session opened), and sessions ended, are audited.
func bookkeeping(m entgo.Mutation) bool {
	switch m.Type() {
	case ent.TypeLoginFailure:
		return true
	case ent.TypeSession:
		f := m.Fields()
		return m.Op().Is(entgo.OpUpdate|entgo.OpUpdateOne) && len(f) == 1 && f[0] == session.FieldLastSeenAt
	}
	return false
}
