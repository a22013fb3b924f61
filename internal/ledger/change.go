package ledger

import (
	"context"
	"sort"
	"time"

	"mzdesk/ent"
	"mzdesk/ent/allocation"
	"mzdesk/internal/apperr"
	"mzdesk/internal/database"
	"mzdesk/internal/quantity"
)

func sortByCode(units []*ent.OrgUnit) {
	sort.Slice(units, func(i, j int) bool { return units[i].Code < units[j].Code })
}

// planned loads an allocation that may still change, with its line locked.
func planned(ctx context.Context, c *ent.Client, id int) (*ent.Allocation, *ent.DonationLine, error) {
	a, err := c.Allocation.Get(ctx, id)
	if err != nil {
		return nil, nil, notFound(err, "id", "no allocation %d", id)
	}
	line, err := lineOf(ctx, c, a.LineID, true)
	if err != nil {
		return nil, nil, err
	}
	if a, err = c.Allocation.Get(ctx, id); err != nil { // again, now that the line is ours
		return nil, nil, err
	}
	if a.Status != allocation.StatusPLANNED {
		return nil, nil, apperr.Conflict("allocation %d is %s: only PLANNED allocations change; record a correction instead", id, a.Status)
	}
	return a, line, nil
}

// UpdateAllocation changes a PLANNED allocation's amount (in the base unit).
func UpdateAllocation(ctx context.Context, c *ent.Client, id int, q quantity.Quantity) (*ent.Allocation, error) {
	a, line, err := planned(ctx, c, id)
	if err != nil {
		return nil, err
	}
	if q <= 0 {
		return nil, apperr.Input("quantity", "the amount must be more than zero; cancel the allocation instead")
	}
	free, err := available(ctx, c, line)
	if err != nil {
		return nil, err
	}
	if q > free+a.Quantity {
		return nil, apperr.Input("quantity", "only %s more is left on the line", free)
	}
	if line.Edges.Item.BaseUnit != quantity.KG && line.Edges.Item.BaseUnit != quantity.L && !q.Whole() {
		return nil, apperr.Input("quantity", "%s is counted in whole %s", line.Edges.Item.Name, line.Edges.Item.BaseUnit)
	}
	return stillPlanned(c.Allocation.UpdateOne(a).SetQuantity(q).Where(allocation.StatusEQ(allocation.StatusPLANNED), allocation.Quantity(a.Quantity)).Save(ctx))
}

// stillPlanned words the failure of an allocation's update that is conditional on the
// allocation being as it was read (PLANNED, the same amount): a racer changed it first —
// on another node of a cluster, where the lock of planned does not reach.
func stillPlanned(a *ent.Allocation, err error) (*ent.Allocation, error) {
	if ent.IsNotFound(err) {
		return nil, apperr.Conflict("the allocation changed meanwhile; look at it again")
	}
	return a, err
}

// CancelAllocation cancels a PLANNED allocation; its amount is free again.
func CancelAllocation(ctx context.Context, c *ent.Client, id int) (*ent.Allocation, error) {
	a, _, err := planned(ctx, c, id)
	if err != nil {
		return nil, err
	}
	return stillPlanned(c.Allocation.UpdateOne(a).SetStatus(allocation.StatusCANCELLED).
		Where(allocation.StatusEQ(allocation.StatusPLANNED), allocation.Quantity(a.Quantity)).Save(ctx))
}

// Dispatch marks PLANNED allocations as on their way, all or none.
func Dispatch(ctx context.Context, c *ent.Client, ids []int) ([]*ent.Allocation, error) {
	if len(ids) == 0 || len(ids) > maxRecipients {
		return nil, apperr.Input("ids", "dispatch 1 to %d allocations at a time", maxRecipients)
	}
	q := c.Allocation.Query().Where(allocation.IDIn(ids...))
	q.Modify(database.LockRows)
	as, err := q.All(ctx)
	if err != nil {
		return nil, err
	}
	if len(as) != len(unique(ids)) {
		return nil, apperr.Input("ids", "some of these allocations do not exist")
	}
	for _, a := range as {
		if a.Status != allocation.StatusPLANNED {
			return nil, apperr.Conflict("allocation %d is %s, not PLANNED", a.ID, a.Status)
		}
	}
	// The status in the statement makes the check above a write that conflicts: a racer
	// that changed one of them first (on another node of a cluster, where the lock above
	// does not reach) leaves fewer rows to update, and the whole dispatch is refused.
	n, err := c.Allocation.Update().Where(allocation.IDIn(ids...), allocation.StatusEQ(allocation.StatusPLANNED)).
		SetStatus(allocation.StatusDISPATCHED).SetDispatchedAt(time.Now()).Save(ctx)
	if err != nil {
		return nil, err
	}
	if n != len(as) {
		return nil, apperr.Conflict("some of these allocations changed meanwhile; none was dispatched")
	}
	return c.Allocation.Query().Where(allocation.IDIn(ids...)).Order(ent.Asc(allocation.FieldID)).All(ctx)
}
