package ledger

import (
	"context"
	"time"

	"mzdesk/ent"
	"mzdesk/ent/allocation"
	"mzdesk/ent/dispute"
	"mzdesk/ent/donation"
	"mzdesk/ent/donationline"
	"mzdesk/ent/donor"
	"mzdesk/ent/orgunit"
	"mzdesk/ent/receipt"
	"mzdesk/ent/user"
	"mzdesk/internal/orgpath"
	"mzdesk/internal/quantity"
	"mzdesk/internal/viewer"
)

// PublicDonation is a donation as the transparency page shows it: no phone numbers, no
// account names, committees named by their village, private donors not named at all.
type PublicDonation struct {
	ID         int
	Donor      string
	DonatedOn  time.Time
	Purpose    *string
	Lines      []*PublicLine
	Recipients int
	Confirmed  int
}

// PublicLine is one item of a public donation.
type PublicLine struct {
	Item            string
	Quantity        quantity.Quantity
	BaseUnit        quantity.Unit
	PackName        *string
	PackSize        *quantity.Quantity
	EnteredQuantity quantity.Quantity
	EnteredUnit     quantity.Unit
	Allocations     []*PublicAllocation
}

// PublicAllocation is where part of a line went and whether it was signed for.
// A signed one names the account that signed — a committee's or an institution's, never a
// person's — when, how much, and what was refused and why.
type PublicAllocation struct {
	ID               int
	Recipient        string
	County           *string
	Quantity         quantity.Quantity
	Status           allocation.Status
	UnderReview      bool
	ConfirmedAt      *time.Time
	ReceivedQuantity *quantity.Quantity
	SignedBy         *string
	ReceiptNo        *string
	RejectedQuantity *quantity.Quantity
	RejectReason     *receipt.RejectReason
}

// anonymousDonor stands for a private person on the public page.
const anonymousDonor = "爱心人士"

// maxPublic bounds one public page.
const maxPublic = 100

// PublicDonations lists the newest donations for the public, as the Public system task.
func PublicDonations(ctx context.Context, c *ent.Client, first int) ([]*PublicDonation, error) {
	if first <= 0 || first > maxPublic {
		first = maxPublic
	}
	return publicTrail(ctx, c, func(q *ent.DonationQuery) {
		q.Order(ent.Desc(donation.FieldDonatedOn), ent.Desc(donation.FieldID)).Limit(first)
	})
}

// Trail is one donation's public trail, or nil when there is no such donation.
func Trail(ctx context.Context, c *ent.Client, id int) (*PublicDonation, error) {
	ds, err := publicTrail(ctx, c, func(q *ent.DonationQuery) { q.Where(donation.ID(id)) })
	if err != nil || len(ds) == 0 {
		return nil, err
	}
	return ds[0], nil
}

// publicTrail loads donations with everything the public page shows in one statement
// per level, then projects them into public records.
func publicTrail(ctx context.Context, c *ent.Client, pick func(*ent.DonationQuery)) ([]*PublicDonation, error) {
	ctx = viewer.SystemContext(ctx, viewer.Public)
	q := WithTrail(c.Donation.Query())
	pick(q)
	ds, err := q.All(ctx)
	if err != nil {
		return nil, err
	}
	names, err := CountyNames(ctx, c)
	if err != nil {
		return nil, err
	}
	out := make([]*PublicDonation, len(ds))
	for i, d := range ds {
		pd := &PublicDonation{ID: d.ID, Donor: PublicName(d.Edges.Donor), DonatedOn: d.DonatedOn}
		if d.Purpose != "" {
			pd.Purpose = &d.Purpose
		}
		for _, l := range d.Edges.Lines {
			it := l.Edges.Item
			pl := &PublicLine{Item: it.Name, Quantity: l.Quantity, BaseUnit: it.BaseUnit,
				EnteredQuantity: l.EnteredQuantity, EnteredUnit: l.EnteredUnit}
			if it.PackSize > 0 {
				pl.PackName, pl.PackSize = &it.PackName, &it.PackSize
			}
			for _, a := range l.Edges.Allocations {
				pl.Allocations = append(pl.Allocations, publicAllocation(a, names))
				pd.Recipients++
				if a.Status == allocation.StatusRECEIVED || a.Status == allocation.StatusDISPUTED {
					pd.Confirmed++
				}
			}
			pd.Lines = append(pd.Lines, pl)
		}
		out[i] = pd
	}
	return out, nil
}

func publicAllocation(a *ent.Allocation, counties map[string]string) *PublicAllocation {
	name, path := Recipient(a)
	pa := &PublicAllocation{ID: a.ID, Quantity: a.Quantity, Status: a.Status, Recipient: name,
		UnderReview: a.Edges.Dispute != nil && a.Edges.Dispute.Status == dispute.StatusOPEN}
	if n, ok := counties[orgpath.County(path)]; ok {
		pa.County = &n
	}
	if r := a.Edges.Receipt; r != nil {
		pa.ConfirmedAt, pa.ReceivedQuantity, pa.ReceiptNo = &r.ConfirmedAt, &r.ReceivedQuantity, &r.ReceiptNo
		if r.Edges.ConfirmedBy != nil {
			pa.SignedBy = &r.Edges.ConfirmedBy.DisplayName
		}
		if r.RejectReason != nil {
			pa.RejectedQuantity, pa.RejectReason = &r.RejectedQuantity, r.RejectReason
		}
	}
	return pa
}

