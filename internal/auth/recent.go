package auth

import (
	"context"
	"sync"
	"time"

	"mzdesk/ent"
)

// checkFor is how long a read of an account answers for the requests that follow it.
const checkFor = time.Second

// recentAccounts remembers each account as last read, for checkFor, so that the requests a
// phone sends in a burst cost one account lookup, not one each. A change to an account
// made through this process forgets it at once; on another process on the same database,
// a disabled account, or one whose role or scope changed, is refused within checkFor.
type recentAccounts struct {
	mu   sync.Mutex
	read map[int]readAccount
}

type readAccount struct {
	u  *ent.User
	at time.Time
}

// get returns the account as read within checkFor, if it was.
func (r *recentAccounts) get(id int, now time.Time) (*ent.User, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	a, ok := r.read[id]
	if !ok || now.Sub(a.at) >= checkFor {
		return nil, false
	}
	return a.u, true
}

// put keeps u as read at now. Past a city's worth of accounts it starts over, so the
// accounts that stopped calling are not kept for ever.
func (r *recentAccounts) put(u *ent.User, now time.Time) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.read == nil || len(r.read) >= 50_000 {
		r.read = map[int]readAccount{}
	}
	r.read[u.ID] = readAccount{u: u, at: now}
}

// forgetChanged is a hook on account changes: the changed account, or every account
// when the change may reach several, is read afresh by the next request.
func (r *recentAccounts) forgetChanged(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		v, err := next.Mutate(ctx, m)
		r.mu.Lock()
		defer r.mu.Unlock()
		if um, ok := m.(*ent.UserMutation); ok && m.Op().Is(ent.OpUpdateOne|ent.OpDeleteOne) {
			if id, ok := um.ID(); ok {
				delete(r.read, id)
				return v, err
			}
		}
		r.read = nil
		return v, err
	})
}
