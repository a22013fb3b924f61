package auth

import (
	"sync"
	"time"
)

// Throttle counts failed logins per key (a username, an address) over a window and
// refuses further tries once a key has failed too often. It lives in the process: behind
// several replicas each keeps its own count, which multiplies the allowance by the number
// of replicas but still stops guessing at scale.
type Throttle struct {
	mu     sync.Mutex
	window time.Duration
	limit  int
	fails  map[string][]time.Time
	now    func() time.Time
}

// NewThrottle allows limit failures per key within window.
func NewThrottle(limit int, window time.Duration) *Throttle {
	return &Throttle{window: window, limit: limit, fails: map[string][]time.Time{}, now: time.Now}
}

// Blocked reports whether key has used up its failures, and when it may try again.
func (t *Throttle) Blocked(key string) (bool, time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	recent := t.recent(key)
	if len(recent) < t.limit {
		return false, 0
	}
	return true, recent[0].Add(t.window).Sub(t.now())
}

// Fail records a failed login for key.
func (t *Throttle) Fail(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.fails[key] = append(t.recent(key), t.now())
	if len(t.fails) > 100_000 { // a flood of random usernames must not grow memory forever
		t.sweep()
	}
}

// Reset forgets key's failures after a successful login.
func (t *Throttle) Reset(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, key)
}

func (t *Throttle) recent(key string) []time.Time {
	cut := t.now().Add(-t.window)
	fs := t.fails[key]
	i := 0
	for i < len(fs) && fs[i].Before(cut) {
		i++
	}
	return fs[i:]
}

func (t *Throttle) sweep() {
	for k := range t.fails {
		if len(t.recent(k)) == 0 {
			delete(t.fails, k)
		}
	}
}
