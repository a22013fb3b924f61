package ledger

import (
	"context"
	"strings"
	"time"

	"mzdesk/ent"
	"mzdesk/ent/allocation"
	"mzdesk/ent/dispute"
	"mzdesk/ent/schema"
	"mzdesk/internal/apperr"
	"mzdesk/internal/database"
	"mzdesk/internal/viewer"
)

// ResolveDisputeInput closes a dispute.
type ResolveDisputeInput struct {
	DisputeID  int    `json:"disputeID"`
	Resolution string `json:"resolution"`
	// Resend sends the shortfall again as a new PLANNED allocation to the same recipient.
	Resend bool `json:"resend"`
}

// ResolveDispute closes an open dispute with a note, and, when asked, plans a new
// allocation of the shortfall. The receipt and the disputed allocation stay as they were.
func ResolveDispute(ctx context.Context, c *ent.Client, in ResolveDisputeInput) (*ent.Dispute, error) {
	if _, err := schema.ResolveDispute.Allow(ctx); err != nil {
		return nil, err
	}
	note := strings.TrimSpace(in.Resolution)
	if note == "" || len([]rune(note)) > 500 {
		return nil, apperr.Input("resolution", "say in up to 500 characters how the dispute was settled")
	}
	q := c.Dispute.Query().Where(dispute.ID(in.DisputeID))
	q.Modify(database.LockRows)
	d, err := q.Only(ctx)
	if err != nil {
		return nil, notFound(err, "disputeID", "no dispute %d", in.DisputeID)
	}
	if d.Status != dispute.StatusOPEN {
		return nil, apperr.Conflict("dispute %d was resolved already", d.ID)
	}
	a, err := c.Allocation.Query().Where(allocation.ID(d.AllocationID)).WithReceipt().Only(ctx)
	if err != nil {
		return nil, err
	}
	update := c.Dispute.UpdateOne(d).SetStatus(dispute.StatusRESOLVED).SetResolution(note).
		SetResolvedAt(time.Now()).SetResolvedByID(viewer.FromContext(ctx).UserID)
	if in.Resend {
		line, err := lineOf(ctx, c, a.LineID, true)
		if err != nil {
			return nil, err
		}
		short := a.Quantity - a.Edges.Receipt.ReceivedQuantity
		free, err := available(ctx, c, line)
		if err != nil {
			return nil, err
		}
		// The shortfall still counts as allocated on the disputed allocation, so what the
		// line has left must cover the resend.
		if short > free {
			return nil, apperr.Input("resend", "only %s is left on the line, the shortfall is %s", free, short)
		}
		re := c.Allocation.Create().SetLineID(a.LineID).SetQuantity(short).
			SetNillableVillageID(a.VillageID).SetNillableInstitutionID(a.InstitutionID).SetNillableEnterpriseID(a.EnterpriseID)
		replacement, err := re.Save(ctx)
		if err != nil {
			return nil, err
		}
		update.SetReplacementID(replacement.ID)
	}
	// Only an open dispute is resolved: with the status in the statement, a racer that
	// resolved it first (on another node of a cluster, where the lock above does not
	// reach) leaves this one nothing to update.
	d, err = update.Where(dispute.StatusEQ(dispute.StatusOPEN)).Save(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.Conflict("dispute %d was resolved already", in.DisputeID)
	}
	return d, err
}
