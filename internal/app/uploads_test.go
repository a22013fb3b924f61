package app_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"mzdesk/ent/allocation"
	"mzdesk/ent/orgunit"
	"mzdesk/internal/apptest"
	"mzdesk/internal/demo"
	"mzdesk/internal/photos"
	"mzdesk/internal/quantity"
)

func upload(t *testing.T, s *apptest.Server, token string, body []byte) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/uploads/photos", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "image/jpeg") // what the client says does not count
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct{ Key string }
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out.Key
}

// TestReceiptPhoto uploads the photo of a signed slip and confirms with it; photos that
// are not images, too large, or someone else's are refused.
func TestReceiptPhoto(t *testing.T) {
	s := apptest.Start(t, apptest.Databases()[0])
	village := s.As(t, "village-"+demo.ZhiheCode)
	var pic bytes.Buffer
	_ = png.Encode(&pic, image.NewGray(image.Rect(0, 0, 40, 30)))

	code, key := upload(t, s, village.Token, pic.Bytes())
	if code != http.StatusCreated || key == "" {
		t.Fatalf("PNG upload: %d", code)
	}
	if code, _ := upload(t, s, village.Token, []byte("<html>not a picture</html>")); code != http.StatusUnsupportedMediaType {
		t.Errorf("HTML as a photo: %d", code)
	}
	if code, _ := upload(t, s, village.Token, append(pic.Bytes(), make([]byte, 5<<20)...)); code != http.StatusRequestEntityTooLarge {
		t.Errorf("a 5 MB+ photo: %d", code)
	}
	if code, _ := upload(t, s, s.As(t, "care").Token, pic.Bytes()); code != http.StatusForbidden {
		t.Errorf("the care officer uploads: %d", code)
	}
	_, otherKey := upload(t, s, s.As(t, "village-430702001002").Token, pic.Bytes())

	id := lookup(t, s)
	ctx := systemCtx()
	zhihe := s.App.Client.OrgUnit.Query().Where(orgunit.Code(demo.ZhiheCode)).OnlyIDX(ctx)
	line := mustAtoi(record3t(t, s.As(t, "charity"), id).CreateDonation.Lines[0].ID)
	a := s.App.Client.Allocation.Create().SetLineID(line).SetVillageID(zhihe).SetQuantity(25 * quantity.Scale).
		SetStatus(allocation.StatusDISPATCHED).SaveX(ctx)
	confirm := `mutation($in: ConfirmReceiptInput!) { confirmReceipt(input: $in) { photoKey } }`
	r := village.Do(confirm, map[string]any{"in": map[string]any{"allocationID": a.ID, "idempotencyKey": "photo-other", "photoKey": otherKey}})
	if r.Code() != "BAD_USER_INPUT" {
		t.Errorf("confirming with another village's photo: %+v", r.Errors)
	}
	var out struct{ ConfirmReceipt struct{ PhotoKey string } }
	village.MustDo(confirm, map[string]any{"in": map[string]any{"allocationID": a.ID, "idempotencyKey": "photo-mine", "photoKey": key}}, &out)
	if out.ConfirmReceipt.PhotoKey != key {
		t.Errorf("receipt photo %q, want %q", out.ConfirmReceipt.PhotoKey, key)
	}
	code, body := get(t, s.URL+"/uploads/photos/"+key, s.As(t, "charity").Token)
	if code != 200 || !strings.HasPrefix(body, "\x89PNG") {
		t.Errorf("the charity office reads the photo: %d", code)
	}
	if code, _ := get(t, s.URL+"/uploads/photos/"+key, s.As(t, "village-430702001002").Token); code != http.StatusNotFound {
		t.Errorf("another village reads the photo: %d", code)
	}
}

// TestUploadQuota: one account's uploads past the rate are refused 429 and stored
// nowhere, on every database; another account still uploads.
func TestUploadQuota(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			s := apptest.Start(t, db)
			village := s.As(t, "village-"+demo.ZhiheCode)
			var pic bytes.Buffer
			_ = png.Encode(&pic, image.NewGray(image.Rect(0, 0, 40, 30)))
			for i := range photos.DefaultLimits.PerMinute {
				if code, _ := upload(t, s, village.Token, pic.Bytes()); code != http.StatusCreated {
					t.Fatalf("upload %d: %d", i+1, code)
				}
			}
			before := s.App.Client.Photo.Query().CountX(systemCtx())
			if code, _ := upload(t, s, village.Token, pic.Bytes()); code != http.StatusTooManyRequests {
				t.Errorf("an upload past the rate: %d", code)
			}
			if after := s.App.Client.Photo.Query().CountX(systemCtx()); after != before {
				t.Errorf("the refused upload was stored: %d photos, then %d", before, after)
			}
			if code, _ := upload(t, s, s.As(t, "village-430702001002").Token, pic.Bytes()); code != http.StatusCreated {
				t.Errorf("another village's upload: %d", code)
			}
		})
	}
}
