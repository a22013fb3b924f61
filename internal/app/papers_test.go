package app_test

import (
	"bytes"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"mzdesk/internal/apptest"
)

func get(t *testing.T, url, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestPapers prints what the charity office hands out: the delivery sheet of 武陵区 with a
// QR code per village, the certificate that checks itself, and the exports.
func TestPapers(t *testing.T) {
	s := apptest.Start(t, apptest.Databases()[0])
	id := lookup(t, s)
	charity := s.As(t, "charity")
	d := record3t(t, charity, id)
	charity.MustDo(`mutation($in: AllocateInput!) { allocateDonation(input: $in) { leftover } }`, map[string]any{"in": map[string]any{
		"lineID": d.CreateDonation.Lines[0].ID, "method": "EVEN", "splitUnit": "PACK",
		"recipients": map[string]any{"everyVillageUnder": id.wuling}}}, nil)
	base := s.URL + "/donations/" + d.CreateDonation.ID

	code, sheet := get(t, base+"/sheet?county=430702", charity.Token)
	if code != 200 || strings.Count(sheet, "<svg") != 120 || !strings.Contains(sheet, "芷荷社区") || !strings.Contains(sheet, "1 桶") {
		t.Errorf("sheet: %d, %d QR codes", code, strings.Count(sheet, "<svg"))
	}
	if code, _ := get(t, base+"/sheet?county=430702", ""); code != http.StatusUnauthorized {
		t.Errorf("sheet without a token: %d", code)
	}
	if code, _ := get(t, base+"/sheet?county=430702", s.As(t, "care").Token); code != http.StatusForbidden {
		t.Errorf("sheet as the care officer: %d", code)
	}

	code, cert := get(t, s.URL+"/certificates/"+d.CreateDonation.ID, "")
	m := regexp.MustCompile(`校验码 ([0-9A-F]{16})`).FindStringSubmatch(cert)
	if code != 200 || m == nil || !strings.Contains(cert, "84消毒液 3000 千克（120 桶）") {
		t.Fatalf("certificate: %d %q", code, cert)
	}
	if _, ok := get(t, s.URL+"/certificates/"+d.CreateDonation.ID+"?code="+m[1], ""); !strings.Contains(ok, "一致") {
		t.Error("a genuine certificate does not check")
	}
	if _, bad := get(t, s.URL+"/certificates/"+d.CreateDonation.ID+"?code=0000000000000000", ""); !strings.Contains(bad, "不符") {
		t.Error("a forged certificate checks")
	}

	code, csv := get(t, base+"/export.csv", charity.Token)
	if code != 200 || strings.Count(csv, "\n") != 121 || !strings.HasPrefix(csv, "\ufeff序号") {
		t.Errorf("csv: %d, %d lines", code, strings.Count(csv, "\n"))
	}
	code, xlsx := get(t, base+"/export.xlsx", charity.Token)
	f, err := excelize.OpenReader(bytes.NewReader([]byte(xlsx)))
	if code != 200 || err != nil {
		t.Fatalf("xlsx: %d %v", code, err)
	}
	rows, _ := f.GetRows("分配与签收")
	if len(rows) != 2+120 || rows[2][4] != "25" {
		t.Errorf("xlsx: %d rows, first amount %q", len(rows), rows[2][4])
	}
}

// TestPapersPrintChinaDays: a donation made on 20 February in China (00:00+08:00) comes
// back from MySQL as 19 February in UTC; the delivery sheet still prints 20 February.
func TestPapersPrintChinaDays(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			id := lookup(t, s)
			charity := s.As(t, "charity")
			var d created
			charity.MustDo(createDonation, map[string]any{"in": map[string]any{
				"donorID": id.giver, "donatedOn": "2020-02-20T00:00:00+08:00",
				"lines": []any{map[string]any{"itemID": id.disinfectant, "quantity": "1", "unit": "PACK"}},
			}}, &d)
			code, sheet := get(t, s.URL+"/donations/"+d.CreateDonation.ID+"/sheet?county=430702", charity.Token)
			if code != 200 || !strings.Contains(sheet, "2020年2月20日") {
				t.Errorf("sheet %d does not print 2020年2月20日: %.300q", code, sheet)
			}
		})
	}
}
