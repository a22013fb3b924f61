package schema

import (
	"context"

	"entgo.io/ent"

	gen "mzdesk/ent"
	"mzdesk/ent/allocation"
	"mzdesk/ent/dispute"
	"mzdesk/ent/donation"
	"mzdesk/ent/donationline"
	"mzdesk/ent/enterprise"
	"mzdesk/ent/institution"
	"mzdesk/ent/photo"
	"mzdesk/ent/predicate"
	"mzdesk/ent/privacy"
	"mzdesk/ent/receipt"
	"mzdesk/internal/viewer"
)

// Who reads and writes the donation ledger: donors, items, donations, lines, allocations,
// receipts, their photos and disputes.

// Policy of the Donor: donors' contacts are for the charity office and the bureau.
func (Donor) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed, viewer.Public),
			roles(viewer.Admin, viewer.Bureau, viewer.CharityOffice),
			privacy.AlwaysDenyRule(),
		},
		Mutation: charityWrites(),
	}
}

// charityWrites is the write policy of the donation ledger's own records.
func charityWrites() privacy.MutationPolicy {
	return privacy.MutationPolicy{gate(viewer.Seed), roles(viewer.Admin, viewer.CharityOffice), privacy.AlwaysDenyRule()}
}

// Policy of the Item: the catalogue is read by everyone logged in.
func (Item) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{gate(viewer.Seed, viewer.Public), privacy.AlwaysAllowRule()},
		Mutation: charityWrites(),
	}
}

// recipientAllocations is what a recipient's user may see of allocations: their own.
func recipientAllocations(v *viewer.Viewer) (predicate.Allocation, bool) {
	switch v.Role {
	case viewer.VillageCommittee:
		return allocation.VillageID(v.OrgUnitID), true
	case viewer.Institution:
		return allocation.InstitutionID(v.InstitutionID), true
	case viewer.Bureau:
		return allocation.Or(
			allocation.HasVillageWith(inPath(v)),
			allocation.HasInstitutionWith(institution.HasOrgUnitWith(inPath(v))),
			allocation.HasEnterpriseWith(enterprise.HasOrgUnitWith(inPath(v))),
		), true
	}
	return nil, false
}

// ledgerReaders read the whole donation ledger; recipients (recipientAllocations) read
// what reached them.
var ledgerReaders = []string{viewer.Admin, viewer.CharityOffice}

// allocationsRead is which allocations v reads: all of them, or those p matches (none
// for a role that is neither a ledger reader nor a recipient).
func allocationsRead(v *viewer.Viewer) (all bool, p predicate.Allocation) {
	if v.Is(ledgerReaders...) {
		return true, nil
	}
	if p, ok := recipientAllocations(v); ok {
		return false, p
	}
	return false, allocation.IDIn()
}

// Policy of the Donation: recipients see the donations that reached them.
func (Donation) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed, viewer.Public),
			roles(ledgerReaders...),
			privacy.DonationQueryRuleFunc(func(ctx context.Context, q *gen.DonationQuery) error {
				p, ok := recipientAllocations(viewer.FromContext(ctx))
				if !ok {
					return privacy.Skip
				}
				q.Where(donation.HasLinesWith(donationline.HasAllocationsWith(p)))
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
		Mutation: charityWrites(),
	}
}

// Policy of the DonationLine: as its donation.
func (DonationLine) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed, viewer.Public),
			roles(ledgerReaders...),
			privacy.DonationLineQueryRuleFunc(func(ctx context.Context, q *gen.DonationLineQuery) error {
				p, ok := recipientAllocations(viewer.FromContext(ctx))
				if !ok {
					return privacy.Skip
				}
				q.Where(donationline.HasAllocationsWith(p))
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
		Mutation: charityWrites(),
	}
}

