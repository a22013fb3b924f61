package ledger

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"mzdesk/ent"
	"mzdesk/ent/donationline"
	"mzdesk/ent/enterprise"
	"mzdesk/ent/institution"
	"mzdesk/ent/orgunit"
	"mzdesk/ent/schema"
	"mzdesk/internal/apperr"
	"mzdesk/internal/database"
	"mzdesk/internal/leftout"
	"mzdesk/internal/quantity"
	"mzdesk/internal/split"
)

// RecipientsInput names who receives: one by one, or every village under an org unit.
type RecipientsInput struct {
	VillageIDs        []int `json:"villageIDs"`
	InstitutionIDs    []int `json:"institutionIDs"`
	EnterpriseIDs     []int `json:"enterpriseIDs"`
	EveryVillageUnder *int  `json:"everyVillageUnder"`
}

// ShareInput is one MANUAL share.
type ShareInput struct {
	RecipientID int               `json:"recipientID"`
	Quantity    quantity.Quantity `json:"quantity"`
	Unit        quantity.Unit     `json:"unit"`
}

// AllocateInput asks for one line to be split.
type AllocateInput struct {
	LineID     int                `json:"lineID"`
	Method     SplitMethod        `json:"method"`
	SplitUnit  *SplitUnit         `json:"splitUnit"`
	WeightBy   *WeightBy          `json:"weightBy"`
	Recipients *RecipientsInput   `json:"recipients"`
	Amount     *quantity.Quantity `json:"amount"`
	Unit       *quantity.Unit     `json:"unit"`
	Shares     []*ShareInput      `json:"shares"`
	FirstBy    *FirstBy           `json:"firstBy"`
	FirstIDs   []int              `json:"firstIDs"`
}

// Share is one recipient's part of a split. Recipient is an *ent.OrgUnit (a village),
// an *ent.Institution or an *ent.Enterprise.
type Share struct {
	Recipient ent.Noder
	Quantity  quantity.Quantity
	Packs     *int
}

// Preview is a split worked out and not written.
type Preview struct {
	Shares      []*Share
	Total       quantity.Quantity
	Leftover    quantity.Quantity
	EmptyShares int
	Available   quantity.Quantity
}

// AllocationResult is what allocateDonation wrote.
type AllocationResult struct {
	Allocations []*ent.Allocation
	Leftover    quantity.Quantity
	EmptyShares int
	LeftOut     []ent.Noder
}

// maxRecipients bounds one split: a city's villages, with room to spare.
const maxRecipients = 5000

// PreviewAllocation works out the split in without writing anything.
func PreviewAllocation(ctx context.Context, c *ent.Client, in AllocateInput) (*Preview, error) {
	if _, err := schema.Split.Allow(ctx); err != nil {
		return nil, err
	}
	line, err := lineOf(ctx, c, in.LineID, false)
	if err != nil {
		return nil, err
	}
	return plan(ctx, c, line, in)
}

// Allocate splits a line and writes one PLANNED allocation per non-empty share. The
// line's row stays locked until the transaction ends, so concurrent splits of one line
// take turns and the allocated total never passes the donated amount.
func Allocate(ctx context.Context, c *ent.Client, in AllocateInput) (*AllocationResult, error) {
	if _, err := schema.Split.Allow(ctx); err != nil {
		return nil, err
	}
	line, err := lineOf(ctx, c, in.LineID, true)
	if err != nil {
		return nil, err
	}
	p, err := plan(ctx, c, line, in)
	if err != nil {
		return nil, err
	}
	var creates []*ent.AllocationCreate
	var left []ent.Noder
	served := map[int]bool{}
	for _, s := range p.Shares {
		if s.Quantity == 0 {
			left = append(left, s.Recipient)
			continue
		}
		served[nodeID(s.Recipient)] = true
		a := c.Allocation.Create().SetLineID(line.ID).SetQuantity(s.Quantity)
		switch r := s.Recipient.(type) {
		case *ent.OrgUnit:
			a.SetVillageID(r.ID)
		case *ent.Institution:
			a.SetInstitutionID(r.ID)
		case *ent.Enterprise:
			a.SetEnterpriseID(r.ID)
		}
		creates = append(creates, a)
	}
	if len(creates) == 0 {
		return nil, apperr.Input("amount", "the split gives nobody anything")
	}
	if err := reserve(ctx, c, line, p.Total, "amount"); err != nil {
		return nil, err
	}
	as, err := database.CreateAll(context.WithValue(ctx, reservedKey{}, true), c.SQLDialect, c.Allocation.CreateBulk, creates)
	if err != nil {
		return nil, err
	}
	if err := keepLeftOut(ctx, c, line, left, served); err != nil {
		return nil, err
	}
	return &AllocationResult{Allocations: as, Leftover: p.Leftover, EmptyShares: p.EmptyShares, LeftOut: left}, nil
}

