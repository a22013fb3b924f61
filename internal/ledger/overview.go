package ledger

import (
	"context"
	"sort"

	"mzdesk/ent"
	"mzdesk/ent/allocation"
	"mzdesk/ent/dispute"
	"mzdesk/ent/donation"
	"mzdesk/ent/donationline"
	"mzdesk/ent/item"
	"mzdesk/ent/orgunit"
	"mzdesk/ent/schema"
	"mzdesk/internal/orgpath"
	"mzdesk/internal/quantity"
)

// Overview is the donations as the viewer's scope sees them: what a county bureau reads on
// its dashboard of the goods that reached its villages, institutions and enterprises.
type Overview struct {
	Items        []*ItemTotal
	Counties     []*CountyTotal
	Donations    []*ScopeProgress
	OpenDisputes int
}

// ItemTotal is one item's amounts in scope, in its base unit.
type ItemTotal struct {
	Item       *ent.Item
	Allocated  quantity.Quantity
	Received   quantity.Quantity
	Recipients int
	Confirmed  int
}

// CountyTotal is the recipients of one county (or of the city itself) and how many signed.
type CountyTotal struct {
	County     *ent.OrgUnit
	Recipients int
	Confirmed  int
	Disputed   int
}

// ScopeProgress is one donation's progress within the viewer's scope.
type ScopeProgress struct {
	Donation     *ent.Donation
	Recipients   int
	Confirmed    int
	Disputed     int
	OpenDisputes int
}

// DonationOverview sums the allocations the viewer may read (not cancelled) by item, by
// county and by donation, and counts their open disputes. The allocations are read with
// their receipts, open disputes and recipients' places in one statement per edge; the
// items, donations and counties they name in one statement each.
func DonationOverview(ctx context.Context, c *ent.Client) (*Overview, error) {
	if _, err := schema.DonationOverview.Allow(ctx); err != nil {
		return nil, err
	}
	as, err := c.Allocation.Query().Where(allocation.StatusNEQ(allocation.StatusCANCELLED)).
		WithLine(func(q *ent.DonationLineQuery) { q.Select(donationline.FieldItemID, donationline.FieldDonationID) }).
		WithReceipt().
		WithDispute(func(q *ent.DisputeQuery) { q.Where(dispute.StatusEQ(dispute.StatusOPEN)) }).
		WithVillage().
		WithInstitution(func(q *ent.InstitutionQuery) { q.WithOrgUnit() }).
		WithEnterprise(func(q *ent.EnterpriseQuery) { q.WithOrgUnit() }).
		All(ctx)
	if err != nil {
		return nil, err
	}
	items := map[int]*ItemTotal{}
	counties := map[string]*CountyTotal{}
	donations := map[int]*ScopeProgress{}
	o := &Overview{}
	for _, a := range as {
		l := a.Edges.Line
		it := items[l.ItemID]
		if it == nil {
			it = &ItemTotal{}
			items[l.ItemID] = it
		}
		d := donations[l.DonationID]
		if d == nil {
			d = &ScopeProgress{}
			donations[l.DonationID] = d
		}
		_, path := Recipient(a)
		ct := counties[orgpath.County(path)]
		if ct == nil {
			ct = &CountyTotal{}
			counties[orgpath.County(path)] = ct
		}
		it.Allocated += a.Quantity
		it.Recipients++
		d.Recipients++
		ct.Recipients++
		if a.Edges.Receipt != nil {
			it.Received += a.Edges.Receipt.ReceivedQuantity
		}
		if a.Status == allocation.StatusRECEIVED || a.Status == allocation.StatusDISPUTED {
			it.Confirmed++
			d.Confirmed++
			ct.Confirmed++
		}
		if a.Status == allocation.StatusDISPUTED {
			d.Disputed++
			ct.Disputed++
		}
		if a.Edges.Dispute != nil {
			d.OpenDisputes++
			o.OpenDisputes++
		}
	}
	if err := o.name(ctx, c, items, counties, donations); err != nil {
		return nil, err
	}
	return o, nil
}

// name loads the items, counties and donations the totals are keyed by, and orders each
// list the way a reader looks for them: items by name, counties by code, newest donation first.
func (o *Overview) name(ctx context.Context, c *ent.Client, items map[int]*ItemTotal, counties map[string]*CountyTotal, donations map[int]*ScopeProgress) error {
	its, err := c.Item.Query().Where(item.IDIn(keys(items)...)).Order(ent.Asc(item.FieldName)).All(ctx)
	if err != nil {
		return err
	}
	for _, it := range its {
		items[it.ID].Item = it
		o.Items = append(o.Items, items[it.ID])
	}
	codes := make([]string, 0, len(counties))
	for code := range counties {
		codes = append(codes, code)
	}
	units, err := c.OrgUnit.Query().Where(orgunit.CodeIn(codes...)).Order(ent.Asc(orgunit.FieldCode)).All(ctx)
	if err != nil {
		return err
	}
	for _, u := range units {
		counties[u.Code].County = u
		o.Counties = append(o.Counties, counties[u.Code])
	}
	ds, err := c.Donation.Query().Where(donation.IDIn(keys(donations)...)).
		Order(ent.Desc(donation.FieldDonatedOn), ent.Desc(donation.FieldID)).All(ctx)
	if err != nil {
		return err
	}
	for _, d := range ds {
		donations[d.ID].Donation = d
		o.Donations = append(o.Donations, donations[d.ID])
	}
	if o.Items == nil {
		o.Items = []*ItemTotal{}
	}
	if o.Counties == nil {
		o.Counties = []*CountyTotal{}
	}
	if o.Donations == nil {
		o.Donations = []*ScopeProgress{}
	}
	return nil
}

func keys[T any](m map[int]T) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Ints(out)
	return out
}
