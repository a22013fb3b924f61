package ledger

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"mzdesk/ent"
	"mzdesk/ent/allocation"
	"mzdesk/ent/donationline"
	"mzdesk/ent/photo"
	"mzdesk/ent/receipt"
	"mzdesk/ent/schema"
	"mzdesk/internal/apperr"
	"mzdesk/internal/database"
	"mzdesk/internal/orgpath"
	"mzdesk/internal/quantity"
	"mzdesk/internal/viewer"
)

// ConfirmReceiptInput is a recipient's confirmation.
type ConfirmReceiptInput struct {
	AllocationID     int                   `json:"allocationID"`
	ReceivedQuantity *quantity.Quantity    `json:"receivedQuantity"`
	RejectedQuantity *quantity.Quantity    `json:"rejectedQuantity"`
	RejectReason     *receipt.RejectReason `json:"rejectReason"`
	Note             *string               `json:"note"`
	PhotoKey         *string               `json:"photoKey"`
	IdempotencyKey   string                `json:"idempotencyKey"`
}

// rejectReasons name the reasons as the charity office reads them.
var rejectReasons = map[receipt.RejectReason]string{
	receipt.RejectReasonDAMAGED: "破损", receipt.RejectReasonSHORT: "短少", receipt.RejectReasonWRONG_ITEM: "错发",
}

var keyPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{8,64}$`)

// ConfirmReceipt records a recipient's receipt of a dispatched allocation. The
// allocation's row stays locked until the transaction ends, so confirmations of one
// allocation take turns: the first writes the receipt; a retry with the same idempotency
// key gets that receipt back; any other gets CONFLICT. Less received than sent, or
// anything rejected, marks the allocation DISPUTED for the charity office to follow up.
func ConfirmReceipt(ctx context.Context, c *ent.Client, in ConfirmReceiptInput) (*ent.Receipt, error) {
	v, err := schema.ConfirmReceipt.Allow(ctx)
	if err != nil {
		return nil, err
	}
	if !keyPattern.MatchString(in.IdempotencyKey) {
		return nil, apperr.Input("idempotencyKey", "the idempotency key must be 8 to 64 letters, digits, - or _")
	}
	q := c.Allocation.Query().Where(allocation.ID(in.AllocationID))
	if v.Is(viewer.Institution) { // a village's own path is in its token
		q.WithInstitution(func(q *ent.InstitutionQuery) { q.WithOrgUnit() })
	}
	q.Modify(database.LockRows)
	a, err := q.Only(ctx)
	if err != nil {
		return nil, notFound(err, "allocationID", "allocation %d is not one of yours", in.AllocationID)
	}
	if a.Status != allocation.StatusDISPATCHED {
		return confirmedBefore(ctx, c, a, in.IdempotencyKey)
	}
	received, rejected, err := amounts(a, in)
	if err != nil {
		return nil, err
	}
	// A fraction the recipient typed of an item counted in pieces (499.5 masks); what was
	// allocated was checked then, so only then is the item worth a statement.
	if in.ReceivedQuantity != nil && !received.Whole() || in.RejectedQuantity != nil && !rejected.Whole() {
		it, err := c.DonationLine.Query().Where(donationline.ID(a.LineID)).QueryItem().Only(ctx)
		if err != nil {
			return nil, err
		}
		if quantity.Counted(it.BaseUnit) {
			field := "receivedQuantity"
			if !rejected.Whole() {
				field = "rejectedQuantity"
			}
			return nil, apperr.Input(field, "%s is counted in whole %s", it.Name, it.BaseUnit)
		}
	}
	note := ""
	if in.Note != nil {
		note = strings.TrimSpace(*in.Note)
	}
	if in.PhotoKey != nil {
		mine, err := c.Photo.Query().Where(photo.Key(*in.PhotoKey)).Exist(ctx)
		if err != nil {
			return nil, err
		}
		if !mine {
			return nil, apperr.Input("photoKey", "no photo %q uploaded by you", *in.PhotoKey)
		}
	}
	status := allocation.StatusRECEIVED
	if received < a.Quantity {
		status = allocation.StatusDISPUTED
	}
	// Conditional on the status read above: a racer that confirmed first on another node
	// of a cluster (which the lock above does not reach) leaves nothing to update, and
	// the confirmation runs again, to find that receipt (confirmedBefore).
	err = c.Allocation.UpdateOne(a).SetStatus(status).Where(allocation.StatusEQ(allocation.StatusDISPATCHED)).Exec(ctx)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("confirming allocation %d: %w", a.ID, database.ErrRaced)
	}
	if err != nil {
		return nil, err
	}
	if status == allocation.StatusDISPUTED {
		if err := openDispute(ctx, c, a, received, rejected, in.RejectReason, note); err != nil {
			return nil, err
		}
	}
	// The county's receipt number comes last: confirmations in one county queue from
	// taking it to their commit, so the less they do after it, the more confirm at once.
	county, series := countyCode(v, a), receiptSeries(ctx)
	name := "receipt:" + county
	if series != "" {
		name += ":" + series
	}
	seq, err := Next(ctx, c, name)
	if err != nil {
		return nil, err
	}
	create := c.Receipt.Create().SetAllocationID(a.ID).SetReceiptNo(fmt.Sprintf("%s-%s%06d", county, series, seq)).
		SetConfirmedByID(v.UserID).SetConfirmedAt(time.Now()).
		SetReceivedQuantity(received).SetRejectedQuantity(rejected).
		SetNillableRejectReason(in.RejectReason).SetIdempotencyKey(in.IdempotencyKey).
		SetNillablePhotoKey(in.PhotoKey)
	if in.Note != nil {
		create.SetNote(note)
	}
	r, err := create.Save(ctx)
	if ent.IsConstraintError(err) { // this allocation has no receipt yet: the key has one
		return nil, apperr.Conflict("this idempotency key was used for another allocation")
	}
	return r, err
}

type seriesKey struct{}

// WithReceiptSeries makes the confirmations under ctx number their receipts in series s
// of each county's sequence: "430702-B000123", gapless within county and series. Each
// series is its own counter row, so replicas that write through different nodes of a
// multi-primary cluster, each with its own series, do not update one row at every
// confirmation and fail each other's certification. "" is the county's one sequence.
func WithReceiptSeries(ctx context.Context, s string) context.Context {
	return context.WithValue(ctx, seriesKey{}, s)
}

func receiptSeries(ctx context.Context) string {
	s, _ := ctx.Value(seriesKey{}).(string)
	return s
}

// confirmedBefore answers a confirmation of an allocation that no longer waits for one:
// a retry with the first confirmation's idempotency key (a phone that did not hear back)
// gets its receipt again; anything else learns why not. A plain read is enough, and
// takes no gap locks (which would deadlock concurrent confirmations): holding the
// allocation's lock, it sees the receipt of whoever held the lock before.
func confirmedBefore(ctx context.Context, c *ent.Client, a *ent.Allocation, key string) (*ent.Receipt, error) {
	r, err := c.Receipt.Query().Where(receipt.AllocationID(a.ID)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		return nil, apperr.Input("allocationID", "allocation %d is %s, not dispatched: nothing to confirm yet", a.ID, a.Status)
	case err != nil:
		return nil, err
	case r.IdempotencyKey != key:
		return nil, apperr.Conflict("allocation %d was confirmed already (receipt %s)", a.ID, r.ReceiptNo)
	}
	return r, nil
}

// openDispute puts a short or partly refused delivery before the charity office, in its
// words: what was sent, what arrived, what was refused and why.
func openDispute(ctx context.Context, c *ent.Client, a *ent.Allocation, received, rejected quantity.Quantity, why *receipt.RejectReason, note string) error {
	it, err := c.DonationLine.Query().Where(donationline.ID(a.LineID)).QueryItem().Only(ctx)
	if err != nil {
		return err
	}
	amount := func(q quantity.Quantity) string { return quantity.Format(q, it.BaseUnit, it.PackName, it.PackSize) }
	reason := fmt.Sprintf("%s：发出 %s，实收 %s", it.Name, amount(a.Quantity), amount(received))
	if rejected > 0 {
		reason += "，拒收 " + amount(rejected)
	}
	if why != nil {
		reason += "（" + rejectReasons[*why] + "）"
	}
	if note != "" {
		reason += "。" + note
	}
	return c.Dispute.Create().SetAllocationID(a.ID).SetReason(reason).Exec(ctx)
}

// amounts checks what the recipient says it received and refused against what was sent.
func amounts(a *ent.Allocation, in ConfirmReceiptInput) (received, rejected quantity.Quantity, err error) {
	if in.RejectedQuantity != nil {
		rejected = *in.RejectedQuantity
	}
	received = a.Quantity - rejected
	if in.ReceivedQuantity != nil {
		received = *in.ReceivedQuantity
	}
	switch {
	case rejected < 0:
		return 0, 0, apperr.Input("rejectedQuantity", "the refused amount cannot be negative")
	case rejected > a.Quantity:
		return 0, 0, apperr.Input("rejectedQuantity", "more is refused than the %s sent", a.Quantity)
	case received < 0:
		return 0, 0, apperr.Input("receivedQuantity", "the received amount cannot be negative")
	case received+rejected > a.Quantity:
		return 0, 0, apperr.Input("receivedQuantity", "received and refused add up to more than the %s sent", a.Quantity)
	case rejected > 0 && in.RejectReason == nil:
		return 0, 0, apperr.Input("rejectReason", "say why part was refused: damaged, short or wrong item")
	case in.Note != nil && utf8.RuneCountInString(*in.Note) > 500:
		return 0, 0, apperr.Input("note", "the note is longer than 500 characters")
	}
	return received, rejected, nil
}

// countyCode is the code of the county the recipient lies in: the second step of its
// org unit's path, or the city's code for city-level institutions. A village committee
// confirms only its own village's allocations, so its path is the viewer's.
func countyCode(v *viewer.Viewer, a *ent.Allocation) string {
	path := v.OrgPath
	if a.Edges.Institution != nil && a.Edges.Institution.Edges.OrgUnit != nil {
		path = a.Edges.Institution.Edges.OrgUnit.Path
	}
	return orgpath.County(path)
}
