package app_test

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"mzdesk/ent/orgunit"
	"mzdesk/internal/apptest"
	"mzdesk/internal/demo"
)

type waitingRow struct {
	State     string
	Since     string
	Phone     *string
	Contact   *string
	Street    *struct{ Name string }
	Recipient struct{ ID, Name string }
}

const waitingDoc = `query($d: ID!, $under: ID) { waiting(donationID: $d, under: $under) {
	state since phone contact street { name } recipient { ... on OrgUnit { id name } } } }`

func waitingOf(t *testing.T, c *apptest.Client, donation string, under any) []waitingRow {
	t.Helper()
	var out struct{ Waiting []waitingRow }
	c.MustDo(waitingDoc, map[string]any{"d": donation, "under": under}, &out)
	return out.Waiting
}

// emptyOf previews a whole-barrel split of line over 武陵区 with firstBy and returns the
// names of the villages that get nothing, sorted.
func emptyOf(t *testing.T, c *apptest.Client, line string, wuling int, firstBy string, firstIDs []int) []string {
	t.Helper()
	in := map[string]any{"lineID": line, "method": "EVEN", "splitUnit": "PACK", "firstBy": firstBy,
		"recipients": map[string]any{"everyVillageUnder": wuling}}
	if firstIDs != nil {
		in["firstIDs"] = firstIDs
	}
	var out struct {
		PreviewAllocation struct {
			Shares []struct {
				Quantity  string
				Recipient struct{ Name string }
			}
			EmptyShares int
		}
	}
	c.MustDo(`query($in: AllocateInput!) { previewAllocation(input: $in) { shares { quantity recipient { ... on OrgUnit { name } } } emptyShares } }`,
		map[string]any{"in": in}, &out)
	var empty []string
	for _, s := range out.PreviewAllocation.Shares {
		if s.Quantity == "0" {
			empty = append(empty, s.Recipient.Name)
		}
	}
	if len(empty) != 8 || out.PreviewAllocation.EmptyShares != 8 {
		t.Fatalf("firstBy %s: %d empty shares (%d counted), want 8", firstBy, len(empty), out.PreviewAllocation.EmptyShares)
	}
	sort.Strings(empty)
	return empty
}

