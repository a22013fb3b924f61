package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mzdesk/ent/allocation"
	"mzdesk/ent/auditevent"
	"mzdesk/ent/counter"
	"mzdesk/ent/donor"
	"mzdesk/ent/enterprise"
	"mzdesk/ent/item"
	"mzdesk/ent/orgunit"
	"mzdesk/ent/receipt"
	"mzdesk/internal/apptest"
	"mzdesk/internal/chinatime"
	"mzdesk/internal/config"
	"mzdesk/internal/demo"
	"mzdesk/internal/quantity"
)

// ids looks up the demo rows the scenarios use.
type ids struct {
	disinfectant, moxa, antibacterial int
	giver, wuling, enterprise         int
}

func lookup(_ testing.TB, s *apptest.Server) ids {
	ctx := systemCtx()
	c := s.App.Client
	return ids{
		disinfectant:  c.Item.Query().Where(item.Name("84消毒液")).OnlyIDX(ctx),
		moxa:          c.Item.Query().Where(item.Name("艾条")).OnlyIDX(ctx),
		antibacterial: c.Item.Query().Where(item.Name("抗菌液")).OnlyIDX(ctx),
		giver:         c.Donor.Query().Where(donor.Name("常德市子琳医疗科技有限公司")).OnlyIDX(ctx),
		wuling:        c.OrgUnit.Query().Where(orgunit.Code(demo.WulingCode)).OnlyIDX(ctx),
		enterprise:    c.Enterprise.Query().Where(enterprise.Name("安乡县通元铸造有限公司")).OnlyIDX(ctx),
	}
}

const createDonation = `mutation($in: CreateDonationInput!) { createDonation(input: $in) { id lines { id quantity } } }`

type created struct {
	CreateDonation struct {
		ID    string
		Lines []struct{ ID, Quantity string }
	}
}

// record3t records the report's donation: 120 barrels of 84消毒液 from 子琳医疗.
func record3t(_ testing.TB, charity *apptest.Client, id ids) created {
	var out created
	charity.MustDo(createDonation, map[string]any{"in": map[string]any{
		"donorID": id.giver, "donatedOn": "2020-02-20T00:00:00Z", "purpose": "定向捐赠武陵区128个村(居)",
		"lines": []any{map[string]any{"itemID": id.disinfectant, "quantity": "120", "unit": "PACK"}},
	}}, &out)
	return out
}

