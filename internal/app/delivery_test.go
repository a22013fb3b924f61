package app_test

import (
	"reflect"
	"sort"
	"testing"

	"mzdesk/ent/orgunit"
	"mzdesk/internal/apptest"
	"mzdesk/internal/demo"
)

// TestPublicDelivery opens a delivery sheet's QR landing without a token: it shows the
// delivery (item, amount in the unit it was counted in, donor, committee), nothing for an
// id that is no delivery or a cancelled one, and its type has no field the public trail
// lacks: a field added to it later fails here until it is judged public.
func TestPublicDelivery(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			id := lookup(t, s)
			charity := s.As(t, "charity")
			public := s.Public(t)
			zhihe := s.App.Client.OrgUnit.Query().Where(orgunit.Code(demo.ZhiheCode)).OnlyIDX(systemCtx())

			d := record3t(t, charity, id)
			allocate := func(barrels string) string {
				var alloc struct {
					AllocateDonation struct{ Allocations []struct{ ID string } }
				}
				charity.MustDo(`mutation($line: ID!, $v: ID!, $n: Quantity!) { allocateDonation(input: { lineID: $line, method: EVEN,
					splitUnit: PACK, recipients: { villageIDs: [$v] }, amount: $n, unit: PACK }) { allocations { id } } }`,
					map[string]any{"line": d.CreateDonation.Lines[0].ID, "v": zhihe, "n": barrels}, &alloc)
				return alloc.AllocateDonation.Allocations[0].ID
			}
			sent, cancelled := allocate("2"), allocate("1")
			charity.MustDo(`mutation($ids: [ID!]!) { dispatchAllocations(ids: $ids) { id } }`, map[string]any{"ids": []string{sent}}, nil)
			charity.MustDo(`mutation($id: ID!) { cancelAllocation(id: $id) { id } }`, map[string]any{"id": cancelled}, nil)

			const q = `query($id: ID!) { publicDelivery(id: $id) { id donor item quantity baseUnit packName packSize enteredUnit recipient county status } }`
			var out struct{ PublicDelivery map[string]any }
			public.MustDo(q, map[string]any{"id": sent}, &out)
			want := map[string]any{"id": sent, "donor": "常德市子琳医疗科技有限公司", "item": "84消毒液", "quantity": "50",
				"baseUnit": "KG", "packName": "桶", "packSize": "25", "enteredUnit": "PACK",
				"recipient": "芷荷社区村(居)委会", "county": "武陵区", "status": "DISPATCHED"}
			if !reflect.DeepEqual(out.PublicDelivery, want) {
				t.Errorf("publicDelivery:\n got %v\nwant %v", out.PublicDelivery, want)
			}

			for name, other := range map[string]any{"cancelled": cancelled, "a donation": d.CreateDonation.ID, "no such id": "999999999"} {
				var none struct{ PublicDelivery *map[string]any }
				public.MustDo(q, map[string]any{"id": other}, &none)
				if none.PublicDelivery != nil {
					t.Errorf("%s: %v, want null", name, *none.PublicDelivery)
				}
			}

			var schema struct {
				Type struct{ Fields []struct{ Name string } } `json:"__type"`
			}
			public.MustDo(`{ __type(name: "PublicDelivery") { fields { name } } }`, nil, &schema)
			var fields []string
			for _, f := range schema.Type.Fields {
				fields = append(fields, f.Name)
			}
			sort.Strings(fields)
			// The receipt's fields are those each row of the public trail shows once signed (who
			// signed, when, how much, what was refused and why), and donationID names the trail.
			judged := []string{"baseUnit", "confirmedAt", "county", "donationID", "donor", "enteredUnit", "id", "item", "packName", "packSize",
				"quantity", "receiptNo", "receivedQuantity", "recipient", "rejectReason", "rejectedQuantity", "signedBy", "status"}
			if !reflect.DeepEqual(fields, judged) {
				t.Errorf("PublicDelivery has fields %v; each must be one the public trail shows: %v", fields, judged)
			}
		})
	}
}
