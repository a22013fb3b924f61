package app_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"mzdesk/ent/orgunit"
	"mzdesk/ent/user"
	"mzdesk/internal/apptest"
)

// TestBureauManagesOnlyBelowItsUnit gives 武陵区 a bureau account and has it manage
// accounts: inside its district yes, elsewhere or with powers above its own no.
func TestBureauManagesOnlyBelowItsUnit(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			ctx := systemCtx()
			unit := func(code string) int { return s.App.Client.OrgUnit.Query().Where(orgunit.Code(code)).OnlyIDX(ctx) }
			admin := s.As(t, "admin")
			create := `mutation($name: String!, $role: Role!, $unit: ID) { createUser(password: "demo-2020",
				input: {username: $name, displayName: "测试", role: $role, orgUnitID: $unit}) { id } }`
			admin.MustDo(create, map[string]any{"name": "wuling-bureau", "role": "BUREAU", "unit": unit("430702")}, nil)
			wuling := s.As(t, "wuling-bureau")
			if wuling.Token == "" {
				t.Fatal("new account cannot log in")
			}

			for name, c := range map[string]struct {
				role string
				unit int
				code string
			}{
				"village in its district":     {"VILLAGE_COMMITTEE", unit("430702001003"), ""},
				"village in another county":   {"VILLAGE_COMMITTEE", unit("430725101"), "FORBIDDEN"},
				"its own level":               {"BUREAU", unit("430702"), "FORBIDDEN"},
				"an administrator":            {"ADMIN", unit("430702001003"), "FORBIDDEN"},
				"a village account, no scope": {"VILLAGE_COMMITTEE", 0, "BAD_USER_INPUT"},
			} {
				vars := map[string]any{"name": "u-" + strings.NewReplacer(" ", "-", ",", "").Replace(name), "role": c.role, "unit": c.unit}
				if c.unit == 0 {
					vars["unit"] = nil
				}
				if got := wuling.Do(create, vars).Code(); got != c.code {
					t.Errorf("%s: %q, want %q", name, got, c.code)
				}
			}
			outside := s.App.Client.User.Query().Where(user.Username("institution")).OnlyIDX(ctx)
			r := wuling.Do(`mutation($id: ID!) { resetPassword(id: $id, password: "taken-over") }`, map[string]any{"id": outside})
			if r.Code() != "NOT_FOUND" && r.Code() != "FORBIDDEN" {
				t.Errorf("reset a password outside its district: %+v", r.Errors)
			}
			if n := s.App.Client.User.Query().Where(user.UsernameHasPrefix("u-")).CountX(ctx); n != 1 {
				t.Errorf("%d accounts created, want only the one inside the district", n)
			}
		})
	}
}

// TestTokenOfDisabledAccountRefused disables an account on one of two servers: its token
// stops working there at once, and on the other within the second the other server
// answers from the account as it last read it.
func TestTokenOfDisabledAccountRefused(t *testing.T) {
	spec := apptest.Databases()[0].New(t)
	s, other := apptest.StartOn(t, spec), apptest.StartOn(t, spec)
	village := s.As(t, "village-430702001001")
	elsewhere := other.Public(t)
	elsewhere.Token = village.Token               // both servers share the JWT secret
	village.MustDo(`{ viewer { id } }`, nil, nil) // both servers have just read the account
	elsewhere.MustDo(`{ viewer { id } }`, nil, nil)
	id := s.App.Client.User.Query().Where(user.Username("village-430702001001")).OnlyIDX(systemCtx())
	s.As(t, "admin").MustDo(`mutation($id: ID!) { updateUser(id: $id, input: {active: false}) { id } }`, map[string]any{"id": id}, nil)
	r := village.Do(`{ viewer { id } }`, nil)
	if r.Status != http.StatusUnauthorized || r.Code() != "UNAUTHENTICATED" {
		t.Errorf("disabled account's token: %d %+v", r.Status, r.Errors)
	}
	disabled := time.Now()
	for elsewhere.Do(`{ viewer { id } }`, nil).Code() != "UNAUTHENTICATED" {
		if time.Since(disabled) > 3*time.Second {
			t.Fatal("the other server still takes the disabled account's token 3 s later")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if r := s.Public(t).Do(`mutation { login(username: "village-430702001001", password: "demo-2020") { token } }`, nil); r.Code() != "UNAUTHENTICATED" {
		t.Errorf("disabled account logs in: %+v", r.Errors)
	}
	bad := s.Public(t)
	bad.Token = "not.a.token"
	if r := bad.Do(`{ viewer { id } }`, nil); r.Status != http.StatusUnauthorized || r.Code() != "UNAUTHENTICATED" {
		t.Errorf("malformed token: %d %+v", r.Status, r.Errors)
	}
}