// TestReportScenario replays the report: 3 t of 84消毒液 in 120 barrels to the 128
// villages of 武陵区, confirmed by 128 committees, public without a token; and the
// county bureau's mixed-unit gift to 安乡县通元铸造有限公司.
func TestReportScenario(t *testing.T) {
	for _, db := range apptest.WithSteppedIDs() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			id := lookup(t, s)
			charity := s.As(t, "charity")

			d := record3t(t, charity, id)
			if d.CreateDonation.Lines[0].Quantity != "3000" {
				t.Fatalf("120 barrels = %s kg, want 3000", d.CreateDonation.Lines[0].Quantity)
			}
			line := d.CreateDonation.Lines[0].ID
			split := map[string]any{"lineID": line, "method": "EVEN", "splitUnit": "PACK",
				"recipients": map[string]any{"everyVillageUnder": id.wuling}}

			var preview struct {
				PreviewAllocation struct {
					Shares []struct {
						Packs     *int
						Recipient struct{ Name string }
					}
					Total, Leftover string
					EmptyShares     int
				}
			}
			charity.MustDo(`query($in: AllocateInput!) { previewAllocation(input: $in) {
				shares { packs recipient { ... on OrgUnit { name } } } total leftover emptyShares } }`,
				map[string]any{"in": split}, &preview)
			p := preview.PreviewAllocation
			ones := 0
			for _, sh := range p.Shares {
				if sh.Packs != nil && *sh.Packs == 1 {
					ones++
				}
			}
			if len(p.Shares) != 128 || ones != 120 || p.EmptyShares != 8 || p.Total != "3000" || p.Leftover != "0" {
				t.Fatalf("whole-barrel preview: %d shares, %d with one barrel, %d empty, total %s, leftover %s",
					len(p.Shares), ones, p.EmptyShares, p.Total, p.Leftover)
			}

			split["splitUnit"] = "BASE"
			var alloc struct {
				AllocateDonation struct {
					Allocations []struct{ ID, Quantity string }
					Leftover    string
				}
			}
			charity.MustDo(`mutation($in: AllocateInput!) { allocateDonation(input: $in) { allocations { id quantity } leftover } }`,
				map[string]any{"in": split}, &alloc)
			as := alloc.AllocateDonation.Allocations
			var sum quantity.Quantity
			var allocIDs []string
			for _, a := range as {
				q, err := quantity.Parse(a.Quantity)
				if err != nil || (a.Quantity != "23.437" && a.Quantity != "23.438") {
					t.Fatalf("share %q", a.Quantity)
				}
				sum += q
				allocIDs = append(allocIDs, a.ID)
			}
			if len(as) != 128 || sum != 3000*quantity.Scale || alloc.AllocateDonation.Leftover != "0" {
				t.Fatalf("%d allocations summing to %s kg, leftover %s", len(as), sum, alloc.AllocateDonation.Leftover)
			}
			charity.MustDo(`mutation($ids: [ID!]!) { dispatchAllocations(ids: $ids) { id } }`, map[string]any{"ids": allocIDs}, nil)
			auditNamesTheRows(t, s, allocIDs)

			villages := s.App.Client.OrgUnit.Query().Where(orgunit.LevelEQ(orgunit.LevelVILLAGE), orgunit.PathHasPrefix("430700/430702/")).
				Order(orgunit.ByCode()).AllX(systemCtx())
			var wg sync.WaitGroup
			errs := make(chan string, len(villages))
			numbers := make(chan string, len(villages))
			sem := make(chan struct{}, 8)
			var turnedAway atomic.Int32
			for _, v := range villages {
				wg.Add(1)
				go func() {
					defer wg.Done()
					sem <- struct{}{}
					defer func() { <-sem }()
					c := s.As(t, "village-"+v.Code)
					defer func() { turnedAway.Add(c.TurnedAway.Load()) }()
					var toReceive struct {
						Allocations struct {
							Edges []struct{ Node struct{ ID string } }
						}
					}
					c.MustDo(`{ allocations(first: 100, where: {status: DISPATCHED}) { edges { node { id } } } }`, nil, &toReceive)
					if n := len(toReceive.Allocations.Edges); n != 1 {
						errs <- fmt.Sprintf("%s sees %d to receive", v.Code, n)
						return
					}
					var out struct{ ConfirmReceipt struct{ ReceiptNo string } }
					r := c.Do(`mutation($id: ID!, $key: String!) { confirmReceipt(input: {allocationID: $id, idempotencyKey: $key}) { receiptNo } }`,
						map[string]any{"id": toReceive.Allocations.Edges[0].Node.ID, "key": "confirm-" + v.Code})
					if r.Code() != "" || json.Unmarshal(r.Data, &out) != nil {
						errs <- fmt.Sprintf("%s: %+v", v.Code, r.Errors)
						return
					}
					numbers <- out.ConfirmReceipt.ReceiptNo
				}()
			}
			wg.Wait()
			close(errs)
			close(numbers)
			t.Logf("128 committees confirmed, 8 at a time; %d requests turned away at the door and sent again", turnedAway.Load())
			for e := range errs {
				t.Error(e)
			}
			// The county's receipts are numbered 1 to 128, however the confirmations raced.
			taken := map[string]bool{}
			for n := range numbers {
				taken[n] = true
			}
			for i := 1; i <= 128; i++ {
				if n := fmt.Sprintf("430702-%06d", i); !taken[n] {
					t.Errorf("no receipt %s among the %d numbers taken", n, len(taken))
				}
			}

			var progress struct {
				DonationProgress struct {
					Recipients, Confirmed, Disputed int
					Lines                           []struct{ Allocated, Received string }
				}
			}
			charity.MustDo(`query($id: ID!) { donationProgress(id: $id) { recipients confirmed disputed lines { allocated received } } }`,
				map[string]any{"id": d.CreateDonation.ID}, &progress)
			pr := progress.DonationProgress
			if pr.Recipients != 128 || pr.Confirmed != 128 || pr.Disputed != 0 || pr.Lines[0].Received != "3000" {
				t.Errorf("progress %+v, want 128/128 and 3000 kg received", pr)
			}

			var trail struct {
				DonationTrail struct {
					Donor      string
					Recipients int
					Confirmed  int
					Lines      []struct {
						Allocations []struct {
							Recipient string
							County    *string
							Status    string
						}
					}
				}
			}
			s.Public(t).MustDo(`query($id: ID!) { donationTrail(id: $id) { donor recipients confirmed
				lines { allocations { recipient county status } } } }`, map[string]any{"id": d.CreateDonation.ID}, &trail)
			tr := trail.DonationTrail
			if tr.Donor != "常德市子琳医疗科技有限公司" || tr.Recipients != 128 || tr.Confirmed != 128 ||
				len(tr.Lines[0].Allocations) != 128 || *tr.Lines[0].Allocations[0].County != "武陵区" {
				t.Errorf("public trail: %s, %d/%d", tr.Donor, tr.Confirmed, tr.Recipients)
			}

			var mixed created
			charity.MustDo(createDonation, map[string]any{"in": map[string]any{
				"newDonor": map[string]any{"name": "安乡县民政局", "kind": "ORGANIZATION"}, "donatedOn": "2020-02-25T00:00:00Z",
				"lines": []any{
					map[string]any{"itemID": id.disinfectant, "quantity": "200", "unit": "JIN"},
					map[string]any{"itemID": id.moxa, "quantity": "100", "unit": "STICK"},
					map[string]any{"itemID": id.antibacterial, "quantity": "10", "unit": "BOTTLE"},
				},
			}}, &mixed)
			got := []string{}
			for _, l := range mixed.CreateDonation.Lines {
				got = append(got, l.Quantity)
			}
			if fmt.Sprint(got) != "[100 100 10]" {
				t.Errorf("200 斤, 100 根, 10 瓶 stored as %v, want [100 100 10]", got)
			}
			had := s.App.Client.Allocation.Query().Where(allocation.EnterpriseID(id.enterprise)).CountX(systemCtx())
			for _, l := range mixed.CreateDonation.Lines {
				charity.MustDo(`mutation($in: AllocateInput!) { allocateDonation(input: $in) { leftover } }`, map[string]any{"in": map[string]any{
					"lineID": l.ID, "method": "EVEN", "recipients": map[string]any{"enterpriseIDs": []int{id.enterprise}},
				}}, nil)
			}
			if n := s.App.Client.Allocation.Query().Where(allocation.EnterpriseID(id.enterprise)).CountX(systemCtx()); n != had+3 {
				t.Errorf("the enterprise has %d allocations, want %d", n, had+3)
			}
		})
	}
}

