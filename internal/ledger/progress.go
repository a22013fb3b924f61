package ledger

import (
	"context"
	"time"

	"mzdesk/ent"
	"mzdesk/ent/allocation"
	"mzdesk/ent/donationline"
	"mzdesk/ent/receipt"
	"mzdesk/internal/quantity"
)

// Progress is how far a donation has come.
// Every screen's counts of a donation come from here, so that they agree: each allocation
// that is not cancelled is in exactly one of Planned, Dispatched, Received and Disputed.
type Progress struct {
	Donation   *ent.Donation
	Recipients int
	Confirmed  int
	Received   int
	Disputed   int
	Dispatched int
	Planned    int
	Stale      int
	LeftOut    int
	Lines      []*LineProgress
}

// LineProgress is one line's amounts, in its item's base unit.
type LineProgress struct {
	Line       *ent.DonationLine
	Donated    quantity.Quantity
	Allocated  quantity.Quantity
	Dispatched quantity.Quantity
	Received   quantity.Quantity
}

// DonationProgress sums a donation's allocations and receipts: two statements, however
// many recipients, the lines with their donation joined and the allocations with their
// receipts joined. Dispatched allocations older than staleAfter without a receipt are
// stale. Each viewer sees the progress of the allocations it may read.
func DonationProgress(ctx context.Context, c *ent.Client, id int, staleAfter time.Duration) (*Progress, error) {
	lines, err := c.DonationLine.Query().Where(donationline.DonationID(id)).WithDonation().
		Order(ent.Asc(donationline.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	var d *ent.Donation
	if len(lines) > 0 {
		d = lines[0].Edges.Donation
	}
	if d == nil { // no line the viewer may read: the donation's own answer, most often NOT_FOUND
		if d, err = c.Donation.Get(ctx, id); err != nil {
			return nil, err
		}
	}
	ids := make([]int, len(lines))
	p := &Progress{Donation: d}
	byLine := map[int]*LineProgress{}
	for i, l := range lines {
		ids[i] = l.ID
		lp := &LineProgress{Line: l, Donated: l.Quantity}
		p.LeftOut += len(l.LeftOut)
		byLine[l.ID] = lp
		p.Lines = append(p.Lines, lp)
	}
	// Only the columns the sums need: the progress of a donation of hundreds of recipients
	// is read on every refresh of the charity office's screen.
	as, err := c.Allocation.Query().
		Where(allocation.LineIDIn(ids...), allocation.StatusNEQ(allocation.StatusCANCELLED)).
		Select(allocation.FieldLineID, allocation.FieldQuantity, allocation.FieldStatus, allocation.FieldDispatchedAt).
		WithReceipt(func(q *ent.ReceiptQuery) { q.Select(receipt.FieldReceivedQuantity) }).All(ctx)
	if err != nil {
		return nil, err
	}
	cut := time.Now().Add(-staleAfter)
	for _, a := range as {
		lp := byLine[a.LineID]
		p.Recipients++
		lp.Allocated += a.Quantity
		if a.Status != allocation.StatusPLANNED {
			lp.Dispatched += a.Quantity
		}
		switch a.Status {
		case allocation.StatusPLANNED:
			p.Planned++
		case allocation.StatusDISPATCHED:
			p.Dispatched++
			if a.DispatchedAt != nil && a.DispatchedAt.Before(cut) {
				p.Stale++
			}
		case allocation.StatusDISPUTED:
			p.Disputed++
			p.Confirmed++
		case allocation.StatusRECEIVED:
			p.Received++
			p.Confirmed++
		}
		if a.Edges.Receipt != nil {
			lp.Received += a.Edges.Receipt.ReceivedQuantity
		}
	}
	return p, nil
}
