package app_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"mzdesk/ent/orgunit"
	"mzdesk/ent/user"
	"mzdesk/internal/apptest"
)

// TestSessionsRevoked issues a token, then each event that must end it — a password
// changed or reset, a role or scope changed, the account disabled, its sessions ended by
// their owner or by whoever manages the account — and the token answers 401
// UNAUTHENTICATED afterwards. Changes that leave what a token claims alone end nothing.
func TestSessionsRevoked(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			ctx := systemCtx()
			unit := func(code string) int { return s.App.Client.OrgUnit.Query().Where(orgunit.Code(code)).OnlyIDX(ctx) }
			admin, bureau := s.As(t, "admin"), s.As(t, "bureau")
			n := 0
			// account makes a fresh village account, logged in with a token before the event.
			account := func() (id int, name string, c *apptest.Client) {
				n++
				name = fmt.Sprintf("sess-%d", n)
				var out struct{ CreateUser struct{ ID string } }
				admin.MustDo(`mutation($n: String!, $u: ID!) { createUser(password: "demo-2020",
					input: {username: $n, displayName: "测试", role: VILLAGE_COMMITTEE, orgUnitID: $u}) { id } }`,
					map[string]any{"n": name, "u": unit("430702001003")}, &out)
				c = s.As(t, name)
				c.MustDo(`{ viewer { id } }`, nil, nil)
				return mustAtoi(out.CreateUser.ID), name, c
			}
			refused := func(event string, c *apptest.Client) {
				t.Helper()
				if r := c.Do(`{ viewer { id } }`, nil); r.Status != http.StatusUnauthorized || r.Code() != "UNAUTHENTICATED" {
					t.Errorf("%s: a token issued before still answers %d %+v", event, r.Status, r.Errors)
				}
			}
			works := func(event string, c *apptest.Client) {
				t.Helper()
				if r := c.Do(`{ viewer { id } }`, nil); r.Status != http.StatusOK || len(r.Errors) > 0 {
					t.Errorf("%s: the token stopped working: %d %+v", event, r.Status, r.Errors)
				}
			}

			for event, run := range map[string]func(id int, name string) *apptest.Client{
				"resetPassword by ADMIN": func(id int, _ string) *apptest.Client {
					admin.MustDo(`mutation($id: ID!) { resetPassword(id: $id, password: "another-2020") }`, map[string]any{"id": id}, nil)
					return admin
				},
				"resetPassword by BUREAU": func(id int, _ string) *apptest.Client {
					bureau.MustDo(`mutation($id: ID!) { resetPassword(id: $id, password: "another-2020") }`, map[string]any{"id": id}, nil)
					return bureau
				},
				"role changed": func(id int, _ string) *apptest.Client {
					admin.MustDo(`mutation($id: ID!) { updateUser(id: $id, input: {role: BUREAU}) { id } }`, map[string]any{"id": id}, nil)
					return admin
				},
				"scope changed": func(id int, _ string) *apptest.Client {
					admin.MustDo(`mutation($id: ID!, $u: ID!) { updateUser(id: $id, input: {orgUnitID: $u}) { id } }`,
						map[string]any{"id": id, "u": unit("430702001004")}, nil)
					return admin
				},
				"disabled": func(id int, _ string) *apptest.Client {
					bureau.MustDo(`mutation($id: ID!) { updateUser(id: $id, input: {active: false}) { id } }`, map[string]any{"id": id}, nil)
					return bureau
				},
				"renamed": func(id int, _ string) *apptest.Client {
					admin.MustDo(`mutation($id: ID!) { updateUser(id: $id, input: {username: "sess-renamed"}) { id } }`, map[string]any{"id": id}, nil)
					return admin
				},
				"signOutEverywhere by ADMIN": func(id int, _ string) *apptest.Client {
					var out struct{ SignOutEverywhere int }
					admin.MustDo(`mutation($id: ID!) { signOutEverywhere(userID: $id) }`, map[string]any{"id": id}, &out)
					if out.SignOutEverywhere != 2 {
						t.Errorf("signOutEverywhere ended %d sessions, want 2", out.SignOutEverywhere)
					}
					return admin
				},
				"signOutEverywhere by BUREAU": func(id int, _ string) *apptest.Client {
					bureau.MustDo(`mutation($id: ID!) { signOutEverywhere(userID: $id) }`, map[string]any{"id": id}, nil)
					return bureau
				},
				"signOutEverywhere by its owner": func(_ int, name string) *apptest.Client {
					owner := s.As(t, name)
					var out struct{ SignOutEverywhere int }
					owner.MustDo(`mutation { signOutEverywhere }`, nil, &out)
					if out.SignOutEverywhere != 3 {
						t.Errorf("signOutEverywhere ended %d sessions, want all 3", out.SignOutEverywhere)
					}
					refused("signOutEverywhere: the asking session", owner)
					return admin
				},
				"changePassword elsewhere": func(_ int, name string) *apptest.Client {
					owner := s.As(t, name)
					owner.MustDo(`mutation { changePassword(oldPassword: "demo-2020", newPassword: "another-2020") }`, nil, nil)
					works("changePassword: the session it was changed from", owner)
					return owner
				},
			} {
				id, name, before := account()
				other := s.As(t, name) // a second device
				caller := run(id, name)
				refused(event, before)
				refused(event+" (second device)", other)
				works(event+": the caller's own token", caller)
			}

			// endSession ends exactly the session it names.
			_, name, phone := account()
			desk := s.As(t, name)
			var mine struct {
				MySessions []struct {
					ID        string
					Current   bool
					UserAgent string
					ExpiresAt time.Time
				}
			}
			desk.MustDo(`{ mySessions { id current userAgent expiresAt lastSeenAt createdAt } }`, nil, &mine)
			if len(mine.MySessions) != 2 || !mine.MySessions[0].Current || mine.MySessions[1].Current {
				t.Fatalf("mySessions: %+v, want the desk's (current) then the phone's", mine.MySessions)
			}
			desk.MustDo(`mutation($id: ID!) { endSession(id: $id) }`, map[string]any{"id": mine.MySessions[1].ID}, nil)
			refused("endSession", phone)
			works("endSession of another session", desk)
			var again struct{ EndSession bool }
			desk.MustDo(`mutation($id: ID!) { endSession(id: $id) }`, map[string]any{"id": mine.MySessions[1].ID}, &again)
			if again.EndSession {
				t.Error("ending an ended session answers true")
			}

			// Another account's session: not found, and still open.
			_, _, victim := account()
			var theirs struct{ UserSessions []struct{ ID string } }
			admin.MustDo(`query($id: ID!) { userSessions(userID: $id) { id } }`,
				map[string]any{"id": s.App.Client.User.Query().Where(user.Username(fmt.Sprintf("sess-%d", n))).OnlyIDX(ctx)}, &theirs)
			if len(theirs.UserSessions) != 1 {
				t.Fatalf("userSessions: %+v", theirs.UserSessions)
			}
			if r := desk.Do(`mutation($id: ID!) { endSession(id: $id) }`, map[string]any{"id": theirs.UserSessions[0].ID}); r.Code() != "NOT_FOUND" {
				t.Errorf("ending another account's session: %+v", r.Errors)
			}
			works("another account ended its session", victim)
			outside := s.App.Client.User.Query().Where(user.Username("institution")).OnlyIDX(ctx)
			s.As(t, "institution")
			var none struct{ UserSessions []struct{ ID string } }
			wuling := bureauOf(t, s, admin, "430702")
			if r := wuling.Do(`query($id: ID!) { userSessions(userID: $id) { id } }`, map[string]any{"id": outside}); r.Code() != "NOT_FOUND" {
				t.Errorf("a district bureau lists the sessions of an account outside it: %s %+v", r.Data, r.Errors)
			}
			if r := wuling.Do(`mutation($id: ID!) { signOutEverywhere(userID: $id) }`, map[string]any{"id": outside}); r.Code() != "NOT_FOUND" {
				t.Errorf("a district bureau signs out an account outside it: %s %+v", r.Data, r.Errors)
			}
			admin.MustDo(`query($id: ID!) { userSessions(userID: $id) { id } }`, map[string]any{"id": outside}, &none)
			if len(none.UserSessions) != 1 {
				t.Errorf("the account outside lost its session: %+v", none.UserSessions)
			}

			// Changes that leave the token's claims as they were end nothing.
			id, _, kept := account()
			admin.MustDo(`mutation($id: ID!, $u: ID!) { updateUser(id: $id, input: {displayName: "新名字", role: VILLAGE_COMMITTEE,
				orgUnitID: $u, active: true}) { id } }`, map[string]any{"id": id, "u": unit("430702001003")}, nil)
			works("an unchanged role and scope sent back", kept)

			// A token's scope must be the account's: the org unit's path moved under it.
			_, _, moved := account()
			s.App.Client.OrgUnit.Update().Where(orgunit.Code("430702001003")).SetPath("430700/430702/430702001/430702001003x/").ExecX(ctx)
			refused("the scope's path changed", moved)
		})
	}
}