// TestChaseListAndLeftOut replays the 120 barrels over 128 villages as the charity office
// would: it chooses who waits (by list, population, ticks or street, each choice changing
// who gets nothing), sees the 8 left out on the line and on the chase list with the
// committees' phones beside the 120 not yet signed, oldest first and by street, with counts
// that agree; then the next delivery goes to those 8 and they stop waiting. The bureau's
// overview sums what reached its units.
func TestChaseListAndLeftOut(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			id := lookup(t, s)
			charity := s.As(t, "charity")
			line := record3t(t, charity, id).CreateDonation.Lines[0].ID
			donation := fmt.Sprint(s.App.Client.DonationLine.GetX(systemCtx(), mustAtoi(line)).DonationID)

			villages := s.App.Client.OrgUnit.Query().Where(orgunit.LevelEQ(orgunit.LevelVILLAGE), orgunit.PathHasPrefix("430700/430702/")).
				Order(orgunit.ByCode()).AllX(systemCtx())
			byList := emptyOf(t, charity, line, id.wuling, "LIST", nil)
			var last8 []string
			for _, v := range villages[120:] {
				last8 = append(last8, v.Name)
			}
			sort.Strings(last8)
			if !slices.Equal(byList, last8) {
				t.Fatalf("by list order the last 8 wait, got %v", byList)
			}
			byPopulation := emptyOf(t, charity, line, id.wuling, "POPULATION", nil)
			bySize := slices.Clone(villages)
			sort.SliceStable(bySize, func(i, j int) bool { return *bySize[i].Population > *bySize[j].Population })
			var smallest []string
			for _, v := range bySize[120:] {
				smallest = append(smallest, v.Name)
			}
			sort.Strings(smallest)
			if !slices.Equal(byPopulation, smallest) || slices.Equal(byPopulation, byList) {
				t.Fatalf("by population the 8 smallest should wait: got %v, smallest %v", byPopulation, smallest)
			}
			ticked := []int{villages[127].ID, villages[126].ID}
			if got := emptyOf(t, charity, line, id.wuling, "TICKED", ticked); slices.Contains(got, villages[127].Name) || slices.Contains(got, villages[126].Name) {
				t.Fatalf("ticked villages still wait: %v", got)
			}
			lastStreet := *villages[127].ParentID
			for _, name := range emptyOf(t, charity, line, id.wuling, "STREET", []int{lastStreet}) {
				for _, v := range villages[112:] { // the last street's 16 villages
					if v.Name == name {
						t.Fatalf("a village of the chosen street waits: %s", name)
					}
				}
			}
			r := charity.Do(`query($in: AllocateInput!) { previewAllocation(input: $in) { total } }`, map[string]any{"in": map[string]any{
				"lineID": line, "method": "EVEN", "splitUnit": "PACK", "firstBy": "TICKED", "recipients": map[string]any{"everyVillageUnder": id.wuling}}})
			if len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
				t.Fatalf("TICKED without ticks: %+v", r.Errors)
			}

			var alloc struct {
				AllocateDonation struct {
					Allocations []struct{ ID string }
					LeftOut     []struct{ Name string }
				}
			}
			charity.MustDo(`mutation($in: AllocateInput!) { allocateDonation(input: $in) { allocations { id } leftOut { ... on OrgUnit { name } } } }`,
				map[string]any{"in": map[string]any{"lineID": line, "method": "EVEN", "splitUnit": "PACK", "firstBy": "POPULATION",
					"recipients": map[string]any{"everyVillageUnder": id.wuling}}}, &alloc)
			var left []string
			for _, l := range alloc.AllocateDonation.LeftOut {
				left = append(left, l.Name)
			}
			sort.Strings(left)
			if len(alloc.AllocateDonation.Allocations) != 120 || !slices.Equal(left, smallest) {
				t.Fatalf("%d allocations, left out %v", len(alloc.AllocateDonation.Allocations), left)
			}
			ids := make([]string, 120)
			for i, a := range alloc.AllocateDonation.Allocations {
				ids[i] = a.ID
			}
			charity.MustDo(`mutation($ids: [ID!]!) { dispatchAllocations(ids: $ids) { id } }`, map[string]any{"ids": ids[:60]}, nil)
			charity.MustDo(`mutation($ids: [ID!]!) { dispatchAllocations(ids: $ids) { id } }`, map[string]any{"ids": ids[60:]}, nil)

			var progress struct {
				DonationProgress struct{ Recipients, Confirmed, Received, Disputed, Dispatched, Planned, LeftOut, Stale int }
				Node             struct {
					Lines []struct{ LeftOut []struct{ Name string } }
				}
			}
			progressDoc := `query($d: ID!) { donationProgress(id: $d) { recipients confirmed received disputed dispatched planned leftOut stale }
				node(id: $d) { ... on Donation { lines { leftOut { ... on OrgUnit { name } } } } } }`
			charity.MustDo(progressDoc, map[string]any{"d": donation}, &progress)
			p := progress.DonationProgress
			if p.Recipients != 120 || p.Dispatched != 120 || p.Planned != 0 || p.LeftOut != 8 || p.Stale != 0 || len(progress.Node.Lines[0].LeftOut) != 8 {
				t.Fatalf("progress %+v, line left out %d", p, len(progress.Node.Lines[0].LeftOut))
			}
			// Stale counts the dispatched allocations sent before the cut: all 120 when the cut is now.
			var late struct{ DonationProgress struct{ Stale int } }
			charity.MustDo(`query($d: ID!) { donationProgress(id: $d, staleAfterHours: 0) { stale } }`, map[string]any{"d": donation}, &late)
			if late.DonationProgress.Stale != 120 {
				t.Fatalf("%d stale with the cut at now, want the 120 dispatched", late.DonationProgress.Stale)
			}

			// 芷荷社区 signs, one village signs short: the chase list drops both.
			zhihe := s.App.Client.OrgUnit.Query().Where(orgunit.Code(demo.ZhiheCode)).OnlyX(systemCtx())
			signed := 0
			for _, v := range []string{demo.ZhiheCode, villages[5].Code} {
				var mine struct {
					Allocations struct {
						Edges []struct{ Node struct{ ID string } }
					}
				}
				village := s.As(t, "village-"+v)
				village.MustDo(`{ allocations(first: 5, where: { status: DISPATCHED }) { edges { node { id } } } }`, nil, &mine)
				if len(mine.Allocations.Edges) == 0 {
					continue // left out by population
				}
				in := map[string]any{"allocationID": mine.Allocations.Edges[0].Node.ID, "idempotencyKey": "chase-" + v}
				if v != demo.ZhiheCode {
					in["receivedQuantity"], in["rejectedQuantity"], in["rejectReason"] = "20", "5", "DAMAGED"
				}
				village.MustDo(`mutation($in: ConfirmReceiptInput!) { confirmReceipt(input: $in) { id } }`, map[string]any{"in": in}, nil)
				signed++
			}
			charity.MustDo(progressDoc, map[string]any{"d": donation}, &progress)
			p = progress.DonationProgress
			if p.Confirmed != signed || p.Received+p.Disputed != p.Confirmed || p.Received+p.Disputed+p.Dispatched+p.Planned != p.Recipients {
				t.Fatalf("counts disagree: %+v (signed %d)", p, signed)
			}

			all := waitingOf(t, charity, donation, nil)
			states := map[string]int{}
			for i, w := range all {
				states[w.State]++
				if w.Phone == nil || !strings.HasPrefix(*w.Phone, "0736-") || w.Contact == nil || w.Street == nil {
					t.Fatalf("row %d without its committee's phone or street: %+v", i, w)
				}
				if i > 0 && w.Since < all[i-1].Since {
					t.Fatalf("not oldest first at %d: %s after %s", i, w.Since, all[i-1].Since)
				}
				if w.Recipient.ID == fmt.Sprint(zhihe.ID) && w.State == "NOT_SIGNED" {
					t.Fatal("芷荷社区 signed and is still chased")
				}
			}
			if states["NOT_SIGNED"] != 120-signed || states["LEFT_OUT"] != 8 || len(all) != p.Recipients-p.Confirmed+p.LeftOut {
				t.Fatalf("chase list %v, progress %+v", states, p)
			}
			street := s.App.Client.OrgUnit.GetX(systemCtx(), lastStreet)
			for _, w := range waitingOf(t, charity, donation, lastStreet) {
				if w.Street == nil || w.Street.Name != street.Name {
					t.Fatalf("street filter let through %+v", w)
				}
			}
			if r := s.As(t, "bureau").Do(waitingDoc, map[string]any{"d": donation}); len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "FORBIDDEN" {
				t.Fatalf("the bureau read the chase list: %+v", r.Errors)
			}

			// The next delivery, 8 barrels, goes to the 8 who waited: they stop waiting.
			var next created
			charity.MustDo(createDonation, map[string]any{"in": map[string]any{
				"donorID": id.giver, "donatedOn": "2020-02-25T00:00:00Z",
				"lines": []any{map[string]any{"itemID": id.disinfectant, "quantity": "8", "unit": "PACK"}},
			}}, &next)
			var open struct {
				OpenLines []struct{ Line struct{ ID string } }
			}
			charity.MustDo(`query($item: ID!) { openLines(itemID: $item) { line { id } available } }`, map[string]any{"item": id.disinfectant}, &open)
			if len(open.OpenLines) != 1 || open.OpenLines[0].Line.ID != next.CreateDonation.Lines[0].ID {
				t.Fatalf("open lines %+v", open.OpenLines)
			}
			var waitingIDs []string
			for _, w := range all {
				if w.State == "LEFT_OUT" {
					waitingIDs = append(waitingIDs, w.Recipient.ID)
				}
			}
			charity.MustDo(`mutation($in: AllocateInput!) { allocateDonation(input: $in) { leftOut { __typename } } }`,
				map[string]any{"in": map[string]any{"lineID": next.CreateDonation.Lines[0].ID, "method": "EVEN", "splitUnit": "PACK",
					"recipients": map[string]any{"villageIDs": waitingIDs}}}, nil)
			charity.MustDo(progressDoc, map[string]any{"d": donation}, &progress)
			if progress.DonationProgress.LeftOut != 0 || len(progress.Node.Lines[0].LeftOut) != 0 {
				t.Fatalf("served villages still wait: %+v", progress)
			}

			// The bureau of the city sees every one of them; its totals agree with the ledger.
			var ov struct {
				DonationOverview struct {
					Items []struct {
						Item                  struct{ Name string }
						Allocated, Received   string
						Recipients, Confirmed int
					}
					Counties []struct {
						County                          struct{ Name string }
						Recipients, Confirmed, Disputed int
					}
					Donations    []struct{ Recipients, Confirmed, OpenDisputes int }
					OpenDisputes int
				}
			}
			s.As(t, "bureau").MustDo(`{ donationOverview { openDisputes items { item { name } allocated received recipients confirmed }
				counties { county { name } recipients confirmed disputed } donations { recipients confirmed openDisputes } } }`, nil, &ov)
			o := ov.DonationOverview
			var disinfectant *struct {
				Item                  struct{ Name string }
				Allocated, Received   string
				Recipients, Confirmed int
			}
			for i := range o.Items {
				if o.Items[i].Item.Name == "84消毒液" {
					disinfectant = &o.Items[i]
				}
			}
			// 3000 + 200 kg: the 120 + 8 barrels, and the demo's 200 斤 to the enterprise.
			if disinfectant == nil || disinfectant.Allocated != "3300" || disinfectant.Recipients != 129 || disinfectant.Confirmed != signed {
				t.Fatalf("84消毒液 totals %+v", disinfectant)
			}
			wulingSeen := false
			for _, c := range o.Counties {
				if c.County.Name == "武陵区" {
					wulingSeen = c.Recipients == 128 && c.Confirmed == signed && c.Disputed == signed-1
				}
			}
			if !wulingSeen || o.OpenDisputes != signed-1 {
				t.Fatalf("county totals %+v, open disputes %d", o.Counties, o.OpenDisputes)
			}

			// The charity office reads the same overview of every donation.
			if r := s.As(t, "charity").Do(`{ donationOverview { openDisputes } }`, nil); len(r.Errors) > 0 {
				t.Fatalf("charity overview: %+v", r.Errors)
			}

			// The public trail names who signed, when, how much, and why something was refused.
			var trail struct {
				DonationTrail struct {
					Lines []struct {
						Allocations []struct {
							ID, Recipient                                      string
							SignedBy, ConfirmedAt, ReceivedQuantity, ReceiptNo *string
							RejectReason, RejectedQuantity                     *string
						}
					}
				}
			}
			s.Public(t).MustDo(`query($d: ID!) { donationTrail(id: $d) { lines { allocations { id recipient signedBy confirmedAt
				receivedQuantity receiptNo rejectReason rejectedQuantity } } } }`, map[string]any{"d": donation}, &trail)
			withSigner, refused := 0, 0
			for _, a := range trail.DonationTrail.Lines[0].Allocations {
				if a.SignedBy != nil {
					withSigner++
					if a.ConfirmedAt == nil || a.ReceivedQuantity == nil || a.ReceiptNo == nil || !strings.HasSuffix(*a.SignedBy, "村(居)委会") {
						t.Fatalf("signed row without its time, amount or number: %+v", a)
					}
				}
				if a.RejectReason != nil {
					refused++
					if *a.RejectReason != "DAMAGED" || *a.RejectedQuantity != "5" {
						t.Fatalf("refusal %+v", a)
					}
				}
			}
			if withSigner != signed || refused != signed-1 {
				t.Fatalf("%d rows name their signer, %d a refusal; %d signed", withSigner, refused, signed)
			}
		})
	}
}
