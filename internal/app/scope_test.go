package app_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"mzdesk/ent"
	"mzdesk/ent/donor"
	"mzdesk/ent/item"
	"mzdesk/ent/orgunit"
	"mzdesk/internal/apptest"
	"mzdesk/internal/quantity"
)

// twoVillageAllocations writes one donation line allocated to two villages of 武陵区,
// A (芷荷社区) and B, as the charity office would have.
func twoVillageAllocations(t *testing.T, s *apptest.Server) (a, b *ent.Allocation) {
	t.Helper()
	ctx := systemCtx()
	c := s.App.Client
	disinfectant := c.Item.Query().Where(item.Name("84消毒液")).OnlyX(ctx)
	giver := c.Donor.Query().Where(donor.Name("常德市子琳医疗科技有限公司")).OnlyX(ctx)
	d := c.Donation.Create().SetReceiptNo("T-1").SetDonorID(giver.ID).SetDonatedOn(time.Now()).SaveX(ctx)
	line := c.DonationLine.Create().SetDonationID(d.ID).SetItemID(disinfectant.ID).
		SetQuantity(75 * quantity.Scale).SetEnteredQuantity(3 * quantity.Scale).SetEnteredUnit(quantity.PACK).SaveX(ctx) // a barrel left over for tests that add one more recipient
	villageA := c.OrgUnit.Query().Where(orgunit.Code("430702001001")).OnlyX(ctx)
	villageB := c.OrgUnit.Query().Where(orgunit.Code("430702001002")).OnlyX(ctx)
	a = c.Allocation.Create().SetLineID(line.ID).SetVillageID(villageA.ID).SetQuantity(25 * quantity.Scale).SaveX(ctx)
	b = c.Allocation.Create().SetLineID(line.ID).SetVillageID(villageB.ID).SetQuantity(25 * quantity.Scale).SaveX(ctx)
	return a, b
}

// TestVillageCannotReachAnotherVillage probes village B's allocation from village A by
// every read path: node, a connection filtered on B's id, and nested edges.
func TestVillageCannotReachAnotherVillage(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			a, b := twoVillageAllocations(t, s)
			villageA := s.As(t, "village-430702001001")

			var node struct{ Node *struct{ ID string } }
			r := villageA.Do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": b.ID})
			if r.Code() != "NOT_FOUND" && (r.Code() != "" || string(r.Data) != `{"node":null}`) {
				t.Errorf("node(B): %s %+v", r.Data, r.Errors)
			}
			villageA.MustDo(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": a.ID}, &node)
			if node.Node == nil {
				t.Error("village A cannot read its own allocation")
			}

			var conn struct{ Allocations struct{ TotalCount int } }
			villageA.MustDo(`query($id: ID!) { allocations(first: 100, where: {id: $id}) { totalCount } }`, map[string]any{"id": b.ID}, &conn)
			if conn.Allocations.TotalCount != 0 {
				t.Errorf("where id = B found %d", conn.Allocations.TotalCount)
			}
			villageA.MustDo(`query($v: ID!) { allocations(first: 100, where: {villageID: $v}) { totalCount } }`,
				map[string]any{"v": *b.VillageID}, &conn)
			if conn.Allocations.TotalCount != 0 {
				t.Errorf("where village = B found %d", conn.Allocations.TotalCount)
			}

			var nested struct {
				Donations struct {
					Edges []struct {
						Node struct {
							Lines []struct {
								Allocations struct {
									TotalCount int
									Edges      []struct{ Node struct{ ID string } }
								}
							}
						}
					}
				}
			}
			villageA.MustDo(`{ donations(first: 10) { edges { node { lines { allocations(first: 100) { totalCount edges { node { id } } } } } } } }`, nil, &nested)
			if len(nested.Donations.Edges) != 1 {
				t.Fatalf("village A sees %d donations, want the one that reached it", len(nested.Donations.Edges))
			}
			got := nested.Donations.Edges[0].Node.Lines[0].Allocations
			if got.TotalCount != 1 || got.Edges[0].Node.ID != fmt.Sprint(a.ID) {
				t.Errorf("through donation → line → allocations village A sees %+v, want only %d", got, a.ID)
			}

			// A second line of the same donation goes to B alone. The line of A's own
			// allocation is loaded without a second check; the donation's lines, loaded
			// from the donation, still are checked.
			ctx := systemCtx()
			first := s.App.Client.DonationLine.GetX(ctx, a.LineID)
			onlyB := s.App.Client.DonationLine.Create().SetDonationID(first.DonationID).SetItemID(first.ItemID).
				SetQuantity(quantity.Scale).SetEnteredQuantity(quantity.Scale).SetEnteredUnit(quantity.KG).SaveX(ctx)
			s.App.Client.Allocation.Create().SetLineID(onlyB.ID).SetVillageID(*b.VillageID).SetQuantity(quantity.Scale).ExecX(ctx)
			var up struct {
				Allocations struct {
					Edges []struct {
						Node struct {
							Line struct {
								ID       string
								Donation struct{ Lines []struct{ ID string } }
							}
						}
					}
				}
			}
			villageA.MustDo(`{ allocations(first: 10) { edges { node { line { id donation { lines { id } } } } } } }`, nil, &up)
			if len(up.Allocations.Edges) != 1 {
				t.Fatalf("village A sees %d allocations, want its one", len(up.Allocations.Edges))
			}
			line := up.Allocations.Edges[0].Node.Line
			if line.ID != fmt.Sprint(a.LineID) || len(line.Donation.Lines) != 1 || line.Donation.Lines[0].ID != line.ID {
				t.Errorf("through allocation → line → donation → lines village A sees %+v, want only line %d", line, a.LineID)
			}
		})
	}
}

