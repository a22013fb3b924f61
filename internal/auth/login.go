package auth

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"mzdesk/ent"
	"mzdesk/ent/inspectiongroup"
	"mzdesk/ent/orgunit"
	"mzdesk/ent/predicate"
	"mzdesk/ent/session"
	"mzdesk/ent/user"
	"mzdesk/internal/audit"
	"mzdesk/internal/username"
	"mzdesk/internal/viewer"
)

// ErrBadCredentials is the one answer to a wrong username, a wrong password and a
// disabled account alike.
var ErrBadCredentials = errors.New("wrong username or password")

// ThrottledError says a login was refused without checking, and for how long.
type ThrottledError struct{ RetryAfter time.Duration }

func (e *ThrottledError) Error() string {
	if e.RetryAfter < time.Minute {
		return fmt.Sprintf("too many failed logins; try again in %d seconds", int(e.RetryAfter.Seconds())+1)
	}
	return fmt.Sprintf("too many failed logins; try again in %d minutes", int(e.RetryAfter.Minutes())+1)
}

// Accounts logs users in and checks that a token's session and account still stand.
type Accounts struct {
	Client *ent.Client
	Signer *Signer
	// Production accounts only: demo accounts cannot log in.
	Production bool
	// Trusted are the reverse proxies whose X-Forwarded-For names the client.
	Trusted []netip.Prefix
	throttle
	recent recentSessions
}

// NewAccounts returns the login service. It hooks c's changes to accounts, sessions and
// the scopes tokens carry, to forget what it has read of them.
func NewAccounts(c *ent.Client, s *Signer, production bool, trusted []netip.Prefix) *Accounts {
	a := &Accounts{Client: c, Signer: s, Production: production, Trusted: trusted, throttle: throttle{now: time.Now}}
	c.User.Use(a.recent.forgetChanged)
	c.Session.Use(a.recent.forgetChanged)
	c.OrgUnit.Use(a.recent.forgetChanged)
	c.InspectionGroup.Use(a.recent.forgetChanged)
	return a
}

// Attempt is one login: the credentials, where it comes from, and whether the device
// asked to be remembered for RememberTTL rather than a working day.
type Attempt struct {
	Username, Password string
	Addr, UserAgent    string
	Remember           bool
}

// maxUserAgent is the part of a browser's User-Agent kept to name a session's device.
const maxUserAgent = 255

// Login checks a username and password, opens a session for the device and returns the
// user with the session's token and its expiry. Failures are counted per account and
// client address in the database, with a growing pause (see throttle).
func (a *Accounts) Login(ctx context.Context, in Attempt) (*ent.User, string, time.Time, error) {
	name, nameErr := username.Normalize(in.Username)
	if nameErr != nil {
		name = strings.ToLower(strings.TrimSpace(in.Username))
	}
	sys := viewer.SystemContext(ctx, viewer.Login)
	key := throttleKey(name, in.Addr)
	wait, counted, err := a.wait(sys, a.Client, key)
	if err != nil {
		return nil, "", time.Time{}, err
	}
	if wait > 0 {
		return nil, "", time.Time{}, &ThrottledError{RetryAfter: wait}
	}
	var u *ent.User
	if nameErr == nil {
		u, err = a.Client.User.Query().Where(user.Username(name)).Only(sys)
	}
	switch {
	case u == nil && (nameErr != nil || ent.IsNotFound(err)):
		SpendCheck(in.Password)
	case err != nil:
		return nil, "", time.Time{}, err
	}
	if u == nil || !CheckPassword(u.PasswordHash, in.Password) || !u.Active || (a.Production && u.Demo) {
		if err := a.fail(sys, a.Client, key); err != nil {
			return nil, "", time.Time{}, err
		}
		return nil, "", time.Time{}, ErrBadCredentials
	}
	if counted { // most logins have no failures to forget, and write nothing here
		if err := a.reset(sys, a.Client, key); err != nil {
			return nil, "", time.Time{}, err
		}
	}
	v, err := ViewerOf(sys, a.Client, u)
	if err != nil {
		return nil, "", time.Time{}, err
	}
	ttl := TokenTTL
	if in.Remember {
		ttl = RememberTTL
	}
	exp := a.Signer.Expiry(ttl)
	if u, v.SessionID, err = openSession(sys, a.Client, u, exp, in.UserAgent); err != nil {
		return nil, "", time.Time{}, err
	}
	a.recent.touched(v.SessionID, time.Now())
	token, err := a.Signer.Issue(v, exp)
	if err != nil {
		return nil, "", time.Time{}, err
	}
	return u, token, exp, nil
}