// auditNamesTheRows checks that each allocation's creation is in the audit log under
// its own id, with its own village: ids taken from anything but the database's own word
// name rows that do not exist, or the wrong ones.
func auditNamesTheRows(t *testing.T, s *apptest.Server, allocIDs []string) {
	t.Helper()
	ctx := systemCtx()
	for _, sid := range allocIDs {
		id := mustAtoi(sid)
		a := s.App.Client.Allocation.GetX(ctx, id)
		events := s.App.Client.AuditEvent.Query().
			Where(auditevent.EntityType("Allocation"), auditevent.EntityID(id), auditevent.Action("OpCreate")).AllX(ctx)
		if len(events) != 1 {
			t.Fatalf("allocation %d has %d creation events, want 1", id, len(events))
		}
		var after struct {
			VillageID *int `json:"village_id"`
			LineID    int  `json:"line_id"`
		}
		if err := json.Unmarshal([]byte(events[0].After), &after); err != nil || after.VillageID == nil ||
			*after.VillageID != *a.VillageID || after.LineID != a.LineID {
			t.Fatalf("allocation %d (village %d, line %d): its creation event says %s", id, *a.VillageID, a.LineID, events[0].After)
		}
	}
}

// TestConcurrentWriters races writers at one line and one allocation on every database.
func TestConcurrentWriters(t *testing.T) {
	for _, db := range apptest.WithSteppedIDs() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			id := lookup(t, s)
			charity := s.As(t, "charity")
			d := record3t(t, charity, id)
			line := d.CreateDonation.Lines[0].ID
			zhihe := s.App.Client.OrgUnit.Query().Where(orgunit.Code(demo.ZhiheCode)).OnlyIDX(systemCtx())

			// 20 splits of 200 kg each race for a 3000 kg line: 15 fit, 5 must fail.
			var wg sync.WaitGroup
			for range 20 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					charity.Do(`mutation($in: AllocateInput!) { allocateDonation(input: $in) { leftover } }`, map[string]any{"in": map[string]any{
						"lineID": line, "method": "MANUAL", "shares": []any{map[string]any{"recipientID": zhihe, "quantity": "200", "unit": "KG"}},
					}})
				}()
			}
			wg.Wait()
			as := s.App.Client.Allocation.Query().Where(allocation.LineID(mustAtoi(line))).AllX(systemCtx())
			var sum quantity.Quantity
			for _, a := range as {
				sum += a.Quantity
			}
			if sum > 3000*quantity.Scale || len(as) != 15 {
				t.Fatalf("racing splits allocated %s kg in %d allocations; the line holds 3000 kg (15 × 200)", sum, len(as))
			}
			linesKeepTheirTotals(t, s)

			charity.MustDo(`mutation($ids: [ID!]!) { dispatchAllocations(ids: $ids) { id } }`, map[string]any{"ids": []int{as[0].ID, as[1].ID, as[2].ID}}, nil)
			village := s.As(t, "village-"+demo.ZhiheCode)
			confirm := `mutation($id: ID!, $key: String!) { confirmReceipt(input: {allocationID: $id, idempotencyKey: $key}) { id } }`
			race := func(allocID int, key func(i int) string) map[string]int {
				var mu sync.Mutex
				codes := map[string]int{}
				var wg sync.WaitGroup
				for i := range 50 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						r := village.Do(confirm, map[string]any{"id": allocID, "key": key(i)})
						mu.Lock()
						codes[r.Code()]++
						mu.Unlock()
					}()
				}
				wg.Wait()
				return codes
			}
			same := race(as[0].ID, func(int) string { return "same-key-0001" })
			if n := s.App.Client.Receipt.Query().Where(receipt.AllocationID(as[0].ID)).CountX(systemCtx()); n != 1 || same[""] != 50 {
				t.Errorf("50 confirmations with one key: %d receipts, answers %v", n, same)
			}
			different := race(as[1].ID, func(i int) string { return fmt.Sprintf("key-%04d-xx", i) })
			if n := s.App.Client.Receipt.Query().Where(receipt.AllocationID(as[1].ID)).CountX(systemCtx()); n != 1 ||
				different[""] != 1 || different["CONFLICT"] != 49 {
				t.Errorf("50 confirmations with different keys: %d receipts, answers %v", n, different)
			}

			// A key already spent on another allocation is refused, and its failed
			// attempt leaves no gap in the county's receipt numbers.
			if r := village.Do(confirm, map[string]any{"id": as[2].ID, "key": "same-key-0001"}); r.Code() != "CONFLICT" ||
				!strings.Contains(r.Errors[0].Message, "another allocation") {
				t.Errorf("a key spent on another allocation: %+v", r.Errors)
			}
			if a := s.App.Client.Allocation.GetX(systemCtx(), as[2].ID); a.Status != allocation.StatusDISPATCHED {
				t.Errorf("the refused confirmation left the allocation %s", a.Status)
			}
			var third struct{ ConfirmReceipt struct{ ReceiptNo string } }
			village.MustDo(`mutation($id: ID!) { confirmReceipt(input: {allocationID: $id, idempotencyKey: "third-key-01"}) { receiptNo } }`,
				map[string]any{"id": as[2].ID}, &third)
			if third.ConfirmReceipt.ReceiptNo != "430702-000003" {
				t.Errorf("the third receipt is %q, want 430702-000003", third.ConfirmReceipt.ReceiptNo)
			}
		})
	}
}