// keepLeftOut records on line the recipients its split gave nothing, and takes off the
// waiting lists of every line of the same item those that this split served: a village
// left out of the first 120 barrels stops waiting once a later delivery reaches it.
func keepLeftOut(ctx context.Context, c *ent.Client, line *ent.DonationLine, left []ent.Noder, served map[int]bool) error {
	q := c.DonationLine.Query().Where(donationline.ItemID(line.ItemID), donationline.IDNEQ(line.ID), donationline.LeftOutNotNil())
	q.Modify(database.LockRows)
	others, err := q.All(ctx)
	if err != nil {
		return err
	}
	for _, o := range others {
		if !leftout.Contains(o.LeftOut, served) {
			continue
		}
		if err := c.DonationLine.UpdateOne(o).SetLeftOut(leftout.Merge(o.LeftOut, nil, served)).Exec(ctx); err != nil {
			return err
		}
	}
	now := time.Now()
	add := make([]leftout.Entry, len(left))
	for i, r := range left {
		add[i] = leftout.Entry{RecipientID: nodeID(r), Since: now}
	}
	if len(add) == 0 && !leftout.Contains(line.LeftOut, served) {
		return nil
	}
	return c.DonationLine.UpdateOne(line).SetLeftOut(leftout.Merge(line.LeftOut, add, served)).Exec(ctx)
}

// nodeID is the id of a recipient.
func nodeID(n ent.Noder) int {
	switch r := n.(type) {
	case *ent.OrgUnit:
		return r.ID
	case *ent.Institution:
		return r.ID
	case *ent.Enterprise:
		return r.ID
	}
	return 0
}

// lineOf loads a line with its item, locked when lock is set.
func lineOf(ctx context.Context, c *ent.Client, id int, lock bool) (*ent.DonationLine, error) {
	q := c.DonationLine.Query().Where(donationline.ID(id))
	if lock {
		q.Modify(database.LockRows)
	}
	line, err := q.Only(ctx)
	if ent.IsNotFound(err) {
		return nil, apperr.Input("lineID", "no donation line %d", id)
	}
	if err != nil {
		return nil, err
	}
	if line.Edges.Item, err = c.Item.Get(ctx, line.ItemID); err != nil {
		return nil, err
	}
	return line, nil
}

// available is what is left of a line to allocate: donated less every allocation that
// is not cancelled, which the line keeps as its allocated total (see reserve). What
// it says is for planning and messages; reserve decides.
func available(_ context.Context, _ *ent.Client, line *ent.DonationLine) (quantity.Quantity, error) {
	return line.Quantity - line.Allocated, nil
}

func plan(ctx context.Context, c *ent.Client, line *ent.DonationLine, in AllocateInput) (*Preview, error) {
	it := line.Edges.Item
	free, err := available(ctx, c, line)
	if err != nil {
		return nil, err
	}
	if free <= 0 {
		return nil, apperr.Input("lineID", "all of this line is allocated already")
	}
	if in.Method == Manual {
		return manual(ctx, c, it, free, in.Shares)
	}
	amount := free
	if in.Amount != nil {
		u := it.BaseUnit
		if in.Unit != nil {
			u = *in.Unit
		}
		if amount, err = Amount(it, *in.Amount, u, "amount"); err != nil {
			return nil, err
		}
		if amount > free {
			return nil, apperr.Input("amount", "only %s %s of this line is left to allocate", free, it.BaseUnit)
		}
	}
	step := quantity.Quantity(1)
	if it.BaseUnit != quantity.KG && it.BaseUnit != quantity.L {
		step = quantity.Scale // counted goods go out whole
	}
	if in.SplitUnit != nil && *in.SplitUnit == Pack {
		if it.PackSize <= 0 {
			return nil, apperr.Input("splitUnit", "%s has no pack size to split by", it.Name)
		}
		step = it.PackSize
	}
	recipients, weights, err := recipientsOf(ctx, c, in)
	if err != nil {
		return nil, err
	}
	order, err := priority(ctx, c, recipients, in)
	if err != nil {
		return nil, err
	}
	ordered := make([]uint64, len(order))
	for k, i := range order {
		ordered[k] = weights[i]
	}
	given, err := split.Shares(uint64(amount/step), ordered)
	if err != nil {
		return nil, apperr.Input("weightBy", "%v", err)
	}
	units := make([]uint64, len(given))
	for k, i := range order {
		units[i] = given[k]
	}
	p := &Preview{Available: free}
	for i, r := range recipients {
		q := quantity.Quantity(units[i]) * step
		p.Shares = append(p.Shares, &Share{Recipient: r, Quantity: q, Packs: packs(it, q)})
		p.Total += q
		if q == 0 {
			p.EmptyShares++
		}
	}
	p.Leftover = amount - p.Total
	return p, nil
}

