// Package auth turns passwords into tokens and tokens into viewers: password hashing,
// signed JWTs, the HTTP middleware that reads them, and the throttle on failed logins.
// It decides who is asking; what they may do is decided by ent's privacy policies.
package auth

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"mzdesk/internal/viewer"
)

// Issuer names mzdesk in its tokens' iss claim.
const Issuer = "mzdesk"

// TokenTTL is a working day: a token from the morning lasts until the evening.
const TokenTTL = 10 * time.Hour

// RememberTTL is how long a phone that asked to be remembered stays logged in: a month
// of a village committee's daily receipts without typing the password in the field.
const RememberTTL = 30 * 24 * time.Hour

// ErrBadToken is every reason a token is not accepted; the details stay in the logs.
var ErrBadToken = errors.New("invalid or expired token")

// Claims are what a token says about its holder: who, which role, and the scope, so that
// a request needs no lookup to know which rows it may see.
type Claims struct {
	jwt.RegisteredClaims
	SessionID     int      `json:"sid"`
	Role          string   `json:"role"`
	Username      string   `json:"usr"`
	OrgUnitID     int      `json:"org,omitempty"`
	OrgPath       string   `json:"orgp,omitempty"`
	InstitutionID int      `json:"inst,omitempty"`
	GroupID       int      `json:"grp,omitempty"`
	GroupPaths    []string `json:"grpp,omitempty"`
}

// Signer issues and checks tokens with one HS256 secret.
type Signer struct {
	secret   []byte
	now      func() time.Time
	verified verifiedTokens
}

// NewSigner returns a signer for secret.
func NewSigner(secret []byte) *Signer { return &Signer{secret: secret, now: time.Now} }

// verifiedTokens remembers the tokens this signer has checked, by their whole text, with
// the viewer each names and its validity: a phone sends the same token with every
// request, and checking the signature and decoding the claims again cost about 3% of
// the server's time on a village's list. Only a token that passed is kept; a forged or
// altered one is another text and is checked in full. Revocation is not decided here
// (Accounts.StillValid runs on every request), so remembering changes nothing about
// logging out.
type verifiedTokens struct {
	mu sync.Mutex
	m  map[string]verifiedToken
}

type verifiedToken struct {
	v               viewer.Viewer
	issued, expires time.Time
}

// verifiedMax bounds the tokens remembered: a city's phones, twice over. Past it the
// memory starts over, and each token is checked in full once more.
const verifiedMax = 20_000

func (t *verifiedTokens) get(token string) (verifiedToken, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	vt, ok := t.m[token]
	return vt, ok
}

func (t *verifiedTokens) put(token string, vt verifiedToken) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.m == nil || len(t.m) >= verifiedMax {
		t.m = map[string]verifiedToken{}
	}
	t.m[token] = vt
}

// Expiry is when a token issued now for ttl ends (tokens count in whole seconds).
func (s *Signer) Expiry(ttl time.Duration) time.Time { return s.now().Add(ttl).Truncate(time.Second) }

// Issue signs a token for v, valid until expires.
func (s *Signer) Issue(v *viewer.Viewer, expires time.Time) (string, error) {
	now := s.now()
	c := Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    Issuer,
			Subject:   strconv.Itoa(v.UserID),
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(expires),
		},
		SessionID: v.SessionID, Role: v.Role, Username: v.Username,
		OrgUnitID: v.OrgUnitID, OrgPath: v.OrgPath,
		InstitutionID: v.InstitutionID,
		GroupID:       v.GroupID, GroupPaths: v.GroupPaths,
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(s.secret)
}

// Parse checks a token — algorithm pinned to HS256, issuer, expiry — and returns the
// viewer it names, a copy of its own for each call. Any failure is ErrBadToken.
func (s *Signer) Parse(token string) (*viewer.Viewer, error) {
	// A token checked before is still checked against the clock: it holds from its issue
	// until its expiry, as jwt's own checks have it.
	if vt, ok := s.verified.get(token); ok {
		if now := s.now(); !now.Before(vt.issued) && now.Before(vt.expires) {
			v := vt.v
			return &v, nil
		}
	}
	var c Claims
	_, err := jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return s.secret, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(Issuer),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(s.now),
	)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadToken, err)
	}
	id, err := strconv.Atoi(c.Subject)
	if err != nil || id <= 0 {
		return nil, fmt.Errorf("%w: subject %q", ErrBadToken, c.Subject)
	}
	if c.SessionID <= 0 { // issued before tokens named their session: log in again
		return nil, fmt.Errorf("%w: no session", ErrBadToken)
	}
	v := viewer.Viewer{
		UserID: id, SessionID: c.SessionID, Username: c.Username, Role: c.Role,
		OrgUnitID: c.OrgUnitID, OrgPath: c.OrgPath,
		InstitutionID: c.InstitutionID,
		GroupID:       c.GroupID, GroupPaths: slices.Clip(c.GroupPaths),
	}
	if c.IssuedAt != nil {
		s.verified.put(token, verifiedToken{v: v, issued: c.IssuedAt.Time, expires: c.ExpiresAt.Time})
	}
	return &v, nil
}