// TestBadInputWritesNothing sends what a hurried or hostile client might: each gets
// BAD_USER_INPUT (or FORBIDDEN) and no row changes anywhere.
func TestBadInputWritesNothing(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			id := lookup(t, s)
			charity := s.As(t, "charity")
			d := record3t(t, charity, id)
			line := d.CreateDonation.Lines[0].ID
			zhihe := s.App.Client.OrgUnit.Query().Where(orgunit.Code(demo.ZhiheCode)).OnlyIDX(systemCtx())
			other := s.App.Client.OrgUnit.Query().Where(orgunit.Code("430702001002")).OnlyIDX(systemCtx())
			mine := s.App.Client.Allocation.Create().SetLineID(mustAtoi(line)).SetVillageID(zhihe).SetQuantity(25 * quantity.Scale).SaveX(systemCtx())
			theirs := s.App.Client.Allocation.Create().SetLineID(mustAtoi(line)).SetVillageID(other).SetQuantity(25 * quantity.Scale).
				SetStatus(allocation.StatusDISPATCHED).SaveX(systemCtx())

			donationLine := func(q, unit string, item int) map[string]any {
				return map[string]any{"in": map[string]any{"donorID": id.giver, "donatedOn": "2020-02-20T00:00:00Z",
					"lines": []any{map[string]any{"itemID": item, "quantity": q, "unit": unit}}}}
			}
			manual := func(recipient int, q string) map[string]any {
				return map[string]any{"in": map[string]any{"lineID": line, "method": "MANUAL",
					"shares": []any{map[string]any{"recipientID": recipient, "quantity": q, "unit": "KG"}}}}
			}
			allocate := `mutation($in: AllocateInput!) { allocateDonation(input: $in) { leftover } }`
			confirm := `mutation($in: ConfirmReceiptInput!) { confirmReceipt(input: $in) { id } }`
			village := s.As(t, "village-"+demo.ZhiheCode)
			before := counts(s)
			for name, c := range map[string]struct {
				client *apptest.Client
				doc    string
				vars   map[string]any
				code   string
			}{
				"zero quantity":       {charity, createDonation, donationLine("0", "KG", id.disinfectant), "BAD_USER_INPUT"},
				"negative quantity":   {charity, createDonation, donationLine("-5", "KG", id.disinfectant), "BAD_USER_INPUT"},
				"absurd quantity":     {charity, createDonation, donationLine("99999999999999", "T", id.disinfectant), "BAD_USER_INPUT"},
				"float-ish quantity":  {charity, createDonation, donationLine("1e3", "KG", id.disinfectant), "BAD_USER_INPUT"},
				"unknown unit":        {charity, createDonation, donationLine("5", "FURLONG", id.disinfectant), "BAD_USER_INPUT"},
				"kg of sticks":        {charity, createDonation, donationLine("5", "KG", id.moxa), "BAD_USER_INPUT"},
				"half a stick":        {charity, createDonation, donationLine("0.5", "STICK", id.moxa), "BAD_USER_INPUT"},
				"unknown item":        {charity, createDonation, donationLine("5", "KG", 999), "BAD_USER_INPUT"},
				"unknown recipient":   {charity, allocate, manual(424242, "5"), "BAD_USER_INPUT"},
				"more than donated":   {charity, allocate, manual(zhihe, "2951"), "BAD_USER_INPUT"},
				"zero share":          {charity, allocate, manual(zhihe, "0"), "BAD_USER_INPUT"},
				"a town as recipient": {charity, allocate, manual(s.App.Client.OrgUnit.Query().Where(orgunit.Code("430702001")).OnlyIDX(systemCtx()), "5"), "BAD_USER_INPUT"},
				"not dispatched":      {village, confirm, map[string]any{"in": map[string]any{"allocationID": mine.ID, "idempotencyKey": "k-not-dispatched"}}, "BAD_USER_INPUT"},
				"another village's":   {village, confirm, map[string]any{"in": map[string]any{"allocationID": theirs.ID, "idempotencyKey": "k-not-mine-01"}}, "BAD_USER_INPUT"},
				"short key":           {village, confirm, map[string]any{"in": map[string]any{"allocationID": mine.ID, "idempotencyKey": "k"}}, "BAD_USER_INPUT"},
				"charity confirms":    {charity, confirm, map[string]any{"in": map[string]any{"allocationID": theirs.ID, "idempotencyKey": "k-charity-01"}}, "FORBIDDEN"},
				"village dispatches":  {village, `mutation($id: ID!) { dispatchAllocations(ids: [$id]) { id } }`, map[string]any{"id": mine.ID}, "FORBIDDEN"},
			} {
				if got := c.client.Do(c.doc, c.vars).Code(); got != c.code {
					t.Errorf("%s: %q, want %q", name, got, c.code)
				}
			}
			if after := counts(s); after != before {
				t.Errorf("bad input wrote rows: before %v, after %v", before, after)
			}

			// Confirming more than was sent, once dispatched, is refused too.
			charity.MustDo(`mutation($id: ID!) { dispatchAllocations(ids: [$id]) { id } }`, map[string]any{"id": mine.ID}, nil)
			before = counts(s)
			for name, in := range map[string]map[string]any{
				"more than sent":     {"receivedQuantity": "26"},
				"refused, no reason": {"rejectedQuantity": "5"},
				"negative received":  {"receivedQuantity": "-1"},
				"received + refused": {"receivedQuantity": "20", "rejectedQuantity": "10", "rejectReason": "DAMAGED"},
			} {
				in["allocationID"], in["idempotencyKey"] = mine.ID, "bad-"+fmt.Sprint(len(name))+"-key"
				if got := village.Do(confirm, map[string]any{"in": in}).Code(); got != "BAD_USER_INPUT" {
					t.Errorf("%s: %q", name, got)
				}
			}
			if after := counts(s); after != before {
				t.Errorf("bad confirmations wrote rows: before %v, after %v", before, after)
			}
			// A shortfall is a dispute the charity office sees.
			village.MustDo(confirm, map[string]any{"in": map[string]any{"allocationID": mine.ID, "idempotencyKey": "short-by-5",
				"receivedQuantity": "20", "rejectedQuantity": "5", "rejectReason": "DAMAGED", "note": "一桶破损"}}, nil)
			var disputes struct {
				Disputes struct {
					Edges []struct{ Node struct{ ID, Reason string } }
				}
			}
			charity.MustDo(`{ disputes(first: 100, where: {status: OPEN}) { edges { node { id reason } } } }`, nil, &disputes)
			if len(disputes.Disputes.Edges) != 1 {
				t.Fatalf("%d open disputes, want 1", len(disputes.Disputes.Edges))
			}
			if r := disputes.Disputes.Edges[0].Node.Reason; r != "84消毒液：发出 25 千克（1 桶），实收 20 千克，拒收 5 千克（破损）。一桶破损" {
				t.Errorf("dispute reason %q", r)
			}
			trail := func() bool {
				var out struct {
					DonationTrail struct {
						Lines []struct{ Allocations []struct{ UnderReview bool } }
					}
				}
				s.Public(t).MustDo(`query($id: ID!) { donationTrail(id: $id) { lines { allocations { underReview } } } }`,
					map[string]any{"id": d.CreateDonation.ID}, &out)
				for _, a := range out.DonationTrail.Lines[0].Allocations {
					if a.UnderReview {
						return true
					}
				}
				return false
			}
			if !trail() {
				t.Error("the public trail does not show the discrepancy under review")
			}
			var resolved struct {
				ResolveDispute struct {
					Status      string
					Replacement struct{ Quantity, Status string }
				}
			}
			charity.MustDo(`mutation($id: ID!) { resolveDispute(input: {disputeID: $id, resolution: "补发一桶", resend: true}) {
				status replacement { quantity status } } }`, map[string]any{"id": disputes.Disputes.Edges[0].Node.ID}, &resolved)
			if r := resolved.ResolveDispute; r.Status != "RESOLVED" || r.Replacement.Quantity != "5" || r.Replacement.Status != "PLANNED" {
				t.Errorf("resolved dispute: %+v", r)
			}
			if trail() {
				t.Error("the public trail still shows the settled discrepancy under review")
			}
			if r := charity.Do(`mutation($id: ID!) { resolveDispute(input: {disputeID: $id, resolution: "again"}) { status } }`,
				map[string]any{"id": disputes.Disputes.Edges[0].Node.ID}); r.Code() != "CONFLICT" {
				t.Errorf("resolving twice: %+v", r.Errors)
			}
			linesKeepTheirTotals(t, s)
		})
	}
}