// priority is the order in which recipients get the units that do not divide evenly
// (split.Shares gives ties to the one listed first), as indexes into recipients: the list
// as it is, the most populous villages first, the ticked recipients first, or the villages
// of the chosen streets first. Within each group the list order stands, so the same
// choice always gives the same split.
func priority(ctx context.Context, c *ent.Client, recipients []ent.Noder, in AllocateInput) ([]int, error) {
	order := make([]int, len(recipients))
	for i := range order {
		order[i] = i
	}
	by := ListOrder
	if in.FirstBy != nil {
		by = *in.FirstBy
	}
	if (by == TickedFirst || by == StreetFirst) && len(in.FirstIDs) == 0 {
		return nil, apperr.Input("firstIDs", "tick who comes first")
	}
	if len(in.FirstIDs) > maxRecipients {
		return nil, apperr.Input("firstIDs", "at most %d may come first", maxRecipients)
	}
	var rank func(ent.Noder) int
	switch by {
	case ListOrder:
		return order, nil
	case MostPopulous:
		rank = func(n ent.Noder) int {
			if v, ok := n.(*ent.OrgUnit); ok && v.Population != nil {
				return -*v.Population
			}
			return 0
		}
	case TickedFirst:
		first := unique(in.FirstIDs)
		rank = func(n ent.Noder) int {
			if first[nodeID(n)] {
				return 0
			}
			return 1
		}
	case StreetFirst:
		streets, err := c.OrgUnit.Query().Where(orgunit.IDIn(in.FirstIDs...)).All(ctx)
		if err != nil {
			return nil, err
		}
		if len(streets) != len(unique(in.FirstIDs)) {
			return nil, apperr.Input("firstIDs", "some of these are not org units")
		}
		rank = func(n ent.Noder) int {
			v, ok := n.(*ent.OrgUnit)
			for _, s := range streets {
				if ok && strings.HasPrefix(v.Path, s.Path) {
					return 0
				}
			}
			return 1
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return rank(recipients[order[a]]) < rank(recipients[order[b]]) })
	return order, nil
}

// packs is the number of whole packs in q, when q is whole packs of an item with a pack.
func packs(it *ent.Item, q quantity.Quantity) *int {
	if it.PackSize <= 0 || q%it.PackSize != 0 {
		return nil
	}
	n := int(q / it.PackSize)
	return &n
}

// recipientsOf resolves an EVEN or WEIGHTED split's recipients in a stable order —
// villages by code, then institutions, then enterprises — with their weights.
func recipientsOf(ctx context.Context, c *ent.Client, in AllocateInput) ([]ent.Noder, []uint64, error) {
	r := in.Recipients
	if r == nil {
		return nil, nil, apperr.Input("recipients", "name the recipients")
	}
	villages := orgunit.LevelEQ(orgunit.LevelVILLAGE)
	var which []*ent.OrgUnit
	if r.EveryVillageUnder != nil {
		under, err := c.OrgUnit.Get(ctx, *r.EveryVillageUnder)
		if err != nil {
			return nil, nil, notFound(err, "recipients.everyVillageUnder", "no org unit %d", *r.EveryVillageUnder)
		}
		if which, err = c.OrgUnit.Query().Where(villages, orgunit.PathHasPrefix(under.Path)).All(ctx); err != nil {
			return nil, nil, err
		}
	}
	if len(r.VillageIDs) > 0 {
		named, err := c.OrgUnit.Query().Where(villages, orgunit.IDIn(r.VillageIDs...)).All(ctx)
		if err != nil {
			return nil, nil, err
		}
		if len(named) != len(unique(r.VillageIDs)) {
			return nil, nil, apperr.Input("recipients.villageIDs", "some of these are not villages")
		}
		which = append(which, named...)
	}
	which = dedupe(which)
	insts, err := c.Institution.Query().Where(institution.IDIn(r.InstitutionIDs...)).Order(ent.Asc(institution.FieldID)).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	if len(insts) != len(unique(r.InstitutionIDs)) {
		return nil, nil, apperr.Input("recipients.institutionIDs", "some of these institutions do not exist")
	}
	ents, err := c.Enterprise.Query().Where(enterprise.IDIn(r.EnterpriseIDs...)).Order(ent.Asc(enterprise.FieldID)).All(ctx)
	if err != nil {
		return nil, nil, err
	}
	if len(ents) != len(unique(r.EnterpriseIDs)) {
		return nil, nil, apperr.Input("recipients.enterpriseIDs", "some of these enterprises do not exist")
	}
	n := len(which) + len(insts) + len(ents)
	if n == 0 || n > maxRecipients {
		return nil, nil, apperr.Input("recipients", "a split needs 1 to %d recipients, not %d", maxRecipients, n)
	}
	var nodes []ent.Noder
	var weights []uint64
	by := Population
	if in.WeightBy != nil {
		by = *in.WeightBy
	}
	for _, v := range which {
		w := uint64(1)
		if in.Method == Weighted {
			p := v.Population
			if by == Households {
				p = v.Households
			}
			if p == nil {
				return nil, nil, apperr.Input("weightBy", "%s has no %s figure to weigh by", v.Name, by)
			}
			w = uint64(*p)
		}
		nodes, weights = append(nodes, v), append(weights, w)
	}
	if in.Method == Weighted && len(insts)+len(ents) > 0 {
		return nil, nil, apperr.Input("method", "only villages have a population to weigh by")
	}
	for _, i := range insts {
		nodes, weights = append(nodes, i), append(weights, 1)
	}
	for _, e := range ents {
		nodes, weights = append(nodes, e), append(weights, 1)
	}
	return nodes, weights, nil
}

