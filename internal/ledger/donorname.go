package ledger

import (
	"context"

	"mzdesk/ent"
	"mzdesk/ent/hook"
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