// withSigner loads a receipt's signer: only the accounts of committees and institutions
// are readable to the public task (the User policy), and only their display name is shown.
func withSigner(q *ent.ReceiptQuery) {
	q.WithConfirmedBy(func(u *ent.UserQuery) { u.Select(user.FieldDisplayName) })
}

// WithTrail makes a donation query load the whole trail: donor, lines with items, and
// the allocations that are not cancelled with their recipients and receipts.
func WithTrail(q *ent.DonationQuery) *ent.DonationQuery {
	return q.WithDonor().WithLines(func(l *ent.DonationLineQuery) {
		l.Order(ent.Asc(donationline.FieldID)).WithItem().WithAllocations(func(a *ent.AllocationQuery) {
			a.Where(allocation.StatusNEQ(allocation.StatusCANCELLED)).Order(ent.Asc(allocation.FieldID)).
				WithVillage().WithReceipt(withSigner).WithDispute().
				WithInstitution(func(i *ent.InstitutionQuery) { i.WithOrgUnit() }).
				WithEnterprise(func(e *ent.EnterpriseQuery) { e.WithOrgUnit() })
		})
	})
}

// Recipient names an allocation's recipient as people say it — a village's committee, an
// institution, an enterprise — and gives the org unit path it lies under. The
// allocation's recipient edges must be loaded (WithTrail).
func Recipient(a *ent.Allocation) (name, path string) {
	switch {
	case a.Edges.Village != nil:
		return a.Edges.Village.Name + "村(居)委会", a.Edges.Village.Path
	case a.Edges.Institution != nil:
		return a.Edges.Institution.Name, a.Edges.Institution.Edges.OrgUnit.Path
	case a.Edges.Enterprise != nil:
		return a.Edges.Enterprise.Name, a.Edges.Enterprise.Edges.OrgUnit.Path
	}
	return "", ""
}

// CountyNames maps county (and city) codes to names.
func CountyNames(ctx context.Context, c *ent.Client) (map[string]string, error) {
	units, err := c.OrgUnit.Query().Where(orgunit.LevelIn(orgunit.LevelCOUNTY, orgunit.LevelCITY)).All(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(units))
	for _, u := range units {
		names[u.Code] = u.Name
	}
	return names, nil
}

// PublicName is how the public pages and the public certificate name a donor: a private
// person as 爱心人士, an enterprise or organisation by its name.
func PublicName(d *ent.Donor) string {
	if d.Kind == donor.KindPERSON {
		return anonymousDonor
	}
	return d.Name
}

// DonorName is the donor of a donation as the public page names it, for viewers who may
// see the donation but not the donor's contacts.
func DonorName(ctx context.Context, c *ent.Client, donorID int) (string, error) {
	d, err := c.Donor.Get(viewer.SystemContext(ctx, viewer.Public), donorID)
	if err != nil {
		return "", err
	}
	return PublicName(d), nil
}

// PublicDelivery is one allocation as its delivery sheet's QR code shows it before anyone
// logs in: what is delivered, how much, from whom, to which committee and whether it is
// signed for. It is what the public trail already shows of that allocation, nothing more:
// no account, no note, no photo, and a private donor unnamed.
type PublicDelivery struct {
	*PublicAllocation
	DonationID  int
	ID          int
	Donor       string
	Item        string
	Quantity    quantity.Quantity
	BaseUnit    quantity.Unit
	PackName    *string
	PackSize    *quantity.Quantity
	EnteredUnit quantity.Unit
	Recipient   string
	County      *string
	Status      allocation.Status
}

// Delivery is the public view of allocation id, or nil when there is none (or it was cancelled,
// which the public trail does not show either).
func Delivery(ctx context.Context, c *ent.Client, id int) (*PublicDelivery, error) {
	ctx = viewer.SystemContext(ctx, viewer.Public)
	a, err := c.Allocation.Query().
		Where(allocation.ID(id), allocation.StatusNEQ(allocation.StatusCANCELLED)).
		WithLine(func(l *ent.DonationLineQuery) {
			l.WithItem().WithDonation(func(d *ent.DonationQuery) { d.WithDonor() })
		}).
		WithVillage().WithReceipt(withSigner).
		WithInstitution(func(i *ent.InstitutionQuery) { i.WithOrgUnit() }).
		WithEnterprise(func(e *ent.EnterpriseQuery) { e.WithOrgUnit() }).
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	names, err := CountyNames(ctx, c)
	if err != nil {
		return nil, err
	}
	l := a.Edges.Line
	it := l.Edges.Item
	pa := publicAllocation(a, names)
	out := &PublicDelivery{PublicAllocation: pa, DonationID: l.DonationID, ID: a.ID, Donor: PublicName(l.Edges.Donation.Edges.Donor), Item: it.Name,
		Quantity: a.Quantity, BaseUnit: it.BaseUnit, EnteredUnit: l.EnteredUnit,
		Recipient: pa.Recipient, County: pa.County, Status: a.Status}
	if it.PackSize > 0 {
		out.PackName, out.PackSize = &it.PackName, &it.PackSize
	}
	return out, nil
}