func manual(ctx context.Context, c *ent.Client, it *ent.Item, free quantity.Quantity, shares []*ShareInput) (*Preview, error) {
	if len(shares) == 0 || len(shares) > maxRecipients {
		return nil, apperr.Input("shares", "a manual split needs 1 to %d shares", maxRecipients)
	}
	ids := make([]int, len(shares))
	for i, s := range shares {
		ids[i] = s.RecipientID
	}
	if len(unique(ids)) != len(ids) {
		return nil, apperr.Input("shares", "a recipient appears twice")
	}
	nodes, err := recipientsByID(ctx, c, ids)
	if err != nil {
		return nil, err
	}
	p := &Preview{Available: free}
	for i, s := range shares {
		field := fmt.Sprintf("shares.%d", i)
		switch r := nodes[s.RecipientID].(type) {
		case *ent.Institution, *ent.Enterprise:
		case *ent.OrgUnit:
			if r.Level != orgunit.LevelVILLAGE {
				return nil, apperr.Input(field+".recipientID", "%s is not a village", r.Name)
			}
		default:
			return nil, apperr.Input(field+".recipientID", "%d is not a village, institution or enterprise", s.RecipientID)
		}
		q, err := Amount(it, s.Quantity, s.Unit, field)
		if err != nil {
			return nil, err
		}
		p.Shares = append(p.Shares, &Share{Recipient: nodes[s.RecipientID], Quantity: q, Packs: packs(it, q)})
		p.Total += q
	}
	if p.Total > free {
		return nil, apperr.Input("shares", "the shares add up to %s %s, but only %s is left", p.Total, it.BaseUnit, free)
	}
	return p, nil
}

// recipientsByID reads the org units, institutions and enterprises among ids, whole.
// Not through the client's Noders: inside a GraphQL request that loads only the columns
// the client selected, and a split must not depend on what the client asked to see.
func recipientsByID(ctx context.Context, c *ent.Client, ids []int) (map[int]ent.Noder, error) {
	out := make(map[int]ent.Noder, len(ids))
	units, err := c.OrgUnit.Query().Where(orgunit.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		out[u.ID] = u
	}
	insts, err := c.Institution.Query().Where(institution.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, i := range insts {
		out[i.ID] = i
	}
	ents, err := c.Enterprise.Query().Where(enterprise.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, err
	}
	for _, e := range ents {
		out[e.ID] = e
	}
	return out, nil
}

func notFound(err error, field, format string, args ...any) error {
	if ent.IsNotFound(err) {
		return apperr.Input(field, format, args...)
	}
	return err
}

func unique(ids []int) map[int]bool {
	m := make(map[int]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

func dedupe(units []*ent.OrgUnit) []*ent.OrgUnit {
	seen := map[int]bool{}
	out := units[:0]
	for _, u := range units {
		if !seen[u.ID] {
			seen[u.ID] = true
			out = append(out, u)
		}
	}
	sortByCode(out)
	return out
}