// TestLoginThrottledAndPasswordsNeverShown fails a login five times, then the right
// password is refused too; no answer and no log line carries a password or its hash.
func TestLoginThrottledAndPasswordsNeverShown(t *testing.T) {
	var logs syncBuffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	defer slog.SetDefault(prev)

	s := apptest.Start(t, apptest.Databases()[0])
	pub := s.Public(t)
	login := `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token viewer { username } } }`
	var bodies []string
	wrongUser := pub.Do(login, map[string]any{"u": "nobody", "p": "guess-pw-1"})
	for i := range 5 {
		r := pub.Do(login, map[string]any{"u": "care", "p": fmt.Sprintf("guess-pw-%d", i)})
		if r.Code() != "UNAUTHENTICATED" {
			t.Fatalf("wrong password %d: %+v", i, r.Errors)
		}
		if r.Errors[0].Message != wrongUser.Errors[0].Message {
			t.Errorf("wrong user %q and wrong password %q answer differently", wrongUser.Errors[0].Message, r.Errors[0].Message)
		}
		bodies = append(bodies, string(r.Data), r.Errors[0].Message)
	}
	r := pub.Do(login, map[string]any{"u": "care", "p": "demo-2020"})
	if r.Code() != "FORBIDDEN" || !strings.Contains(r.Errors[0].Message, "too many") {
		t.Fatalf("sixth try with the right password: %+v", r.Errors)
	}
	other := s.As(t, "charity") // another username from the same address still logs in
	if other.Token == "" {
		t.Fatal("throttle blocked another user")
	}
	var me struct{ Viewer map[string]any }
	other.MustDo(`{ viewer { id username displayName role phone } }`, nil, &me)
	bodies = append(bodies, fmt.Sprint(me))
	all := strings.Join(bodies, "\n") + logs.String()
	for _, secret := range []string{"guess-pw-", "demo-2020", "$2a$"} {
		if strings.Contains(all, secret) {
			t.Errorf("%q appears in an answer or a log line", secret)
		}
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
