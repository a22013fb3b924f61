package graph

import (
	"context"
	"errors"

	"mzdesk/ent"
	"mzdesk/ent/donation"
	"mzdesk/ent/privacy"
	"mzdesk/internal/printout"
	"mzdesk/internal/viewer"
)

// certificatePath is d's certificate address: with its check code when the viewer may
// read the donor (the code shows the donor's full name), bare otherwise. The donation is
// read again as the public page reads it, with what the code covers, whatever fields the
// client selected.
func (r *Resolver) certificatePath(ctx context.Context, d *ent.Donation) (string, error) {
	mayName, err := r.client.Donation.Query().Where(donation.ID(d.ID)).QueryDonor().Exist(ctx)
	if errors.Is(err, privacy.Deny) {
		mayName, err = false, nil
	}
	if err != nil {
		return "", err
	}
	q := r.client.Donation.Query().Where(donation.ID(d.ID))
	if mayName {
		q.WithDonor().WithLines()
	}
	full, err := q.Only(viewer.SystemContext(ctx, viewer.Public))
	switch {
	case err != nil:
		return "", err
	case mayName:
		return printout.Path(r.certKey, full), nil
	}
	return printout.PublicPath(full), nil
}
