package auth

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"mzdesk/ent"
	"mzdesk/ent/inspectiongroup"
	"mzdesk/ent/orgunit"
	"mzdesk/ent/user"
	"mzdesk/internal/viewer"
)

// ErrBadCredentials is the one answer to a wrong username, a wrong password and a
// disabled account alike.
var ErrBadCredentials = errors.New("wrong username or password")

// ThrottledError says a login was refused without checking, and for how long.
type ThrottledError struct{ RetryAfter time.Duration }

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("too many failed logins; try again in %d minutes", int(e.RetryAfter.Minutes())+1)
}

// Accounts logs users in and checks that a token's holder still may act.
type Accounts struct {
	Client *ent.Client
	Signer *Signer
	// Production accounts only: demo accounts cannot log in.
	Production bool
	byUser     *Throttle
	byAddr     *Throttle
	recent     recentAccounts
}

// NewAccounts returns the login service: 5 failures per username and 30 per address
// within 15 minutes, then a pause. It hooks c's account changes, to forget the accounts
// it has read that change.
func NewAccounts(c *ent.Client, s *Signer, production bool) *Accounts {
	a := &Accounts{Client: c, Signer: s, Production: production,
		byUser: NewThrottle(5, 15*time.Minute), byAddr: NewThrottle(30, 15*time.Minute)}
	c.User.Use(a.recent.forgetChanged)
	return a
}

// Login checks a username and password and returns the user with a fresh token.
func (a *Accounts) Login(ctx context.Context, c *ent.Client, username, password, addr string) (*ent.User, string, time.Time, error) {
	for _, k := range []struct {
		t   *Throttle
		key string
	}{{a.byUser, username}, {a.byAddr, addr}} {
		if blocked, wait := k.t.Blocked(k.key); blocked {
			return nil, "", time.Time{}, &ThrottledError{RetryAfter: wait}
		}
	}
	sys := viewer.SystemContext(ctx, viewer.Login)
	u, err := c.User.Query().Where(user.Username(username)).Only(sys)
	switch {
	case ent.IsNotFound(err):
		SpendCheck(password)
	case err != nil:
		return nil, "", time.Time{}, err
	}
	if u == nil || !CheckPassword(u.PasswordHash, password) || !u.Active || (a.Production && u.Demo) {
		a.byUser.Fail(username)
		a.byAddr.Fail(addr)
		return nil, "", time.Time{}, ErrBadCredentials
	}
	a.byUser.Reset(username)
	v, err := ViewerOf(sys, c, u)
	if err != nil {
		return nil, "", time.Time{}, err
	}
	token, exp, err := a.Signer.Issue(v)
	if err != nil {
		return nil, "", time.Time{}, err
	}
	if u, err = recordLogin(sys, c, u); err != nil {
		return nil, "", time.Time{}, err
	}
	return u, token, exp, nil
}

// recordLogin stamps the login time, with its audit event, in a short transaction of
// its own (or the caller's, when c already belongs to one).
func recordLogin(ctx context.Context, c *ent.Client, u *ent.User) (*ent.User, error) {
	tx, err := c.Tx(ctx)
	if errors.Is(err, ent.ErrTxStarted) {
		return c.User.UpdateOne(u).SetLastLoginAt(time.Now()).Save(ctx)
	}
	if err != nil {
		return nil, err
	}
	if u, err = tx.User.UpdateOne(u).SetLastLoginAt(time.Now()).Save(ctx); err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return u.Unwrap(), nil // the answer reads the account's edges after the commit
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

// StillValid refuses a token whose account was disabled, or whose role or scope changed,
// after the token was issued: one primary-key lookup per account and second.
func (a *Accounts) StillValid(ctx context.Context, v *viewer.Viewer) error {
	now := time.Now()
	u, ok := a.recent.get(v.UserID, now)
	if !ok {
		var err error
		u, err = a.Client.User.Get(viewer.SystemContext(ctx, viewer.Login), v.UserID)
		switch {
		case ent.IsNotFound(err):
			return ErrBadToken
		case err != nil: // not a refusal: the token may be fine once the account can be read
			return fmt.Errorf("reading the token's account: %w", err)
		}
		a.recent.put(u, now)
	}
	if !u.Active || (a.Production && u.Demo) || string(u.Role) != v.Role ||
		deref(u.OrgUnitID) != v.OrgUnitID || deref(u.InstitutionID) != v.InstitutionID ||
		deref(u.InspectionGroupID) != v.GroupID {
		return ErrBadToken
	}
	return nil
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

type addrKey struct{}

// WithClientAddr records the client's address (without port) for the login throttle.
func WithClientAddr(ctx context.Context, remoteAddr string) context.Context {
	host, _, err := net.SplitHostPort(remoteAddr)
	if err != nil {
		host = remoteAddr
	}
	return context.WithValue(ctx, addrKey{}, host)
}

// ClientAddr returns the address WithClientAddr recorded.
func ClientAddr(ctx context.Context) string {
	s, _ := ctx.Value(addrKey{}).(string)
	return s
}
