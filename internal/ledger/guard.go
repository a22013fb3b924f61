package ledger

import (
	"context"
	"errors"
	"fmt"

	"mzdesk/ent"
	"mzdesk/ent/allocation"
	"mzdesk/internal/apperr"
	"mzdesk/internal/quantity"
)

// KeepLineTotals is the hook that keeps each donation line's allocated total as its
// allocations change, whoever changes them (the ledger, the demo data, a test): a new
// allocation reserves its amount, a changed amount reserves or releases the difference,
// a cancellation releases it all. internal/app installs it on the Allocation client.
// Changes of many allocations at once may set their status (dispatch), not amounts or
// cancellations, which the hook could not count.
func KeepLineTotals() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			am, ok := m.(*ent.AllocationMutation)
			if !ok {
				return next.Mutate(ctx, m)
			}
			if err := keepTotal(ctx, am); err != nil {
				return nil, err
			}
			return next.Mutate(ctx, m)
		})
	}
}

func counted(q quantity.Quantity, s allocation.Status) quantity.Quantity {
	if s == allocation.StatusCANCELLED {
		return 0
	}
	return q
}

func keepTotal(ctx context.Context, m *ent.AllocationMutation) error {
	newQ, setQ := m.Quantity()
	newS, setS := m.Status()
	c := m.Client()
	switch {
	case m.Op().Is(ent.OpCreate):
		if ctx.Value(reservedKey{}) != nil {
			return nil // Allocate reserved the split's total in one statement
		}
		if !setS {
			newS = allocation.DefaultStatus
		}
		line, _ := m.LineID()
		return reserve(ctx, c, &ent.DonationLine{ID: line}, counted(newQ, newS), "quantity")
	case m.Op().Is(ent.OpUpdateOne):
		if !setQ && !setS {
			return nil
		}
		oldQ, err := m.OldQuantity(ctx)
		if err != nil {
			return err
		}
		oldS, err := m.OldStatus(ctx)
		if err != nil {
			return err
		}
		line, err := m.OldLineID(ctx)
		if err != nil {
			return err
		}
		if !setQ {
			newQ = oldQ
		}
		if !setS {
			newS = oldS
		}
		return reserve(ctx, c, &ent.DonationLine{ID: line}, counted(newQ, newS)-counted(oldQ, oldS), "quantity")
	case m.Op().Is(ent.OpUpdate):
		if setQ || (setS && newS == allocation.StatusCANCELLED) {
			return errors.New("allocations' amounts change one at a time: the line's allocated total is kept per allocation")
		}
	}
	return nil
}

// reservedKey marks a context whose allocations were reserved for already.
type reservedKey struct{}

// reserve adds q to what a line has allocated, or refuses with a message about field when
// that would allocate more than the line holds. It is one conditional write to the line's
// row, and it is the over-allocation guard: racers on one line update the same row, so
// on one MySQL the second waits for the first and then sees its total, and on a
// multi-primary Galera cluster the one that certifies second is rolled back (and run
// again by the API's retry). A lock taken by reading the line would exclude writers on
// the local node only.
func reserve(ctx context.Context, c *ent.Client, line *ent.DonationLine, q quantity.Quantity, field string) error {
	if q <= 0 {
		return release(ctx, c, line.ID, -q)
	}
	res, err := c.ExecContext(ctx, "UPDATE donation_lines SET allocated = allocated + ? WHERE id = ? AND allocated + ? <= quantity",
		int64(q), line.ID, int64(q))
	if err != nil {
		return fmt.Errorf("allocating %s of line %d: %w", q, line.ID, err)
	}
	switch n, err := res.RowsAffected(); {
	case err != nil:
		return err
	case n == 1:
		line.Allocated += q
		return nil
	}
	free, err := freeOn(ctx, c, line.ID)
	if err != nil {
		return err
	}
	return apperr.Input(field, "only %s %s of this line is left to allocate", free, baseUnit(line))
}

// release gives q of a line back: an allocation cancelled or made smaller.
func release(ctx context.Context, c *ent.Client, lineID int, q quantity.Quantity) error {
	if q == 0 {
		return nil
	}
	res, err := c.ExecContext(ctx, "UPDATE donation_lines SET allocated = allocated - ? WHERE id = ? AND allocated >= ?",
		int64(q), lineID, int64(q))
	if err != nil {
		return fmt.Errorf("releasing %s of line %d: %w", q, lineID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errors.Join(err, fmt.Errorf("line %d has less than %s allocated to release", lineID, q))
	}
	return nil
}

// freeOn reads what a line has left to allocate now, for a refusal's message.
func freeOn(ctx context.Context, c *ent.Client, lineID int) (quantity.Quantity, error) {
	line, err := c.DonationLine.Get(ctx, lineID)
	if err != nil {
		return 0, err
	}
	return line.Quantity - line.Allocated, nil
}

func baseUnit(line *ent.DonationLine) quantity.Unit {
	if line.Edges.Item != nil {
		return line.Edges.Item.BaseUnit
	}
	return ""
}
