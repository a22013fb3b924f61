package auth

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"mzdesk/internal/viewer"
)

var village = &viewer.Viewer{UserID: 42, SessionID: 9, Username: "village-430702001001", Role: viewer.VillageCommittee, OrgUnitID: 7, OrgPath: "430700/430702/430702001/430702001001/"}

func TestTokenRoundTrip(t *testing.T) {
	s := NewSigner([]byte("0123456789abcdef0123456789abcdef"))
	exp := s.Expiry(TokenTTL)
	tok, err := s.Issue(village, exp)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Until(exp); d < 9*time.Hour || d > TokenTTL {
		t.Errorf("expires in %v, want a working day", d)
	}
	v, err := s.Parse(tok)
	if err != nil {
		t.Fatal(err)
	}
	if v.UserID != 42 || v.SessionID != 9 || v.Role != viewer.VillageCommittee || v.OrgPath != village.OrgPath || v.OrgUnitID != 7 {
		t.Errorf("parsed %+v", v)
	}
}

// TestTokensRefused covers every way a token can be wrong: each is ErrBadToken.
func TestTokensRefused(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	s := NewSigner(secret)
	good, _ := s.Issue(village, s.Expiry(TokenTTL))
	parts := strings.Split(good, ".")

	expired := NewSigner(secret)
	expired.now = func() time.Time { return time.Now().Add(-TokenTTL - time.Minute) }
	old, _ := expired.Issue(village, expired.Expiry(TokenTTL))

	otherSigner := NewSigner([]byte("another-secret-another-secret-xx"))
	otherKey, _ := otherSigner.Issue(village, otherSigner.Expiry(TokenTTL))

	none, _ := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims{
		"iss": Issuer, "sub": "42", "role": "ADMIN", "iat": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix(),
	}).SignedString(jwt.UnsafeAllowNoneSignatureType)

	payload, _ := base64.RawURLEncoding.DecodeString(parts[1])
	forged := strings.Replace(string(payload), `"role":"VILLAGE_COMMITTEE"`, `"role":"ADMIN"`, 1)
	changedRole := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(forged)) + "." + parts[2]

	wrongIssuer, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"iss": "elsewhere", "sub": "42", "role": "ADMIN", "iat": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix(),
	}).SignedString(secret)
	noExpiry, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"iss": Issuer, "sub": "42", "sid": 9, "role": "ADMIN", "iat": time.Now().Unix(),
	}).SignedString(secret)
	noSession, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"iss": Issuer, "sub": "42", "role": "VILLAGE_COMMITTEE", "iat": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix(),
	}).SignedString(secret)

	for name, tok := range map[string]string{
		"expired": old, "other key": otherKey, "alg none": none, "changed role claim": changedRole,
		"malformed": "not-a-token", "empty": "", "two parts": parts[0] + "." + parts[1],
		"wrong issuer": wrongIssuer, "no expiry": noExpiry, "no session": noSession,
	} {
		if _, err := s.Parse(tok); !errors.Is(err, ErrBadToken) {
			t.Errorf("%s: accepted (%v)", name, err)
		}
	}
}

// TestVerifiedTokensRemembered: a token checked once answers from memory, each time with
// a viewer of its own, until it expires, when it is refused though remembered; an
// altered copy of a remembered token is still refused; the memory stays bounded.
func TestVerifiedTokensRemembered(t *testing.T) {
	now := time.Now()
	s := NewSigner([]byte("0123456789abcdef0123456789abcdef"))
	s.now = func() time.Time { return now }
	groups := &viewer.Viewer{UserID: 43, SessionID: 10, Username: "inspector-1", Role: viewer.Inspector, GroupID: 3,
		GroupPaths: []string{"430700/430702/", "430700/430703/"}}
	tok, err := s.Issue(groups, s.Expiry(TokenTTL))
	if err != nil {
		t.Fatal(err)
	}
	first, err := s.Parse(tok)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.verified.get(tok); !ok {
		t.Fatal("a checked token is not remembered")
	}
	first.Role = viewer.Admin
	first.GroupPaths = append(first.GroupPaths, "430700/")
	second, err := s.Parse(tok)
	if err != nil || second == first || second.Role != viewer.Inspector || len(second.GroupPaths) != 2 || second.UserID != 43 {
		t.Fatalf("remembered token answered %+v, %v: want its own unchanged viewer", second, err)
	}

	parts := strings.Split(tok, ".")
	altered := parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2]))
	if _, err := s.Parse(altered); !errors.Is(err, ErrBadToken) {
		t.Errorf("an altered signature of a remembered token: %v", err)
	}

	now = now.Add(TokenTTL + time.Second)
	if _, err := s.Parse(tok); !errors.Is(err, ErrBadToken) {
		t.Errorf("a remembered token past its expiry: %v", err)
	}

	s.verified.m = map[string]verifiedToken{}
	for i := range verifiedMax {
		s.verified.m[strconv.Itoa(i)] = verifiedToken{}
	}
	now = time.Now()
	fresh, _ := s.Issue(village, s.Expiry(TokenTTL))
	if _, err := s.Parse(fresh); err != nil {
		t.Fatal(err)
	}
	if n := len(s.verified.m); n != 1 {
		t.Errorf("after the bound the memory holds %d tokens, want it started over", n)
	}
}

// TestPauseGrows: a few failures are free, then each one doubles the pause, up to a cap.
func TestPauseGrows(t *testing.T) {
	prev := time.Duration(0)
	for n := 1; n <= 40; n++ {
		p := pauseAfter(n)
		switch {
		case n <= freeFailures && p != 0:
			t.Errorf("failure %d pauses %v; the first %d are free", n, p, freeFailures)
		case n > freeFailures && (p < prev || p <= 0 || p > maxPause):
			t.Errorf("failure %d pauses %v after %v", n, p, prev)
		}
		prev = p
	}
	if pauseAfter(freeFailures+1) != firstPause || pauseAfter(40) != maxPause {
		t.Errorf("pauses %v … %v", pauseAfter(freeFailures+1), pauseAfter(40))
	}
}

func TestPasswords(t *testing.T) {
	h, err := HashPassword("demo-2020")
	if err != nil {
		t.Fatal(err)
	}
	if !CheckPassword(h, "demo-2020") || CheckPassword(h, "demo-2021") {
		t.Error("password check wrong")
	}
	if strings.Contains(h, "demo-2020") || !strings.HasPrefix(h, "$2a$11$") {
		t.Errorf("hash %q", h)
	}
	if _, err := HashPassword("short"); !errors.Is(err, ErrWeakPassword) {
		t.Error("short password accepted")
	}
}

// FuzzParse throws arbitrary text at the token parser: it refuses or returns a viewer,
// never panics, and never accepts what the signer did not sign.
func FuzzParse(f *testing.F) {
	s := NewSigner([]byte("0123456789abcdef0123456789abcdef"))
	good, _ := s.Issue(village, s.Expiry(TokenTTL))
	for _, seed := range []string{good, "", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", good + "x"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		v, err := s.Parse(tok)
		if err == nil && (v == nil || tok != good && v.Role != village.Role) {
			t.Fatalf("accepted %q as %+v", tok, v)
		}
	})
}
