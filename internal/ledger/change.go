package ledger

import (
	"context"
	"sort"
	"time"

	"mzdesk/ent"
	"mzdesk/ent/allocation"
	"mzdesk/internal/database"
	"mzdesk/internal/problem"
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
		return nil, nil, problem.Conflict("allocation %d is %s: only PLANNED allocations change; record a correction instead", id, a.Status)
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
		return nil, problem.Input("quantity", "the amount must be more than zero; cancel the allocation instead")
	}
	free, err := available(ctx, c, line)
	if err != nil {
		return nil, err
	}
	if q > free+a.Quantity {
		return nil, problem.Input("quantity", "only %s more is left on the line", free)
	}
	if line.Edges.Item.BaseUnit != quantity.KG && line.Edges.Item.BaseUnit != quantity.L && !q.Whole() {
		return nil, problem.Input("quantity", "%s is counted in whole %s", line.Edges.Item.Name, line.Edges.Item.BaseUnit)
	}
	return c.Allocation.UpdateOne(a).SetQuantity(q).Save(ctx)
}

// CancelAllocation cancels a PLANNED allocation; its amount is free again.
func CancelAllocation(ctx context.Context, c *ent.Client, id int) (*ent.Allocation, error) {
	a, _, err := planned(ctx, c, id)
	if err != nil {
		return nil, err
	}
	return c.Allocation.UpdateOne(a).SetStatus(allocation.StatusCANCELLED).Save(ctx)
}

// Dispatch marks PLANNED allocations as on their way, all or none.
func Dispatch(ctx context.Context, c *ent.Client, ids []int) ([]*ent.Allocation, error) {
	if len(ids) == 0 || len(ids) > maxRecipients {
		return nil, problem.Input("ids", "dispatch 1 to %d allocations at a time", maxRecipients)
	}
	q := c.Allocation.Query().Where(allocation.IDIn(ids...))
	q.Modify(database.LockRows)
	as, err := q.All(ctx)
	if err != nil {
		return nil, err
	}
	if len(as) != len(unique(ids)) {
		return nil, problem.Input("ids", "some of these allocations do not exist")
	}
	for _, a := range as {
		if a.Status != allocation.StatusPLANNED {
			return nil, problem.Conflict("allocation %d is %s, not PLANNED", a.ID, a.Status)
		}
	}
	err = c.Allocation.Update().Where(allocation.IDIn(ids...)).
		SetStatus(allocation.StatusDISPATCHED).SetDispatchedAt(time.Now()).Exec(ctx)
	if err != nil {
		return nil, err
	}
	return c.Allocation.Query().Where(allocation.IDIn(ids...)).Order(ent.Asc(allocation.FieldID)).All(ctx)
}
