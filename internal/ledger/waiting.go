package ledger

import (
	"context"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"

	"mzdesk/ent"
	"mzdesk/ent/allocation"
	"mzdesk/ent/donationline"
	"mzdesk/ent/orgunit"
	"mzdesk/ent/predicate"
	"mzdesk/ent/schema"
	"mzdesk/ent/user"
	"mzdesk/internal/quantity"
)

// WaitingState says why a recipient is on the chase list.
type WaitingState string

// MarshalGQL writes the WaitingState as its GraphQL enum value.
func (s WaitingState) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(s))) }

// UnmarshalGQL reads a WaitingState from its GraphQL enum value, refusing any other.
func (s *WaitingState) UnmarshalGQL(v any) error {
	return enum(v, (*string)(s), NotSigned, NotSent, LeftOut)
}

// The states of the chase list.
const (
	NotSigned WaitingState = "NOT_SIGNED"
	NotSent   WaitingState = "NOT_SENT"
	LeftOut   WaitingState = "LEFT_OUT"
)

// Waiting is one recipient of a donation that has not signed: whom the charity office
// chases, with whom to call. Recipient is an *ent.OrgUnit, *ent.Institution or *ent.Enterprise.
type Waiting struct {
	Recipient  ent.Noder
	State      WaitingState
	Allocation *ent.Allocation
	Line       *ent.DonationLine
	Since      time.Time
	Street     *ent.OrgUnit
	Contact    *string
	Phone      *string
}

// WaitingFor lists the recipients of donation id that have not signed — sent and not signed
// for, planned and not sent, and left out of a whole-pack split — oldest first, each with the
// street it lies in and the contact the office calls: the committee's account for a village,
// the contact on record for an institution or enterprise. under, when given, keeps the
// recipients at or below that org unit. A fixed number of statements, however many wait.
func WaitingFor(ctx context.Context, c *ent.Client, id int, under *int) ([]*Waiting, error) {
	if _, err := schema.ChaseList.Allow(ctx); err != nil {
		return nil, err
	}
	prefix := ""
	if under != nil {
		u, err := c.OrgUnit.Get(ctx, *under)
		if err != nil {
			return nil, notFound(err, "under", "no org unit %d", *under)
		}
		prefix = u.Path
	}
	lines, err := c.DonationLine.Query().Where(donationline.DonationID(id)).WithItem().
		Order(ent.Asc(donationline.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	if len(lines) == 0 {
		if _, err := c.Donation.Get(ctx, id); err != nil {
			return nil, notFound(err, "donationID", "no donation %d", id)
		}
	}
	lineIDs := make([]int, len(lines))
	byLine := map[int]*ent.DonationLine{}
	var leftIDs []int
	for i, l := range lines {
		lineIDs[i], byLine[l.ID] = l.ID, l
		for _, e := range l.LeftOut {
			leftIDs = append(leftIDs, e.RecipientID)
		}
	}
	as, err := c.Allocation.Query().
		Where(allocation.LineIDIn(lineIDs...), allocation.StatusIn(allocation.StatusPLANNED, allocation.StatusDISPATCHED)).
		WithVillage().
		WithInstitution(func(q *ent.InstitutionQuery) { q.WithOrgUnit() }).
		WithEnterprise(func(q *ent.EnterpriseQuery) { q.WithOrgUnit() }).
		All(ctx)
	if err != nil {
		return nil, err
	}
	left, err := recipientsByID(ctx, c, leftIDs)
	if err != nil {
		return nil, err
	}
	var out []*Waiting
	for _, a := range as {
		w := &Waiting{State: NotSent, Allocation: a, Line: byLine[a.LineID], Since: a.CreatedAt}
		if a.Status == allocation.StatusDISPATCHED {
			w.State = NotSigned
			if a.DispatchedAt != nil {
				w.Since = *a.DispatchedAt
			}
		}
		switch {
		case a.Edges.Village != nil:
			w.Recipient = a.Edges.Village
		case a.Edges.Institution != nil:
			w.Recipient = a.Edges.Institution
		case a.Edges.Enterprise != nil:
			w.Recipient = a.Edges.Enterprise
		}
		out = append(out, w)
	}
	for _, l := range lines {
		for _, e := range l.LeftOut {
			if r := left[e.RecipientID]; r != nil {
				out = append(out, &Waiting{Recipient: r, State: LeftOut, Line: l, Since: e.Since})
			}
		}
	}
	out = within(out, prefix)
	if err := contacts(ctx, c, out); err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Since.Equal(out[j].Since) {
			return out[i].Since.Before(out[j].Since)
		}
		return placeOf(out[i].Recipient) < placeOf(out[j].Recipient)
	})
	return out, nil
}

// placeOf is a recipient's org unit path: where it lies, and the order of a list.
func placeOf(n ent.Noder) string {
	switch r := n.(type) {
	case *ent.OrgUnit:
		return r.Path
	case *ent.Institution:
		if r.Edges.OrgUnit != nil {
			return r.Edges.OrgUnit.Path
		}
	case *ent.Enterprise:
		if r.Edges.OrgUnit != nil {
			return r.Edges.OrgUnit.Path
		}
	}
	return ""
}

// within keeps the entries whose recipient lies at or below the org unit path prefix.
func within(ws []*Waiting, prefix string) []*Waiting {
	if prefix == "" {
		return ws
	}
	out := ws[:0]
	for _, w := range ws {
		if strings.HasPrefix(placeOf(w.Recipient), prefix) {
			out = append(out, w)
		}
	}
	return out
}

