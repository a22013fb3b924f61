package app_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"mzdesk/ent/allocation"
	"mzdesk/ent/receipt"
	"mzdesk/internal/apptest"
)

// TestStatementsPerRequest reads a donation with its 128 allocations, each with its
// village and receipt: a handful of statements, not one per row.
func TestStatementsPerRequest(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			id := lookup(t, s)
			charity := s.As(t, "charity")
			d := record3t(t, charity, id)
			before := s.App.Statements()
			ids := allocateToWuling(t, charity, d.CreateDonation.Lines[0].ID, id, "BASE")
			// The 128 audit events are written in bulk, and the 128 allocations too on
			// SQLite, whose RETURNING names their ids. MySQL has no RETURNING and ids a
			// cluster steps by its size: there each allocation is an INSERT of its own
			// (database.CreateAll), and only those.
			most := int64(12)
			if db.Name == "mysql" {
				most += 128
			}
			if n := s.App.Statements() - before; n > most {
				t.Errorf("%d statements to allocate to 128 villages: a statement per village somewhere", n)
			}
			before = s.App.Statements()
			charity.MustDo(`mutation($ids: [ID!]!) { dispatchAllocations(ids: $ids) { id } }`, map[string]any{"ids": ids}, nil)
			if n := s.App.Statements() - before; n > 8 {
				t.Errorf("%d statements to dispatch 128 allocations: a statement per allocation somewhere", n)
			}
			ctx := systemCtx()
			// A village's confirmation: lock the allocation, mark it, take the county's
			// receipt number, check and write the receipt, read back the rows it left
			// for the audit's state MACs, write its audit events; and the token's account
			// unless it was read in the last second.
			first := s.App.Client.Allocation.GetX(ctx, mustAtoi(ids[0]))
			village := s.As(t, "village-"+s.App.Client.OrgUnit.GetX(ctx, *first.VillageID).Code)
			before = s.App.Statements()
			village.MustDo(`mutation($id: ID!) { confirmReceipt(input: {allocationID: $id, idempotencyKey: "counted-1"}) { receiptNo } }`,
				map[string]any{"id": first.ID}, nil)
			if n := s.App.Statements() - before; n > 9 {
				t.Errorf("%d statements to confirm a receipt, want at most 9", n)
			} else {
				t.Logf("%s: %d statements to confirm a receipt", db.Name, n)
			}
			for _, a := range s.App.Client.Allocation.Query().Where(allocation.LineID(mustAtoi(d.CreateDonation.Lines[0].ID)),
				allocation.IDNEQ(first.ID)).AllX(ctx) {
				s.App.Client.Receipt.Create().SetAllocationID(a.ID).SetReceiptNo(fmt.Sprintf("N-%d", a.ID)).
					SetConfirmedByID(s.App.Client.User.Query().FirstIDX(ctx)).SetConfirmedAt(a.CreatedAt).
					SetReceivedQuantity(a.Quantity).SetIdempotencyKey(fmt.Sprintf("n-plus-one-%d", a.ID)).ExecX(ctx)
			}
			query := `query($id: ID!) { node(id: $id) { ... on Donation { receiptNo lines { quantity
				allocations(first: 200) { edges { node { quantity status village { name code } receipt { receiptNo receivedQuantity } } } } } } } }`
			var out struct {
				Node struct {
					Lines []struct {
						Allocations struct {
							Edges []struct {
								Node struct {
									Village struct{ Name string }
									Receipt *struct{ ReceiptNo string }
								}
							}
						}
					}
				}
			}
			n := fewest(s, func() { charity.MustDo(query, map[string]any{"id": d.CreateDonation.ID}, &out) })
			got := out.Node.Lines[0].Allocations
			if len(got.Edges) != 128 || got.Edges[127].Node.Receipt == nil || got.Edges[0].Node.Village.Name == "" {
				t.Fatalf("the donation came back incomplete: %d allocations", len(got.Edges))
			}
			t.Logf("%s: %d statements for a donation with 128 allocations, villages and receipts", db.Name, n)
			// The donation, its lines, and its allocations with their villages and
			// receipts joined in (ent/template/toone.tmpl).
			if n > 3 {
				t.Errorf("%d statements for one donation with its allocations, want at most 3", n)
			}
			// Its progress: the lines with their donation, and the allocations with their
			// receipts (ledger.DonationProgress).
			var progress struct {
				DonationProgress struct {
					Recipients int
					Donation   struct{ ReceiptNo string }
				}
			}
			n = fewest(s, func() {
				charity.MustDo(`query($id: ID!) { donationProgress(id: $id) { recipients donation { receiptNo } lines { allocated received } } }`,
					map[string]any{"id": d.CreateDonation.ID}, &progress)
			})
			if p := progress.DonationProgress; p.Recipients != 128 || p.Donation.ReceiptNo == "" {
				t.Fatalf("the donation's progress came back incomplete: %+v", p)
			}
			if n > 2 {
				t.Errorf("%d statements for a donation's progress, want at most 2", n)
			}

			// A village's list: each allocation with its line's item, its donation and
			// donor, and its receipt, in the allocations' own statement; the village's
			// scope of lines and donations is checked inside it.
			var list struct {
				Allocations struct {
					Edges []struct {
						Node struct {
							Line struct {
								Item     struct{ Name string }
								Donation struct{ ReceiptNo, DonorName string }
							}
							Receipt *struct{ ReceiptNo string }
						}
					}
				}
			}
			n = fewest(s, func() {
				village.MustDo(`{ allocations(first: 20, orderBy: {field: CREATED_AT, direction: DESC}) { edges { node { id quantity status
					line { enteredUnit item { name baseUnit } donation { receiptNo donatedOn donorName } }
					receipt { receiptNo receivedQuantity confirmedAt } } } } }`, nil, &list)
			})
			if e := list.Allocations.Edges; len(e) != 1 || e[0].Node.Line.Item.Name == "" || e[0].Node.Line.Donation.DonorName == "" || e[0].Node.Receipt == nil {
				t.Fatalf("the village's list came back incomplete: %+v", e)
			}
			t.Logf("%s: %d statements for a village's allocations with their items, donations, donors and receipts", db.Name, n)
			if n > 3 {
				t.Errorf("%d statements for a village's list, want at most 3", n)
			}
			// The list reads only the village's own allocations, so the policies of their
			// lines, donations and receipts (each "has an allocation of this village") hold
			// for every row joined: no subquery is left in the statement (ent/joined).
			var listSQL []string
			var mu sync.Mutex
			stop := s.App.Trace(func(query string, _ []any) {
				mu.Lock()
				defer mu.Unlock()
				if strings.Contains(query, "FROM `allocations` LEFT JOIN") {
					listSQL = append(listSQL, query)
				}
			})
			village.MustDo(`{ allocations(first: 20, orderBy: {field: CREATED_AT, direction: DESC}) { edges { node { id
				line { item { name } donation { receiptNo donorName } } receipt { receiptNo } } } } }`, nil, nil)
			stop()
			if len(listSQL) != 1 || strings.Contains(listSQL[0], "EXISTS") || strings.Contains(listSQL[0], " OR ") {
				t.Errorf("a village's list: want one statement with no scope subquery in its joins, got %q", listSQL)
			}
			// The recipients of a donation's allocations, as the charity office's county
			// view asks for them: a recipient is any of three edges, read in batches too.
			before = s.App.Statements()
			var counties struct {
				Allocations struct {
					Edges []struct {
						Node struct{ Recipient struct{ Path string } }
					}
				}
			}
			charity.MustDo(`query($id: ID!) { allocations(first: 1000, where: {hasLineWith: [{donationID: $id}]}) { edges { node {
				recipient { ... on OrgUnit { path } ... on Institution { orgUnit { path } } } } } } }`, map[string]any{"id": d.CreateDonation.ID}, &counties)
			if len(counties.Allocations.Edges) != 128 || counties.Allocations.Edges[127].Node.Recipient.Path == "" {
				t.Fatalf("recipients came back incomplete: %+v", counties.Allocations.Edges[:1])
			}
			if n := s.App.Statements() - before; n > 4 {
				t.Errorf("%d statements for 128 allocations' recipients: one per recipient somewhere", n)
			}
			// The same recipients through the donation's line, whose allocations are a list
			// of their own, and the recipients of the receipts signed so far: each list's
			// recipients are read together (graph/loaders.go), not one per row.
			for _, q := range []string{
				`query($id: ID!) { node(id: $id) { ... on Donation { lines { allocations(first: 1000) { edges { node {
					recipient { ... on OrgUnit { path } } } } } } } } }`,
				`{ receipts(first: 50) { edges { node { allocation { recipient { ... on OrgUnit { path } } } } } } }`,
			} {
				before = s.App.Statements()
				var answer map[string]any
				vars := map[string]any{}
				if strings.Contains(q, "$id") {
					vars["id"] = d.CreateDonation.ID
				}
				charity.MustDo(q, vars, &answer)
				if !strings.Contains(fmt.Sprint(answer), "path:") {
					t.Fatalf("no recipient came back: %v", answer)
				}
				n := s.App.Statements() - before
				t.Logf("%s: %d statements for %s", db.Name, n, strings.Fields(q)[0:6])
				if n > 5 {
					t.Errorf("%d statements for %s: one per recipient somewhere", n, q)
				}
			}

			// The same query over a donation with one allocation costs the same.
			small := record3t(t, charity, id)
			charity.MustDo(`mutation($in: AllocateInput!) { allocateDonation(input: $in) { leftover } }`, map[string]any{"in": map[string]any{
				"lineID": small.CreateDonation.Lines[0].ID, "method": "MANUAL", "shares": []any{map[string]any{
					"recipientID": s.App.Client.Allocation.GetX(ctx, mustAtoi(ids[0])).VillageID, "quantity": "1", "unit": "KG"}}}}, nil)
			if one := fewest(s, func() { charity.MustDo(query, map[string]any{"id": small.CreateDonation.ID}, nil) }); one != 3 {
				t.Errorf("%d statements for 1 allocation, 3 for 128: the cost changes with the rows", one)
			}
		})
	}
}

