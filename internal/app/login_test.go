package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"testing"

	"mzdesk/ent/orgunit"
	"mzdesk/ent/user"
	"mzdesk/internal/apptest"
	"mzdesk/internal/viewer"
)

const loginDoc = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token viewer { username } } }`

// from is a public client whose requests come through a trusted proxy for addr.
func from(s *apptest.Server, t *testing.T, addr string) *apptest.Client {
	c := s.Public(t)
	c.Header = http.Header{"X-Forwarded-For": {addr}}
	return c
}

// TestUsernamesHaveOneSpelling creates and logs in accounts with names typed every way:
// padded and upper-case names are the same account, names with Cyrillic letters or
// control characters are refused.
func TestUsernamesHaveOneSpelling(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			admin := s.As(t, "admin")
			unit := s.App.Client.OrgUnit.Query().Where(orgunit.Code("430702001003")).OnlyIDX(systemCtx())
			create := `mutation($n: String!, $u: ID!) { createUser(password: "demo-2020",
				input: {username: $n, displayName: "测试", role: VILLAGE_COMMITTEE, orgUnitID: $u}) { username } }`
			var made struct{ CreateUser struct{ Username string } }
			admin.MustDo(create, map[string]any{"n": "  New-Village.01 ", "u": unit}, &made)
			if made.CreateUser.Username != "new-village.01" {
				t.Errorf("stored as %q", made.CreateUser.Username)
			}
			for name, want := range map[string]string{
				"new-village.01": "CONFLICT", "NEW-VILLAGE.01": "CONFLICT", "ＡＤＭＩＮ": "CONFLICT", "admin ": "CONFLICT",
				"\u0430dmin": "BAD_USER_INPUT", "vill\u0430ge-1": "BAD_USER_INPUT", "adm\x00in": "BAD_USER_INPUT",
				"ad\u200bmin": "BAD_USER_INPUT", "   ": "BAD_USER_INPUT", "a\nb": "BAD_USER_INPUT",
			} {
				if got := admin.Do(create, map[string]any{"n": name, "u": unit}).Code(); got != want {
					t.Errorf("createUser %q: %q, want %q", name, got, want)
				}
			}
			id := s.App.Client.User.Query().Where(user.Username("new-village.01")).OnlyIDX(systemCtx())
			if r := admin.Do(`mutation($id: ID!) { updateUser(id: $id, input: {username: "Аdmin2"}) { id } }`, map[string]any{"id": id}); r.Code() != "BAD_USER_INPUT" {
				t.Errorf("renamed to a Cyrillic name: %+v", r.Errors)
			}

			pub := s.Public(t)
			for _, typed := range []string{"village-430702001005    ", "VILLAGE-430702001005", " Village-430702001005\t", "ｖｉｌｌａｇｅ-430702001005"} {
				var out struct {
					Login struct{ Viewer struct{ Username string } }
				}
				pub.MustDo(loginDoc, map[string]any{"u": typed, "p": apptest.Password}, &out)
				if out.Login.Viewer.Username != "village-430702001005" {
					t.Errorf("%q logs in as %q", typed, out.Login.Viewer.Username)
				}
			}
			for _, typed := range []string{"\u0430dmin", "admin\x00", "adm\x00in"} {
				if r := pub.Do(loginDoc, map[string]any{"u": typed, "p": apptest.Password}); r.Code() != "UNAUTHENTICATED" {
					t.Errorf("login %q: %+v", typed, r.Errors)
				}
			}
		})
	}
}

// TestOneLoginPerRequest sends 40 logins in one request, aliased or through fragments,
// and a login beside another mutation: each is refused BAD_USER_INPUT before any
// password is checked, so none counts as a failure either.
func TestOneLoginPerRequest(t *testing.T) {
	s := apptest.Start(t, apptest.Databases()[0])
	var aliased strings.Builder
	aliased.WriteString("mutation {")
	for i := range 40 {
		fmt.Fprintf(&aliased, ` l%d: login(username: "care", password: "guess-%d") { token }`, i, i)
	}
	aliased.WriteString(" }")
	pub := s.Public(t)
	for name, doc := range map[string]string{
		"40 aliases": aliased.String(),
		"two through fragments": `mutation { ...A ...B } fragment A on Mutation { login(username: "care", password: "x-1") { token } }
			fragment B on Mutation { b: login(username: "care", password: "x-2") { token } }`,
		"inline fragments":        `mutation { ... on Mutation { login(username: "care", password: "x-1") { token } } a: login(username: "care", password: "x-2") { token } }`,
		"beside another mutation": `mutation { login(username: "care", password: "x-1") { token } changePassword(oldPassword: "a", newPassword: "b") }`,
	} {
		r := pub.Do(doc, nil)
		if r.Code() != "BAD_USER_INPUT" || string(r.Data) != "" && string(r.Data) != "null" {
			t.Errorf("%s: %s %+v", name, r.Data, r.Errors)
		}
	}
	if n := s.App.Client.LoginFailure.Query().CountX(viewer.SystemContext(context.Background(), viewer.Login)); n != 0 {
		t.Errorf("%d failures counted: passwords were checked", n)
	}
	if s.As(t, "care").Token == "" {
		t.Error("a single login fails")
	}
}

// TestThrottleIsFair: failures count per account and client address, in the database.
// One attacker behind a carrier address does not lock out the other phones there, nor
// the owner of the account it attacks from another address; the attacker's own tries
// slow down; another replica counts the same failures; X-Forwarded-For from a peer that
// is not a trusted proxy changes nothing.
func TestThrottleIsFair(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			spec := db.New(t)
			s, replica := apptest.StartOn(t, spec), apptest.StartOn(t, spec)
			loopback := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
			s.App.Accounts.Trusted, replica.App.Accounts.Trusted = loopback, loopback

			const nat, elsewhere = "100.64.0.1", "198.51.100.7"
			victim := "village-430702001002"
			attacker := from(s, t, nat)
			for i := range 12 {
				r := attacker.Do(loginDoc, map[string]any{"u": victim, "p": fmt.Sprintf("guess-%d", i)})
				if i < 5 && r.Code() != "UNAUTHENTICATED" {
					t.Fatalf("guess %d: %+v", i, r.Errors)
				}
				if i >= 5 && (r.Code() != "FORBIDDEN" || !strings.Contains(r.Errors[0].Message, "too many")) {
					t.Fatalf("guess %d is not slowed down: %+v", i, r.Errors)
				}
			}
			// The same pair on the other replica, with the right password: still waiting.
			if r := from(replica, t, nat).Do(loginDoc, map[string]any{"u": victim, "p": apptest.Password}); r.Code() != "FORBIDDEN" {
				t.Errorf("the other replica does not share the count: %+v", r.Errors)
			}
			// The owner, from elsewhere, logs in; so do 20 other phones behind the NAT.
			if r := from(s, t, elsewhere).Do(loginDoc, map[string]any{"u": victim, "p": apptest.Password}); r.Code() != "" {
				t.Errorf("the attacked account is locked out for its owner: %+v", r.Errors)
			}
			phones := s.App.Client.User.Query().Where(user.RoleEQ(user.RoleVILLAGE_COMMITTEE), user.UsernameNEQ(victim)).
				Limit(20).Select(user.FieldUsername).StringsX(systemCtx())
			for _, name := range phones {
				if r := from(replica, t, nat).Do(loginDoc, map[string]any{"u": name, "p": apptest.Password}); r.Code() != "" {
					t.Errorf("%s behind the same address is locked out: %+v", name, r.Errors)
				}
			}
			// Spellings of one name share one count.
			for i, typed := range []string{"care", "CARE", " care ", "Care", "care\t", "ｃａｒｅ"} {
				if r := from(s, t, elsewhere).Do(loginDoc, map[string]any{"u": typed, "p": "wrong-pw"}); i < 5 && r.Code() != "UNAUTHENTICATED" ||
					i == 5 && r.Code() != "FORBIDDEN" {
					t.Errorf("%q, failure %d: %+v", typed, i+1, r.Errors)
				}
			}

			// Without trusted proxies the header is ignored: each try claims a new
			// address, and all count against the peer's.
			untrusted := apptest.Start(t, db)
			for i := range 6 {
				r := from(untrusted, t, fmt.Sprintf("203.0.113.%d", i)).Do(loginDoc, map[string]any{"u": "charity", "p": "wrong-pw"})
				if i == 5 && r.Code() != "FORBIDDEN" {
					t.Errorf("X-Forwarded-For from an untrusted peer escapes the throttle: %+v", r.Errors)
				}
			}
		})
	}
}