// contacts fills in each entry's street and whom to call, in three statements: the streets,
// the village committees' accounts (as the viewer may read them), and nothing more for
// institutions and enterprises, whose contact is on their own record.
func contacts(ctx context.Context, c *ent.Client, ws []*Waiting) error {
	var streetIDs, villageIDs []int
	for _, w := range ws {
		switch r := w.Recipient.(type) {
		case *ent.OrgUnit:
			villageIDs = append(villageIDs, r.ID)
			if r.ParentID != nil {
				streetIDs = append(streetIDs, *r.ParentID)
			}
		case *ent.Institution:
			if r.Edges.OrgUnit != nil {
				streetIDs = append(streetIDs, r.Edges.OrgUnit.ID)
			}
		case *ent.Enterprise:
			if r.Edges.OrgUnit != nil {
				streetIDs = append(streetIDs, r.Edges.OrgUnit.ID)
			}
		}
	}
	if len(ws) == 0 {
		return nil
	}
	streets, err := c.OrgUnit.Query().Where(orgunit.IDIn(streetIDs...), orgunit.LevelEQ(orgunit.LevelTOWN)).All(ctx)
	if err != nil {
		return err
	}
	streetByID := map[int]*ent.OrgUnit{}
	for _, s := range streets {
		streetByID[s.ID] = s
	}
	committees, err := c.User.Query().
		Where(user.Active(true), user.RoleEQ(user.RoleVILLAGE_COMMITTEE), user.OrgUnitIDIn(villageIDs...)).
		Order(ent.Asc(user.FieldID)).All(ctx)
	if err != nil {
		return err
	}
	committee := map[int]*ent.User{}
	for _, u := range committees {
		if _, ok := committee[*u.OrgUnitID]; !ok || (committee[*u.OrgUnitID].Phone == "" && u.Phone != "") {
			committee[*u.OrgUnitID] = u
		}
	}
	for _, w := range ws {
		var name, phone string
		switch r := w.Recipient.(type) {
		case *ent.OrgUnit:
			if r.ParentID != nil {
				w.Street = streetByID[*r.ParentID]
			}
			if u := committee[r.ID]; u != nil {
				name, phone = u.DisplayName, u.Phone
			}
		case *ent.Institution:
			w.Street = streetByID[r.OrgUnitID]
			name, phone = r.ContactName, r.ContactPhone
		case *ent.Enterprise:
			w.Street = streetByID[r.OrgUnitID]
			name, phone = r.ContactName, r.ContactPhone
		}
		if name != "" {
			w.Contact = &name
		}
		if phone != "" {
			w.Phone = &phone
		}
	}
	return nil
}

// LeftOutOf is the recipients whole-pack splits of line gave nothing and who have had
// nothing of its item since, oldest first.
// The list is read afresh: inside a GraphQL request the line was loaded with only the
// columns the client asked for, and the list is not one of them.
func LeftOutOf(ctx context.Context, c *ent.Client, line *ent.DonationLine) ([]ent.Noder, error) {
	fresh, err := c.DonationLine.Query().Where(donationline.ID(line.ID)).Select(donationline.FieldLeftOut).Only(ctx)
	if err != nil {
		return nil, err
	}
	if len(fresh.LeftOut) == 0 {
		return []ent.Noder{}, nil
	}
	ids := make([]int, len(fresh.LeftOut))
	for i, e := range fresh.LeftOut {
		ids[i] = e.RecipientID
	}
	found, err := recipientsByID(ctx, c, ids)
	if err != nil {
		return nil, err
	}
	out := make([]ent.Noder, 0, len(ids))
	for _, id := range ids {
		if r := found[id]; r != nil {
			out = append(out, r)
		}
	}
	return out, nil
}

// OpenLine is a line with something not yet allocated.
type OpenLine struct {
	Line      *ent.DonationLine
	Available quantity.Quantity
}

// maxOpenLines bounds the list of lines to pick the next delivery from.
const maxOpenLines = 50

// OpenLines lists the lines of an item with something not yet allocated, oldest donation
// first: where the next delivery to the recipients a split left out can come from. Two
// statements: the lines, and their allocated sums.
func OpenLines(ctx context.Context, c *ent.Client, itemID int) ([]*OpenLine, error) {
	if _, err := schema.Split.Allow(ctx); err != nil {
		return nil, err
	}
	// A line's allocated total is kept with it (ledger.KeepLineTotals), as the split
	// itself reads it: the item's open lines are found without reading the
	// allocations of all its past deliveries.
	lines, err := c.DonationLine.Query().Where(donationline.ItemID(itemID), hasLeft()).
		WithDonation().Order(ent.Asc(donationline.FieldID)).All(ctx)
	if err != nil {
		return nil, err
	}
	out := []*OpenLine{}
	for _, l := range lines {
		if free := l.Quantity - l.Allocated; free > 0 && len(out) < maxOpenLines {
			out = append(out, &OpenLine{Line: l, Available: free})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].Line.Edges.Donation.DonatedOn.Before(out[j].Line.Edges.Donation.DonatedOn)
	})
	return out, nil
}

// hasLeft matches the lines with something not yet allocated.
func hasLeft() predicate.DonationLine {
	return func(s *sql.Selector) {
		s.Where(sql.ColumnsGT(s.C(donationline.FieldQuantity), s.C(donationline.FieldAllocated)))
	}
}