// linesKeepTheirTotals checks every donation line's allocated total, the guard against
// over-allocation (ledger.reserve), against its allocations: it is the sum of those not
// cancelled, and no more than the line.
func linesKeepTheirTotals(t *testing.T, s *apptest.Server) {
	t.Helper()
	ctx := systemCtx()
	for _, l := range s.App.Client.DonationLine.Query().WithAllocations().AllX(ctx) {
		var sum quantity.Quantity
		for _, a := range l.Edges.Allocations {
			if a.Status != allocation.StatusCANCELLED {
				sum += a.Quantity
			}
		}
		if l.Allocated != sum || l.Allocated > l.Quantity {
			t.Errorf("line %d of %s: allocated %s, its allocations not cancelled sum to %s", l.ID, l.Quantity, l.Allocated, sum)
		}
	}
}

func counts(s *apptest.Server) [4]int {
	ctx := systemCtx()
	c := s.App.Client
	return [4]int{c.Donation.Query().CountX(ctx), c.Allocation.Query().CountX(ctx),
		c.Receipt.Query().CountX(ctx), c.AuditEvent.Query().CountX(ctx)}
}

// allocateToWuling splits a line EVEN over every village of 武陵区 in splitUnit and
// returns the allocations' ids.
func allocateToWuling(t testing.TB, charity *apptest.Client, lineID string, id ids, splitUnit string) []string {
	t.Helper()
	var alloc struct {
		AllocateDonation struct{ Allocations []struct{ ID string } }
	}
	charity.MustDo(`mutation($in: AllocateInput!) { allocateDonation(input: $in) { allocations { id } } }`, map[string]any{"in": map[string]any{
		"lineID": lineID, "method": "EVEN", "splitUnit": splitUnit, "recipients": map[string]any{"everyVillageUnder": id.wuling}}}, &alloc)
	var out []string
	for _, a := range alloc.AllocateDonation.Allocations {
		out = append(out, a.ID)
	}
	return out
}

func mustAtoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(err)
	}
	return n
}

// TestAuditChainDetectsTampering edits one stored event: the background check, as the
// administrator, /readyz and /metrics see it, names it. (internal/audit tries every other
// kind of edit.) The chain's head of the day is public.
func TestAuditChainDetectsTampering(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			id := lookup(t, s)
			d := record3t(t, s.As(t, "charity"), id)
			admin := s.As(t, "admin")
			var check struct {
				VerifyAuditChain struct {
					OK                     bool
					Events, Head, Unsealed int
					Rows                   int
					FirstBrokenID          *string
				}
			}
			q := `{ verifyAuditChain { ok events head unsealed rows firstBrokenID } }`
			look := func() {
				t.Helper()
				if _, err := s.App.Audit.Seal(context.Background(), s.App.Client); err != nil { // as the sealer does within moments
					t.Fatal(err)
				}
				if err := s.App.Watch.Step(context.Background()); err != nil { // as the watch does every few seconds
					t.Fatal(err)
				}
				admin.MustDo(q, nil, &check)
			}
			look()
			if c := check.VerifyAuditChain; !c.OK || c.Events < 100 || c.Events != c.Head || c.Unsealed != 0 || c.Rows == 0 {
				t.Fatalf("untouched chain: %+v", c)
			}
			var heads struct {
				AuditChainHeads []struct {
					Day    string
					Events int
					Hash   string
				}
			}
			s.Public(t).MustDo(`{ auditChainHeads { day events hash } }`, nil, &heads)
			head := s.App.Client.Counter.Query().Where(counter.Name("audit")).OnlyX(systemCtx())
			if h := heads.AuditChainHeads; len(h) != 1 || h[0].Day != chinatime.Today() || h[0].Events != int(head.Value) || h[0].Hash != head.Hash {
				t.Errorf("today's public head: %+v, want %d events ending in %s", h, head.Value, head.Hash)
			}

			victim := s.App.Client.AuditEvent.Query().
				Where(auditevent.EntityType("Donation"), auditevent.EntityID(mustAtoi(d.CreateDonation.ID))).OnlyX(systemCtx())
			if _, err := s.App.DB.Exec("UPDATE audit_events SET `after` = ? WHERE id = ?", `{"receipt_no":"FORGED"}`, victim.ID); err != nil {
				t.Fatal(err)
			}
			look()
			if c := check.VerifyAuditChain; c.OK || c.FirstBrokenID == nil || *c.FirstBrokenID != fmt.Sprint(victim.ID) {
				t.Errorf("tampered chain: %+v, want broken at %d", c, victim.ID)
			}
			if _, ready := get(t, s.URL+"/readyz", ""); !strings.Contains(ready, fmt.Sprintf("audit: BROKEN at event %d", victim.ID)) {
				t.Errorf("/readyz says %q", ready)
			}
			if _, m := get(t, s.URL+"/metrics", ""); !strings.Contains(m, "mzdesk_audit_chain_ok 0") {
				t.Errorf("/metrics does not report the broken chain")
			}
			for _, role := range []string{"bureau", "charity"} {
				if r := s.As(t, role).Do(q, nil); r.Code() != "FORBIDDEN" {
					t.Errorf("%s reads the audit check: %+v", role, r.Errors)
				}
			}
		})
	}
}

