package database

import (
	"context"
	"math/rand/v2"
	"time"
)

// Backoff is the wait before attempt n+1 of work whose transaction lost a Conflict:
// uniformly random up to base·2ⁿ, at most ceiling (full jitter), so that two racers do
// not meet again in step.
func Backoff(n int, base, ceiling time.Duration) time.Duration {
	c := base << n
	if c > ceiling || c <= 0 {
		c = ceiling
	}
	return time.Duration(rand.Int64N(int64(c))) + time.Millisecond //nolint:gosec // jitter, not a secret
}

// Sleep waits d, or less if ctx ends first; it says whether the whole wait passed.
func Sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
