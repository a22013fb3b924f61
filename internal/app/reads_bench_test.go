package app_test

import (
	"fmt"
	"net/http"
	"testing"

	"mzdesk/ent/allocation"
	"mzdesk/internal/apptest"
)

// BenchmarkPeerReads runs `make bench-peer`'s two reads in-process, over HTTP, on each
// test database, for a CPU profile of the server's side alone:
//
//	go test -run '^$' -bench PeerReads -cpuprofile cpu.out ./internal/app
//
// (a) a village's first 20 allocations, each with its donation, item, donor and
// receipt; (b) one donation with its 128 allocations, their villages and receipts.
func BenchmarkPeerReads(b *testing.B) {
	for _, db := range apptest.Databases() {
		b.Run(db.Name, func(b *testing.B) {
			s := apptest.Start(b, db)
			ctx := systemCtx()
			id := lookup(b, s)
			charity := s.As(b, "charity")
			big := record3t(b, charity, id)
			planned := allocateToWuling(b, charity, big.CreateDonation.Lines[0].ID, id, "BASE")
			first := s.App.Client.Allocation.GetX(ctx, mustAtoi(planned[0]))
			// 24 more donations to the first village, for a list of 20 to read.
			for i := range 24 {
				var d created
				charity.MustDo(createDonation, map[string]any{"in": map[string]any{
					"donorID": id.giver, "donatedOn": "2020-02-21T00:00:00Z", "purpose": fmt.Sprintf("第%d批", i+2),
					"lines": []any{map[string]any{"itemID": id.disinfectant, "quantity": "1", "unit": "PACK"}},
				}}, &d)
				charity.MustDo(`mutation($in: AllocateInput!) { allocateDonation(input: $in) { leftover } }`, map[string]any{"in": map[string]any{
					"lineID": d.CreateDonation.Lines[0].ID, "method": "MANUAL", "shares": []any{map[string]any{
						"recipientID": *first.VillageID, "quantity": "1", "unit": "PACK"}}}}, nil)
			}
			var ids []string
			for _, a := range s.App.Client.Allocation.Query().Where(allocation.StatusEQ(allocation.StatusPLANNED)).IDsX(ctx) {
				ids = append(ids, fmt.Sprint(a))
			}
			charity.MustDo(`mutation($ids: [ID!]!) { dispatchAllocations(ids: $ids) { id } }`, map[string]any{"ids": ids}, nil)
			user := s.App.Client.User.Query().FirstIDX(ctx)
			for _, a := range s.App.Client.Allocation.Query().Where(allocation.StatusEQ(allocation.StatusDISPATCHED)).AllX(ctx) {
				s.App.Client.Receipt.Create().SetAllocationID(a.ID).SetReceiptNo(fmt.Sprintf("N-%d", a.ID)).
					SetConfirmedByID(user).SetConfirmedAt(a.CreatedAt).
					SetReceivedQuantity(a.Quantity).SetIdempotencyKey(fmt.Sprintf("peer-reads-%d", a.ID)).ExecX(ctx)
			}
			vc := s.As(b, "village-"+s.App.Client.OrgUnit.GetX(ctx, *first.VillageID).Code)
			// Uncompressed answers, as bench-peer's clients ask.
			for _, c := range []*apptest.Client{vc, charity} {
				c.Header = http.Header{"Accept-Encoding": {"identity"}}
			}
			reads := map[string]func(){
				"a": func() {
					vc.MustDo(`{ allocations(first: 20, orderBy: {field: CREATED_AT, direction: DESC}) { edges { node { id quantity status
						line { enteredUnit item { name baseUnit } donation { receiptNo donatedOn donorName } }
						receipt { receiptNo receivedQuantity confirmedAt } } } } }`, nil, nil)
				},
				"b": func() {
					charity.MustDo(`query($id: ID!) { node(id: $id) { ... on Donation { receiptNo lines { quantity
						allocations(first: 200) { edges { node { quantity status village { name } receipt { receiptNo receivedQuantity } } } } } } } }`,
						map[string]any{"id": big.CreateDonation.ID}, nil)
				},
			}
			for _, name := range []string{"a", "b"} {
				b.Run(name, func(b *testing.B) {
					for b.Loop() {
						reads[name]()
					}
				})
			}
		})
	}
}