// TestTimesKeepTheirOffset records a donation dated in China time and reads the date back
// through a nested edge, the path that once returned text instead of a time on SQLite.
func TestTimesKeepTheirOffset(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			id := lookup(t, s)
			charity := s.As(t, "charity")
			var d created
			charity.MustDo(createDonation, map[string]any{"in": map[string]any{
				"donorID": id.giver, "donatedOn": "2020-02-20T10:00:00+08:00",
				"lines": []any{map[string]any{"itemID": id.disinfectant, "quantity": "1", "unit": "PACK"}},
			}}, &d)
			charity.MustDo(`mutation($in: AllocateInput!) { allocateDonation(input: $in) { leftover } }`, map[string]any{"in": map[string]any{
				"lineID": d.CreateDonation.Lines[0].ID, "method": "EVEN", "recipients": map[string]any{"villageIDs": []int{
					s.App.Client.OrgUnit.Query().Where(orgunit.Code(demo.ZhiheCode)).OnlyIDX(systemCtx())}}}}, nil)
			var out struct {
				Allocations struct {
					Edges []struct {
						Node struct {
							Line struct{ Donation struct{ DonatedOn string } }
						}
					}
				}
			}
			charity.MustDo(`query($v: ID!) { allocations(first: 5, where: {villageID: $v}) { edges { node { line { donation { donatedOn } } } } } }`,
				map[string]any{"v": s.App.Client.OrgUnit.Query().Where(orgunit.Code(demo.ZhiheCode)).OnlyIDX(systemCtx())}, &out)
			got, err := time.Parse(time.RFC3339, out.Allocations.Edges[0].Node.Line.Donation.DonatedOn)
			if err != nil || !got.Equal(time.Date(2020, 2, 20, 2, 0, 0, 0, time.UTC)) {
				t.Errorf("donatedOn came back as %q", out.Allocations.Edges[0].Node.Line.Donation.DonatedOn)
			}
		})
	}
}