// fewest is the fewest statements of three runs of request, one after another: the
// first reads the token's account, the next find it remembered (for a second), as
// nearly every request of a busy phone does.
func fewest(s *apptest.Server, request func()) int64 {
	least := int64(-1)
	for range 3 {
		before := s.App.Statements()
		request()
		if n := s.App.Statements() - before; least < 0 || n < least {
			least = n
		}
	}
	return least
}

// TestTwoServersOneDatabase spreads the 128 villages' confirmations over two mzdesk
// servers on one database, each confirmation sent twice: every receipt counts once, and
// the two servers' audit sealers, running all the while, build one unbroken chain.
func TestTwoServersOneDatabase(t *testing.T) {
	db := apptest.Databases()[len(apptest.Databases())-1] // MySQL when it is there
	spec := db.New(t)
	one := apptest.StartOn(t, spec)
	two := apptest.StartOn(t, spec)
	id := lookup(t, one)
	charity := one.As(t, "charity")
	d := record3t(t, charity, id)
	ids := allocateToWuling(t, charity, d.CreateDonation.Lines[0].ID, id, "BASE")
	two.As(t, "charity").MustDo(`mutation($ids: [ID!]!) { dispatchAllocations(ids: $ids) { id } }`, map[string]any{"ids": ids}, nil)
	ctx := systemCtx()
	allocs := one.App.Client.Allocation.Query().Where(allocation.LineID(mustAtoi(d.CreateDonation.Lines[0].ID))).WithVillage().AllX(ctx)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i, a := range allocs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			servers := []*apptest.Server{one, two}
			token := one.As(t, "village-"+a.Edges.Village.Code).Token // both servers share the JWT secret
			for try := range 2 {                                      // a phone that did not hear back tries again, on the other server
				c := servers[(i+try)%2].Public(t)
				c.Token = token
				r := c.Do(`mutation($id: ID!, $key: String!) { confirmReceipt(input: {allocationID: $id, idempotencyKey: $key}) { id } }`,
					map[string]any{"id": a.ID, "key": "two-servers-" + a.Edges.Village.Code})
				if r.Code() != "" || r.Status != http.StatusOK {
					t.Errorf("%s try %d: %+v", a.Edges.Village.Code, try, r.Errors)
				}
			}
		}()
	}
	wg.Wait()
	receipts := one.App.Client.Receipt.Query().Where(receipt.HasAllocationWith(allocation.LineID(mustAtoi(d.CreateDonation.Lines[0].ID)))).AllX(ctx)
	var total int64
	for _, r := range receipts {
		total += int64(r.ReceivedQuantity)
	}
	if len(receipts) != 128 || total != 3_000_000 {
		t.Errorf("%d receipts for %d thousandths of a kg, want 128 for exactly 3 t", len(receipts), total)
	}
	if _, err := two.App.Audit.Seal(context.Background(), two.App.Client); err != nil {
		t.Fatal(err)
	}
	check, err := one.App.Audit.Verify(ctx, one.App.Client)
	if err != nil {
		t.Fatal(err)
	}
	if written := one.App.Client.AuditEvent.Query().CountX(ctx); !check.OK || check.Unsealed != 0 || check.Events != written {
		t.Errorf("audit chain after two sealers: %+v, want all %d events linked", check, written)
	}
}
