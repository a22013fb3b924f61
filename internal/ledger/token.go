package ledger

import (
	"context"

	"mzdesk/ent"
	"mzdesk/ent/donation"
	"mzdesk/internal/viewer"
)

// NamePublicly gives each donation recorded before donations had public tokens a token of
// its own, so that its certificate has an address that cannot be guessed from another's.
// Replicas starting together may both run it: a donation keeps the first token it gets.
func NamePublicly(ctx context.Context, c *ent.Client) error {
	ctx = viewer.SystemContext(ctx, viewer.Seed)
	ids, err := c.Donation.Query().Where(donation.PublicTokenIsNil()).IDs(ctx)
	if err != nil {
		return err
	}
	for _, id := range ids {
		// A fresh create's default names it; here the same default is applied by hand.
		err := c.Donation.Update().Where(donation.ID(id), donation.PublicTokenIsNil()).
			SetPublicToken(donation.DefaultPublicToken()).Exec(ctx)
		if err != nil {
			return err
		}
	}
	return nil
}