// openSession stamps the login time and opens the device's session, with their audit
// events, in one short transaction. Before it, it sweeps the account's sessions that
// ended more than a day ago, so that the table holds what the owner can still see; by
// primary key and outside the transaction, because on MySQL a range delete would lock
// the index gaps that concurrent logins insert into and deadlock them.
func openSession(ctx context.Context, c *ent.Client, u *ent.User, exp time.Time, agent string) (*ent.User, int, error) {
	if len(agent) > maxUserAgent {
		agent = strings.ToValidUTF8(agent[:maxUserAgent], "")
	}
	now := time.Now()
	old, err := c.Session.Query().Where(session.UserID(u.ID), session.ExpiresAtLT(now.Add(-24*time.Hour))).IDs(ctx)
	if err != nil {
		return nil, 0, err
	}
	if len(old) > 0 {
		if _, err := c.Session.Delete().Where(session.IDIn(old...)).Exec(ctx); err != nil {
			return nil, 0, err
		}
	}
	ctx, tx, err := audit.OpenTx(ctx, c)
	if err != nil {
		return nil, 0, err
	}
	u, err = tx.User.UpdateOne(u).SetLastLoginAt(now).Save(ctx)
	var s *ent.Session
	if err == nil {
		s, err = tx.Session.Create().SetUserID(u.ID).SetExpiresAt(exp).SetUserAgent(strings.TrimSpace(agent)).Save(ctx)
	}
	if err != nil {
		_ = tx.Rollback()
		return nil, 0, err
	}
	if err := tx.Commit(); err != nil {
		return nil, 0, err
	}
	return u.Unwrap(), s.ID, nil // the answer reads the account's edges after the commit
}

// ViewerOf builds the viewer of u: its role and the paths of its scope.
func ViewerOf(ctx context.Context, c *ent.Client, u *ent.User) (*viewer.Viewer, error) {
	v := &viewer.Viewer{UserID: u.ID, Username: u.Username, Role: string(u.Role)}
	if u.OrgUnitID != nil {
		o, err := c.OrgUnit.Get(ctx, *u.OrgUnitID)
		if err != nil {
			return nil, err
		}
		v.OrgUnitID, v.OrgPath = o.ID, o.Path
	}
	if u.InstitutionID != nil {
		v.InstitutionID = *u.InstitutionID
	}
	if u.InspectionGroupID != nil {
		v.GroupID = *u.InspectionGroupID
		paths, err := c.InspectionGroup.Query().
			Where(inspectiongroup.ID(v.GroupID)).QueryCovers().
			Select(orgunit.FieldPath).Strings(ctx)
		if err != nil {
			return nil, err
		}
		v.GroupPaths = paths
	}
	return v, nil
}

// touchEvery is how stale a session's last_seen_at may get: its owner sees "last used"
// to the nearest few minutes, and a busy phone writes it once in that time, not per request.
const touchEvery = 5 * time.Minute

// StillValid refuses a token whose session was ended or expired, whose account was
// disabled, or whose claims — role and scope, down to the org unit's path and the
// inspection group's coverage — are no longer the account's: one statement per session
// and second (recentSessions), and one write of last_seen_at per touchEvery.
func (a *Accounts) StillValid(ctx context.Context, v *viewer.Viewer) error {
	now := time.Now()
	u, ok := a.recent.get(v.SessionID, now)
	sys := viewer.SystemContext(ctx, viewer.Login)
	if !ok {
		var err error
		u, err = a.Client.User.Query().Where(sameScope(v),
			user.HasSessionsWith(session.ID(v.SessionID), session.RevokedAtIsNil(), session.ExpiresAtGT(now))).Only(sys)
		switch {
		case ent.IsNotFound(err):
			return ErrBadToken
		case err != nil: // not a refusal: the token may be fine once the account can be read
			return fmt.Errorf("reading the token's account: %w", err)
		}
		a.recent.put(v.SessionID, u, now)
	}
	if !u.Active || (a.Production && u.Demo) || u.Username != v.Username || string(u.Role) != v.Role ||
		deref(u.OrgUnitID) != v.OrgUnitID || deref(u.InstitutionID) != v.InstitutionID ||
		deref(u.InspectionGroupID) != v.GroupID {
		return ErrBadToken
	}
	if a.recent.touchDue(v.SessionID, now) {
		err := a.Client.Session.UpdateOneID(v.SessionID).SetLastSeenAt(now).Exec(sys)
		if err != nil && !ent.IsNotFound(err) {
			return fmt.Errorf("marking the session seen: %w", err)
		}
		a.recent.touched(v.SessionID, now)
	}
	return nil
}

// sameScope holds when the scope v's token carries is still what the account's org unit
// and inspection group say: the same path, and exactly the same covered paths.
func sameScope(v *viewer.Viewer) predicate.User {
	ps := []predicate.User{user.ID(v.UserID)}
	if v.OrgUnitID != 0 {
		ps = append(ps, user.HasOrgUnitWith(orgunit.Path(v.OrgPath)))
	}
	if v.GroupID != 0 {
		covers := inspectiongroup.Not(inspectiongroup.HasCovers())
		if len(v.GroupPaths) > 0 {
			covers = inspectiongroup.Not(inspectiongroup.HasCoversWith(orgunit.PathNotIn(v.GroupPaths...)))
		}
		g := []predicate.InspectionGroup{covers}
		for _, p := range v.GroupPaths {
			g = append(g, inspectiongroup.HasCoversWith(orgunit.Path(p)))
		}
		ps = append(ps, user.HasInspectionGroupWith(g...))
	}
	return user.And(ps...)
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}
