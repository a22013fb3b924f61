package auth

import (
	"context"
	"sync"
	"time"

	"mzdesk/ent"
)

// checkFor is how long a check of a session answers for the requests that follow it.
const checkFor = time.Second

// recentSessions remembers each session's account as last checked, for checkFor, so that
// the requests a phone sends in a burst cost one lookup, not one each; and when this
// process last wrote the session's last_seen_at. A change made through this process to an
// account, a session, an org unit or an inspection group forgets what it may touch at
// once; on another process on the same database, an ended session, a disabled account or
// one whose role or scope changed is refused within checkFor.
type recentSessions struct {
	mu   sync.Mutex
	read map[int]readAccount // by session id
	seen map[int]time.Time   // by session id
}

type readAccount struct {
	u  *ent.User
	at time.Time
}

// cityLimit bounds what is remembered: past a city's worth of sessions it starts over,
// so the sessions that stopped calling are not kept for ever.
const cityLimit = 50_000

// get returns the account of session sid as checked within checkFor, if it was.
func (r *recentSessions) get(sid int, now time.Time) (*ent.User, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	a, ok := r.read[sid]
	if !ok || now.Sub(a.at) >= checkFor {
		return nil, false
	}
	return a.u, true
}

// put keeps u as the account of session sid, checked at now.
func (r *recentSessions) put(sid int, u *ent.User, now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.read == nil || len(r.read) >= cityLimit {
		r.read = map[int]readAccount{}
	}
	r.read[sid] = readAccount{u: u, at: now}
}

// touchDue reports whether session sid's last_seen_at is older than touchEvery, as far
// as this process knows.
func (r *recentSessions) touchDue(sid int, now time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	at, ok := r.seen[sid]
	return !ok || now.Sub(at) >= touchEvery
}

// touched records that session sid's last_seen_at was written at now.
func (r *recentSessions) touched(sid int, now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen == nil || len(r.seen) >= cityLimit {
		r.seen = map[int]time.Time{}
	}
	r.seen[sid] = now
}

// forgetChanged is a hook on changes to accounts, sessions and scopes: the sessions of a
// changed account, a changed session, or every session when the change may reach
// several, are checked afresh by the next request.
func (r *recentSessions) forgetChanged(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		v, err := next.Mutate(ctx, m)
		if m.Op().Is(ent.OpCreate) { // a new row ends no session
			return v, err
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		if m.Op().Is(ent.OpUpdateOne | ent.OpDeleteOne) {
			switch m := m.(type) {
			case *ent.UserMutation:
				if id, ok := m.ID(); ok {
					for sid, a := range r.read {
						if a.u.ID == id {
							delete(r.read, sid)
						}
					}
					return v, err
				}
			case *ent.SessionMutation:
				if id, ok := m.ID(); ok {
					delete(r.read, id)
					return v, err
				}
			}
		}
		r.read = nil
		return v, err
	})
}
