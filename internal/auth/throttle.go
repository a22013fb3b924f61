package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"mzdesk/ent"
	"mzdesk/ent/loginfailure"
)

// The pause after failed logins of one account from one address: the first freeFailures
// are free (typos, a caps-lock), then each failure doubles the pause from firstPause up
// to maxPause. Counts older than forgetAfter start over.
const (
	freeFailures = 4
	firstPause   = 30 * time.Second
	maxPause     = 15 * time.Minute
	forgetAfter  = time.Hour
)

// pauseAfter is how long the pair waits after its n-th failure in a row.
func pauseAfter(n int) time.Duration {
	if n <= freeFailures {
		return 0
	}
	if n-freeFailures > 10 {
		return maxPause
	}
	return min(firstPause<<(n-freeFailures-1), maxPause)
}

// throttle slows down password guessing per (account, client address), with the counts
// in the database (LoginFailure) so that every replica sees the same ones. Keyed on the
// pair, not on the account or the address alone: an attacker who fails on a village's
// account from elsewhere does not lock its committee out, and one phone's guesses do not
// lock out the other phones behind the same carrier address. Guessing stays slow for
// each pair (bcrypt, then pauses growing to maxPause).
type throttle struct{ now func() time.Time }

// throttleKey names the pair of a normalised username and a client address.
func throttleKey(name, addr string) string {
	h := sha256.Sum256([]byte(name + "\x00" + addr))
	return hex.EncodeToString(h[:])
}

// wait returns how long key must still wait before a password is checked for it, and
// whether it has failures counted at all.
func (t throttle) wait(ctx context.Context, c *ent.Client, key string) (time.Duration, bool, error) {
	f, err := c.LoginFailure.Query().Where(loginfailure.Key(key)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		return 0, false, nil
	case err != nil:
		return 0, false, err
	}
	return max(f.RetryAt.Sub(t.now()), 0), true, nil
}

// fail counts a failure of key, atomically across replicas, and sets its pause. It also
// sweeps the counts older than forgetAfter, so that a flood of made-up names leaves no
// more than an hour of rows behind: by primary key, because on MySQL a range delete
// would lock the index gaps that concurrent failures insert into.
func (t throttle) fail(ctx context.Context, c *ent.Client, key string) error {
	now := t.now()
	old, err := c.LoginFailure.Query().Where(loginfailure.LastFailedAtLT(now.Add(-forgetAfter))).Limit(100).IDs(ctx)
	if err != nil {
		return err
	}
	if len(old) > 0 {
		if _, err := c.LoginFailure.Delete().Where(loginfailure.IDIn(old...)).Exec(ctx); err != nil {
			return err
		}
	}
	err = c.LoginFailure.Create().SetKey(key).SetFailures(1).SetLastFailedAt(now).SetRetryAt(now).
		OnConflictColumns(loginfailure.FieldKey).
		Update(func(u *ent.LoginFailureUpsert) { u.AddFailures(1).SetLastFailedAt(now) }).
		Exec(ctx)
	if err != nil {
		return err
	}
	f, err := c.LoginFailure.Query().Where(loginfailure.Key(key)).Only(ctx)
	if err != nil {
		return err
	}
	return c.LoginFailure.UpdateOne(f).SetRetryAt(now.Add(pauseAfter(f.Failures))).Exec(ctx)
}

// reset forgets key's failures after a successful login.
func (t throttle) reset(ctx context.Context, c *ent.Client, key string) error {
	_, err := c.LoginFailure.Delete().Where(loginfailure.Key(key)).Exec(ctx)
	return err
}