// TestWeightedSplitAndChanges splits by population, changes and cancels planned
// allocations, and finds dispatched ones locked; a confirmed receipt is numbered by county.
func TestWeightedSplitAndChanges(t *testing.T) {
	s := apptest.Start(t, apptest.Databases()[0])
	id := lookup(t, s)
	charity := s.As(t, "charity")
	d := record3t(t, charity, id)
	line := d.CreateDonation.Lines[0].ID
	var p struct {
		PreviewAllocation struct {
			Total  string
			Shares []struct {
				Quantity  string
				Recipient struct{ Population int }
			}
		}
	}
	charity.MustDo(`query($in: AllocateInput!) { previewAllocation(input: $in) { total shares { quantity recipient { ... on OrgUnit { population } } } } }`,
		map[string]any{"in": map[string]any{"lineID": line, "method": "WEIGHTED", "weightBy": "POPULATION",
			"recipients": map[string]any{"everyVillageUnder": id.wuling}}}, &p)
	var sum quantity.Quantity
	var pop int
	for _, sh := range p.PreviewAllocation.Shares {
		q, _ := quantity.Parse(sh.Quantity)
		sum += q
		pop += sh.Recipient.Population
	}
	first := p.PreviewAllocation.Shares[0]
	want := 3000.0 * float64(first.Recipient.Population) / float64(pop) // only to check the proportion, not the sum
	got, _ := quantity.Parse(first.Quantity)
	if sum != 3000*quantity.Scale || p.PreviewAllocation.Total != "3000" || float64(got)/quantity.Scale-want > 0.001 || want-float64(got)/quantity.Scale > 0.001 {
		t.Errorf("weighted split: sum %s, first share %s for population %d (want %.3f)", sum, first.Quantity, first.Recipient.Population, want)
	}

	ids := allocateToWuling(t, charity, line, id, "PACK") // 120 villages get one barrel
	if r := charity.Do(`mutation($id: ID!) { updateAllocation(id: $id, quantity: "50") { quantity } }`, map[string]any{"id": ids[0]}); r.Code() != "BAD_USER_INPUT" {
		t.Errorf("growing while the whole line is allocated: %+v", r.Errors)
	}
	charity.MustDo(`mutation($id: ID!) { cancelAllocation(id: $id) { status } }`, map[string]any{"id": ids[2]}, nil)
	if r := charity.Do(`mutation($id: ID!) { updateAllocation(id: $id, quantity: "50") { quantity } }`, map[string]any{"id": ids[0]}); r.Code() != "" {
		t.Errorf("growing into the barrel the cancellation freed: %+v", r.Errors)
	}
	charity.MustDo(`mutation($ids: [ID!]!) { dispatchAllocations(ids: $ids) { id } }`, map[string]any{"ids": ids[3:5]}, nil)
	for _, m := range []string{`updateAllocation(id: $id, quantity: "1") { id }`, `cancelAllocation(id: $id) { id }`} {
		if r := charity.Do(`mutation($id: ID!) { `+m+` }`, map[string]any{"id": ids[3]}); r.Code() != "CONFLICT" {
			t.Errorf("changing a dispatched allocation: %+v", r.Errors)
		}
	}
	a := s.App.Client.Allocation.GetX(systemCtx(), mustAtoi(ids[3]))
	village := s.App.Client.OrgUnit.GetX(systemCtx(), *a.VillageID)
	var rec struct{ ConfirmReceipt struct{ ReceiptNo string } }
	s.As(t, "village-"+village.Code).MustDo(`mutation($id: ID!) { confirmReceipt(input: {allocationID: $id, idempotencyKey: "numbered-1"}) { receiptNo } }`,
		map[string]any{"id": a.ID}, &rec)
	if rec.ConfirmReceipt.ReceiptNo != "430702-000001" {
		t.Errorf("receipt number %q, want 430702-000001", rec.ConfirmReceipt.ReceiptNo)
	}
	linesKeepTheirTotals(t, s)
}

// TestReceiptSeries runs two replicas on one database, the second numbering its receipts
// in series B: each county's numbers stay gapless within a series, and the series never
// meet, so replicas on different nodes of a cluster need not update one counter row.
func TestReceiptSeries(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			spec := db.New(t)
			plain := apptest.StartOn(t, spec)
			seriesB := apptest.StartOn(t, spec, func(c *config.Config) { c.ReceiptSeries = "B" })
			id := lookup(t, plain)
			charity := plain.As(t, "charity")
			var d created
			charity.MustDo(createDonation, map[string]any{"in": map[string]any{
				"donorID": id.giver, "donatedOn": "2020-02-20T10:00:00+08:00",
				"lines": []any{map[string]any{"itemID": id.disinfectant, "quantity": "4", "unit": "PACK"}},
			}}, &d)
			zhihe := plain.App.Client.OrgUnit.Query().Where(orgunit.Code(demo.ZhiheCode)).OnlyIDX(systemCtx())
			var ids []string
			for range 4 {
				var out struct {
					AllocateDonation struct{ Allocations []struct{ ID string } }
				}
				charity.MustDo(`mutation($in: AllocateInput!) { allocateDonation(input: $in) { allocations { id } } }`, map[string]any{"in": map[string]any{
					"lineID": d.CreateDonation.Lines[0].ID, "method": "EVEN", "amount": "1", "unit": "PACK",
					"recipients": map[string]any{"villageIDs": []int{zhihe}}}}, &out)
				ids = append(ids, out.AllocateDonation.Allocations[0].ID)
			}
			charity.MustDo(`mutation($ids: [ID!]!) { dispatchAllocations(ids: $ids) { id } }`, map[string]any{"ids": ids}, nil)
			var got []string
			for i, server := range []*apptest.Server{plain, seriesB, seriesB, plain} {
				var rec struct{ ConfirmReceipt struct{ ReceiptNo string } }
				server.As(t, "village-"+demo.ZhiheCode).MustDo(`mutation($id: ID!, $key: String!) { confirmReceipt(input: {allocationID: $id, idempotencyKey: $key}) { receiptNo } }`,
					map[string]any{"id": ids[i], "key": fmt.Sprintf("series-%d-key", i)}, &rec)
				got = append(got, rec.ConfirmReceipt.ReceiptNo)
			}
			if want := []string{"430702-000001", "430702-B000001", "430702-B000002", "430702-000002"}; !slices.Equal(got, want) {
				t.Errorf("receipt numbers %q, want %q", got, want)
			}
		})
	}
}
