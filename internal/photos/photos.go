// Package photos keeps uploaded photos of signed slips within bounds: a per-account
// quota and rate for uploads, and a sweep that removes photos no receipt took up.
//
// A village phone uploads a photo, then passes its key to confirmReceipt. Without
// bounds one account could fill the database (ten 5 MB photos in 0.3 s), and photos
// whose receipt never came would stay forever. Both bounds are counted in the database,
// so that every replica applies the same ones.
package photos

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"entgo.io/ent/dialect/sql"

	"mzdesk/ent"
	"mzdesk/ent/photo"
	"mzdesk/ent/receipt"
	"mzdesk/internal/viewer"
)

// Limits are the bounds of one account's uploads.
type Limits struct {
	PerDay      int   // photos in any 24 hours
	BytesPerDay int64 // bytes in any 24 hours
	PerMinute   int   // photos in any minute
}

// DefaultLimits leave a busy village committee (a few dozen deliveries on the worst day,
// each with one photo, retried on a bad line) far from the bound, and hold one account
// to 100 MB a day.
var DefaultLimits = Limits{PerDay: 60, BytesPerDay: 100 << 20, PerMinute: 10}

// Unattached is how long a photo may wait for a receipt to take it up.
const Unattached = 24 * time.Hour

// OverError says why an upload is refused; the client may try again later.
type OverError struct{ Message string }

func (e *OverError) Error() string { return e.Message }

// Check refuses an upload of size bytes by the viewer of ctx at now when it would take
// the account past l. It counts through the viewer's own privacy (an uploader sees its
// own photos).
func (l Limits) Check(ctx context.Context, c *ent.Client, userID int, size int64, now time.Time) error {
	own := c.Photo.Query().Where(photo.UploadedByID(userID))
	recent, err := own.Clone().Where(photo.CreatedAtGT(now.Add(-time.Minute))).Count(ctx)
	if err != nil {
		return err
	}
	var rows []struct {
		Count int   `json:"count"`
		Bytes int64 `json:"bytes"`
	}
	err = own.Where(photo.CreatedAtGT(now.Add(-24*time.Hour))).Aggregate(
		ent.Count(),
		func(s *sql.Selector) string {
			return sql.As(fmt.Sprintf("COALESCE(SUM(LENGTH(%s)), 0)", s.C(photo.FieldData)), "bytes")
		},
	).Scan(ctx, &rows)
	if err != nil {
		return err
	}
	var r struct {
		Count int
		Bytes int64
	}
	if len(rows) > 0 {
		r.Count, r.Bytes = rows[0].Count, rows[0].Bytes
	}
	switch {
	case recent >= l.PerMinute:
		return &OverError{fmt.Sprintf("at most %d photos a minute: wait a moment and try again", l.PerMinute)}
	case r.Count >= l.PerDay:
		return &OverError{fmt.Sprintf("at most %d photos a day from one account", l.PerDay)}
	case r.Bytes+size > l.BytesPerDay:
		return &OverError{fmt.Sprintf("at most %d MB of photos a day from one account", l.BytesPerDay>>20)}
	}
	return nil
}

// Sweep removes the photos uploaded before now-Unattached that no receipt names, and
// says how many.
func Sweep(ctx context.Context, c *ent.Client, now time.Time) (int, error) {
	ctx = viewer.SystemContext(ctx, viewer.PhotoSweep)
	return c.Photo.Delete().Where(
		photo.CreatedAtLT(now.Add(-Unattached)),
		func(s *sql.Selector) {
			t := sql.Table(receipt.Table)
			s.Where(sql.NotIn(s.C(photo.FieldKey),
				sql.Select(t.C(receipt.FieldPhotoKey)).From(t).Where(sql.NotNull(t.C(receipt.FieldPhotoKey)))))
		},
	).Exec(ctx)
}

// Run sweeps every interval until ctx ends, with the time clock gives.
func Run(ctx context.Context, c *ent.Client, interval time.Duration, clock func() time.Time) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			n, err := Sweep(ctx, c, clock())
			switch {
			case err != nil && ctx.Err() == nil:
				slog.Error("removing photos no receipt took up", "err", err)
			case n > 0:
				slog.Info("removed photos no receipt took up", "photos", n)
			}
		case <-ctx.Done():
			return
		}
	}
}
