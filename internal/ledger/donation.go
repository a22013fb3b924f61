package ledger

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"mzdesk/ent"
	"mzdesk/ent/item"
	"mzdesk/internal/apperr"
	"mzdesk/internal/chinatime"
	"mzdesk/internal/database"
	"mzdesk/internal/quantity"
)

// DonationLineInput is one line as the donor wrote it: 120 PACK, 3 T, 200 JIN.
type DonationLineInput struct {
	ItemID   int               `json:"itemID"`
	Quantity quantity.Quantity `json:"quantity"`
	Unit     quantity.Unit     `json:"unit"`
}

// CreateDonationInput is a new donation.
type CreateDonationInput struct {
	DonorID   *int                  `json:"donorID"`
	NewDonor  *ent.CreateDonorInput `json:"newDonor"`
	DonatedOn time.Time             `json:"donatedOn"`
	Purpose   *string               `json:"purpose"`
	ReceiptNo *string               `json:"receiptNo"`
	Lines     []*DonationLineInput  `json:"lines"`
}

// maxLines keeps one donation to what a person records by hand.
const maxLines = 50

// CreateDonation records a donation with its lines, each converted to its item's base
// unit exactly; a unit that does not fit the item is refused.
func CreateDonation(ctx context.Context, c *ent.Client, in CreateDonationInput) (*ent.Donation, error) {
	if (in.DonorID == nil) == (in.NewDonor == nil) {
		return nil, apperr.Input("donorID", "name an existing donor or a new one, not both")
	}
	if len(in.Lines) == 0 || len(in.Lines) > maxLines {
		return nil, apperr.Input("lines", "a donation has 1 to %d lines", maxLines)
	}
	if in.DonatedOn.After(time.Now().Add(24 * time.Hour)) {
		return nil, apperr.Input("donatedOn", "the donation date is in the future")
	}
	ids := make([]int, len(in.Lines))
	for i, l := range in.Lines {
		ids[i] = l.ItemID
	}
	items, err := c.Item.Query().Where(item.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[int]*ent.Item{}
	for _, it := range items {
		byID[it.ID] = it
	}
	lines := make([]*ent.DonationLineCreate, len(in.Lines))
	for i, l := range in.Lines {
		field := fmt.Sprintf("lines.%d", i)
		it := byID[l.ItemID]
		if it == nil {
			return nil, apperr.Input(field+".itemID", "no item %d in the catalogue", l.ItemID)
		}
		base, err := Amount(it, l.Quantity, l.Unit, field)
		if err != nil {
			return nil, err
		}
		lines[i] = c.DonationLine.Create().SetItemID(it.ID).SetQuantity(base).
			SetEnteredQuantity(l.Quantity).SetEnteredUnit(l.Unit)
	}
	donorID := 0
	if in.DonorID != nil {
		donorID = *in.DonorID
		if _, err := c.Donor.Get(ctx, donorID); err != nil {
			if ent.IsNotFound(err) {
				return nil, apperr.Input("donorID", "no donor %d", donorID)
			}
			return nil, err
		}
	} else {
		if strings.TrimSpace(in.NewDonor.Name) == "" {
			return nil, apperr.Input("newDonor.name", "the donor needs a name")
		}
		d, err := c.Donor.Create().SetInput(*in.NewDonor).Save(ctx)
		if err != nil {
			return nil, err
		}
		donorID = d.ID
	}
	receiptNo := ""
	if in.ReceiptNo != nil {
		receiptNo = strings.TrimSpace(*in.ReceiptNo)
	}
	if receiptNo == "" {
		seq, err := Next(ctx, c, "donation-receipt")
		if err != nil {
			return nil, err
		}
		receiptNo = fmt.Sprintf("CS%s-%04d", in.DonatedOn.In(chinatime.Zone).Format("2006"), seq)
	}
	create := c.Donation.Create().SetDonorID(donorID).SetDonatedOn(in.DonatedOn).SetReceiptNo(receiptNo)
	if in.Purpose != nil {
		create.SetPurpose(*in.Purpose)
	}
	d, err := create.Save(ctx)
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		l.SetDonationID(d.ID)
	}
	if _, err := database.CreateAll(ctx, c.SQLDialect, c.DonationLine.CreateBulk, lines); err != nil {
		return nil, err
	}
	return d, nil
}

// Amount converts an amount written in unit into the item's base unit, refusing zero,
// negative, absurd or ill-fitting amounts with a message about field.
func Amount(it *ent.Item, q quantity.Quantity, u quantity.Unit, field string) (quantity.Quantity, error) {
	if q <= 0 {
		return 0, apperr.Input(field+".quantity", "the amount must be more than zero")
	}
	base, err := quantity.ToBase(q, u, it.BaseUnit, it.PackSize)
	switch {
	case errors.Is(err, quantity.ErrUnit):
		return 0, apperr.Input(field+".unit", "%s: %v", it.Name, err)
	case err != nil: // the amount itself: too large, too fine, or a fraction of a piece
		return 0, apperr.Input(field+".quantity", "%s: %v", it.Name, err)
	}
	return base, nil
}

// Next takes the next number of the named sequence. The increment locks the sequence's
// row until the transaction ends, so no two writers get the same number and a number
// taken by a change that rolls back is taken again by the next: receipt numbers have no
// gaps. Take it as late in the transaction as possible: writers of one sequence queue
// from here to their commit, so the increment also returns the new value, in the same
// round trip. (Counters are bookkeeping every write may take; their policy allows all.)
func Next(ctx context.Context, c *ent.Client, name string) (int64, error) {
	switch c.SQLDialect {
	case dialect.SQLite:
		rows, err := c.QueryContext(ctx, "INSERT INTO counters (name, value) VALUES (?, 1) "+
			"ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value", name)
		if err != nil {
			return 0, err
		}
		defer rows.Close()
		if !rows.Next() {
			return 0, errors.Join(rows.Err(), fmt.Errorf("counter %s: no value returned", name))
		}
		var value int64
		if err := rows.Scan(&value); err != nil {
			return 0, err
		}
		return value, nil
	case dialect.MySQL:
		// MySQL tells the value through the statement's insert id; a new sequence's row
		// (one affected row rather than two) starts at 1 and tells its generated id instead.
		res, err := c.ExecContext(ctx, "INSERT INTO counters (name, value) VALUES (?, 1) "+
			"ON DUPLICATE KEY UPDATE value = LAST_INSERT_ID(value + 1)", name)
		if err != nil {
			return 0, err
		}
		switch n, err := res.RowsAffected(); {
		case err != nil:
			return 0, err
		case n == 1:
			return 1, nil
		}
		return res.LastInsertId()
	}
	return 0, fmt.Errorf("counter %s: the client was made without its SQLDialect", name)
}
