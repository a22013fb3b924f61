package ledger

import (
	"context"

	"mzdesk/ent"
	"mzdesk/ent/donation"
	"mzdesk/ent/hook"
	"mzdesk/internal/viewer"
)

// NameDonors is the hook that writes on each donation, as it is recorded, its donor's
// public name (PublicName), whoever records it (the ledger, the demo data, a test).
// Every reader of a donation then names its donor from the donation's own row: a village
// that may not read donors, and a list of donations, which needs no statement per donor.
// internal/app installs it on the Donation client.
func NameDonors() ent.Hook {
	return hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.DonationFunc(func(ctx context.Context, m *ent.DonationMutation) (ent.Value, error) {
			if id, ok := m.DonorID(); ok {
				name, err := DonorName(ctx, m.Client(), id)
				if err != nil {
					return nil, err
				}
				m.SetDonorName(name)
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate|ent.OpUpdate|ent.OpUpdateOne)
}

// NameDonorsOfOld writes the donor's public name on the donations recorded before
// donations carried it. It writes by SQL, not through ent: the name follows from the
// donor, which the audit already vouches for, and is no change of the donation. Replicas
// starting together may both run it; both write the same names.
func NameDonorsOfOld(ctx context.Context, c *ent.Client) error {
	ctx = viewer.SystemContext(ctx, viewer.Seed)
	donors, err := c.Donation.Query().Where(donation.DonorNameIsNil()).GroupBy(donation.FieldDonorID).Ints(ctx)
	if err != nil {
		return err
	}
	for _, id := range donors {
		name, err := DonorName(ctx, c, id)
		if err != nil {
			return err
		}
		if _, err := c.ExecContext(ctx, "UPDATE donations SET donor_name = ? WHERE donor_id = ? AND donor_name IS NULL",
			name, id); err != nil {
			return err
		}
	}
	return nil
}
