package photos_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"mzdesk/ent"
	"mzdesk/ent/allocation"
	"mzdesk/ent/item"
	"mzdesk/ent/orgunit"
	"mzdesk/ent/photo"
	"mzdesk/ent/user"
	"mzdesk/internal/apptest"
	"mzdesk/internal/demo"
	"mzdesk/internal/photos"
	"mzdesk/internal/quantity"
	"mzdesk/internal/viewer"
)

func TestMain(m *testing.M) {
	if err := apptest.Announce("internal/photos"); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

func seedCtx() context.Context { return viewer.SystemContext(context.Background(), viewer.Seed) }

var made int

// stored writes a photo of size bytes uploaded by uploader at the given time.
func stored(t *testing.T, c *ent.Client, uploader, size int, at time.Time) string {
	t.Helper()
	made++
	key := fmt.Sprintf("k%d-%d-%d", at.UnixNano(), size, made)
	c.Photo.Create().SetKey(key).SetContentType("image/png").SetData(make([]byte, size)).
		SetUploadedByID(uploader).SetCreatedAt(at).ExecX(seedCtx())
	return key
}

// TestQuota counts an account's uploads in the database: more than the rate in a
// minute, more photos or more bytes in a day are refused; older photos and other
// accounts' photos do not count.
func TestQuota(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			s := apptest.Start(t, db)
			c := s.App.Client
			id := c.User.Query().Where(user.Username("village-" + demo.ZhiheCode)).OnlyIDX(seedCtx())
			other := c.User.Query().Where(user.Username("village-430702001002")).OnlyIDX(seedCtx())
			as := viewer.NewContext(context.Background(), &viewer.Viewer{UserID: id, Username: "village-" + demo.ZhiheCode, Role: viewer.VillageCommittee})
			l := photos.Limits{PerDay: 4, BytesPerDay: 1000, PerMinute: 2}
			now := time.Now()
			check := func(size int64) error { return l.Check(as, c, id, size, now) }
			over := func(err error) bool {
				var o *photos.OverError
				return errors.As(err, &o)
			}

			stored(t, c, id, 100, now.Add(-25*time.Hour)) // a day ago: counts for nothing
			stored(t, c, other, 900, now.Add(-time.Second))
			stored(t, c, other, 900, now.Add(-time.Second))
			if err := check(900); err != nil {
				t.Fatalf("a first upload: %v", err)
			}
			stored(t, c, id, 100, now.Add(-10*time.Second))
			stored(t, c, id, 100, now.Add(-20*time.Second))
			if err := check(10); !over(err) {
				t.Errorf("a third photo within a minute: %v", err)
			}
			if err := l.Check(as, c, id, 10, now.Add(2*time.Minute)); err != nil {
				t.Errorf("two minutes later: %v", err)
			}
			later := now.Add(2 * time.Minute)
			if err := l.Check(as, c, id, 801, later); !over(err) {
				t.Errorf("past the day's bytes: %v", err)
			}
			stored(t, c, id, 100, now.Add(-time.Hour))
			stored(t, c, id, 100, now.Add(-2*time.Hour))
			if err := l.Check(as, c, id, 10, later); !over(err) {
				t.Errorf("a fifth photo in a day: %v", err)
			}
		})
	}
}

// TestSweep removes, with the clock a day and more ahead, the photos no receipt took
// up, and keeps the one a receipt names and the ones still within their day.
func TestSweep(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			s := apptest.Start(t, db)
			c := s.App.Client
			ctx := seedCtx()
			id := c.User.Query().Where(user.Username("village-" + demo.ZhiheCode)).OnlyIDX(ctx)
			now := time.Now()
			loose := stored(t, c, id, 10, now)
			taken := stored(t, c, id, 10, now)
			zhihe := c.OrgUnit.Query().Where(orgunit.Code(demo.ZhiheCode)).OnlyIDX(ctx)
			d := c.Donation.Create().SetReceiptNo("SWEEP-1").SetDonorID(c.Donor.Query().FirstIDX(ctx)).SetDonatedOn(now).SaveX(ctx)
			line := c.DonationLine.Create().SetDonationID(d.ID).SetItemID(c.Item.Query().Where(item.Name("84消毒液")).OnlyIDX(ctx)).
				SetQuantity(10 * quantity.Scale).SetEnteredQuantity(10 * quantity.Scale).SetEnteredUnit(quantity.KG).SaveX(ctx)
			a := c.Allocation.Create().SetLineID(line.ID).SetVillageID(zhihe).
				SetQuantity(quantity.Scale).SetStatus(allocation.StatusRECEIVED).SaveX(ctx)
			c.Receipt.Create().SetAllocationID(a.ID).SetReceiptNo("SWEEP-1").SetConfirmedByID(id).
				SetConfirmedAt(now).SetReceivedQuantity(quantity.Scale).SetIdempotencyKey("sweep-test-1").
				SetPhotoKey(taken).ExecX(ctx)
			if n, err := photos.Sweep(context.Background(), c, now); err != nil || n != 0 {
				t.Fatalf("sweeping at once: %d, %v", n, err)
			}
			fresh := stored(t, c, id, 10, now.Add(2*time.Hour))
			n, err := photos.Sweep(context.Background(), c, now.Add(photos.Unattached+time.Hour))
			if err != nil || n != 1 {
				t.Fatalf("sweeping a day and an hour later: %d, %v", n, err)
			}
			left := c.Photo.Query().Where(photo.KeyIn(loose, taken, fresh)).Select(photo.FieldKey).StringsX(ctx)
			if len(left) != 2 || contains(left, loose) {
				t.Errorf("left after the sweep: %v (loose %s)", left, loose)
			}
		})
	}
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