// Policy of the Allocation: the charity office plans and dispatches; a recipient sees its
// own and moves them to RECEIVED or DISPUTED by confirming.
func (Allocation) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed, viewer.Public),
			roles(ledgerReaders...),
			privacy.AllocationQueryRuleFunc(func(ctx context.Context, q *gen.AllocationQuery) error {
				if p, ok := recipientAllocations(viewer.FromContext(ctx)); ok {
					q.Where(p)
					return privacy.Allow
				}
				return privacy.Skip
			}),
			privacy.AlwaysDenyRule(),
		},
		Mutation: privacy.MutationPolicy{
			gate(viewer.Seed),
			roles(viewer.Admin, viewer.CharityOffice),
			privacy.AllocationMutationRuleFunc(func(ctx context.Context, m *gen.AllocationMutation) error {
				v := viewer.FromContext(ctx)
				if !v.Is(viewer.VillageCommittee, viewer.Institution) || !onlyUpdates(m) {
					return privacy.Skip
				}
				// Confirming is the one change a recipient makes: a dispatched
				// allocation of its own becomes RECEIVED or DISPUTED, and nothing else moves.
				status, ok := m.Status()
				if !ok || (status != allocation.StatusRECEIVED && status != allocation.StatusDISPUTED) {
					return privacy.Denyf("a recipient only confirms receipt")
				}
				for _, f := range m.Fields() {
					if f != allocation.FieldStatus && f != allocation.FieldUpdatedAt {
						return privacy.Denyf("a recipient may not change %s", f)
					}
				}
				p, _ := recipientAllocations(v)
				m.Where(p, allocation.StatusEQ(allocation.StatusDISPATCHED))
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
	}
}

// Policy of the Receipt: written once by the recipient's user, never changed by anyone.
func (Receipt) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed, viewer.Public),
			roles(ledgerReaders...),
			privacy.ReceiptQueryRuleFunc(func(ctx context.Context, q *gen.ReceiptQuery) error {
				if p, ok := recipientAllocations(viewer.FromContext(ctx)); ok {
					q.Where(receipt.HasAllocationWith(p))
					return privacy.Allow
				}
				return privacy.Skip
			}),
			privacy.AlwaysDenyRule(),
		},
		Mutation: privacy.MutationPolicy{
			gate(viewer.Seed),
			privacy.ReceiptMutationRuleFunc(func(ctx context.Context, m *gen.ReceiptMutation) error {
				v := viewer.FromContext(ctx)
				p, ok := recipientAllocations(v)
				if !v.Is(viewer.VillageCommittee, viewer.Institution) || !m.Op().Is(ent.OpCreate) || !ok {
					return privacy.Skip
				}
				id, set := m.AllocationID()
				if !set {
					return privacy.Skip
				}
				mine, err := m.Client().Allocation.Query().Where(allocation.ID(id), p).Exist(ctx)
				if err != nil {
					return err
				}
				if !mine {
					return privacy.Denyf("allocation %d is not yours to confirm", id)
				}
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
	}
}

// Policy of the Photo: the people who confirm receipts upload; the uploader, the charity
// office and the administrator look at them.
func (Photo) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed, viewer.PhotoSweep), // the sweep reads what it deletes, for the audit
			roles(viewer.Admin, viewer.CharityOffice),
			privacy.PhotoQueryRuleFunc(func(ctx context.Context, q *gen.PhotoQuery) error {
				q.Where(photo.UploadedByID(viewer.FromContext(ctx).UserID))
				return privacy.Allow
			}),
		},
		Mutation: privacy.MutationPolicy{
			privacy.PhotoMutationRuleFunc(func(ctx context.Context, m *gen.PhotoMutation) error {
				if !viewer.FromContext(ctx).Doing(viewer.PhotoSweep) {
					return privacy.Skip
				}
				if m.Op().Is(ent.OpDelete | ent.OpDeleteOne) {
					return privacy.Allow
				}
				return privacy.Deny
			}),
			gate(viewer.Seed),
			privacy.PhotoMutationRuleFunc(func(ctx context.Context, m *gen.PhotoMutation) error {
				v := viewer.FromContext(ctx)
				if by, _ := m.UploadedByID(); m.Op().Is(ent.OpCreate) && by == v.UserID &&
					v.Is(viewer.VillageCommittee, viewer.Institution, viewer.CharityOffice, viewer.Admin) {
					return privacy.Allow
				}
				return privacy.Deny
			}),
		},
	}
}

// Policy of the Dispute: opened by the recipient's confirmation, followed up and closed
// by the charity office; the recipients and the bureau read their own.
func (Dispute) Policy() ent.Policy {
	return privacy.Policy{
		Query: privacy.QueryPolicy{
			gate(viewer.Seed, viewer.Public),
			roles(viewer.Admin, viewer.CharityOffice),
			privacy.DisputeQueryRuleFunc(func(ctx context.Context, q *gen.DisputeQuery) error {
				if p, ok := recipientAllocations(viewer.FromContext(ctx)); ok {
					q.Where(dispute.HasAllocationWith(p))
					return privacy.Allow
				}
				return privacy.Skip
			}),
			privacy.AlwaysDenyRule(),
		},
		Mutation: privacy.MutationPolicy{
			gate(viewer.Seed),
			roles(viewer.Admin, viewer.CharityOffice),
			privacy.DisputeMutationRuleFunc(func(ctx context.Context, m *gen.DisputeMutation) error {
				v := viewer.FromContext(ctx)
				id, ok := m.AllocationID()
				if !v.Is(viewer.VillageCommittee, viewer.Institution) || !m.Op().Is(ent.OpCreate) || !ok {
					return privacy.Skip
				}
				p, _ := recipientAllocations(v)
				mine, err := m.Client().Allocation.Query().Where(allocation.ID(id), p).Exist(ctx)
				if err != nil || !mine {
					return privacy.Denyf("allocation %d is not yours", id)
				}
				return privacy.Allow
			}),
			privacy.AlwaysDenyRule(),
		},
	}
}