// bureauOf creates a BUREAU account for the org unit code and logs it in.
func bureauOf(t *testing.T, s *apptest.Server, admin *apptest.Client, code string) *apptest.Client {
	t.Helper()
	u := s.App.Client.OrgUnit.Query().Where(orgunit.Code(code)).OnlyIDX(systemCtx())
	name := "bureau-" + code
	admin.MustDo(`mutation($n: String!, $u: ID!) { createUser(password: "demo-2020",
		input: {username: $n, displayName: "区民政局", role: BUREAU, orgUnitID: $u}) { id } }`, map[string]any{"n": name, "u": u}, nil)
	return s.As(t, name)
}

// TestRememberedDevice logs in with remember: a 30-day session named by the browser.
func TestRememberedDevice(t *testing.T) {
	s := apptest.Start(t, apptest.Databases()[0])
	phone := s.Public(t)
	phone.Header = http.Header{"User-Agent": {"Mozilla/5.0 (Linux; Android 10) 村委会手机"}}
	var out struct {
		Login struct {
			Token     string
			ExpiresAt time.Time
		}
	}
	phone.MustDo(`mutation { login(username: "village-430702001001", password: "demo-2020", remember: true) { token expiresAt } }`, nil, &out)
	if d := time.Until(out.Login.ExpiresAt); d < 29*24*time.Hour || d > 30*24*time.Hour {
		t.Errorf("a remembered phone's session lasts %v", d)
	}
	phone.Token = out.Login.Token
	var mine struct {
		MySessions []struct {
			UserAgent string
			ExpiresAt time.Time
		}
	}
	phone.MustDo(`{ mySessions { userAgent expiresAt } }`, nil, &mine)
	if len(mine.MySessions) != 1 || mine.MySessions[0].UserAgent != "Mozilla/5.0 (Linux; Android 10) 村委会手机" ||
		!mine.MySessions[0].ExpiresAt.Equal(out.Login.ExpiresAt) {
		t.Errorf("mySessions: %+v", mine.MySessions)
	}
	desk := s.Public(t)
	desk.MustDo(`mutation { login(username: "village-430702001001", password: "demo-2020") { token expiresAt } }`, nil, &out)
	if d := time.Until(out.Login.ExpiresAt); d < 9*time.Hour || d > 10*time.Hour {
		t.Errorf("a session not remembered lasts %v", d)
	}
}
