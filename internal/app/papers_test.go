package app_test

import (
	"bytes"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"mzdesk/ent/donor"
	"mzdesk/ent/orgunit"
	"mzdesk/internal/apptest"
	"mzdesk/internal/demo"
	"mzdesk/internal/printout"
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

	var paths struct {
		Node struct{ CertificatePath string }
	}
	charity.MustDo(`query($id: ID!) { node(id: $id) { ... on Donation { certificatePath } } }`, map[string]any{"id": d.CreateDonation.ID}, &paths)
	code, cert := get(t, s.URL+paths.Node.CertificatePath, "")
	m := regexp.MustCompile(`校验码 ([0-9A-F]{16})`).FindStringSubmatch(cert)
	if code != 200 || m == nil || !strings.Contains(cert, "84消毒液 3000 千克（120 桶）") || !strings.Contains(cert, "一致") {
		t.Fatalf("certificate: %d %q", code, cert)
	}
	public, _, _ := strings.Cut(paths.Node.CertificatePath, "?")
	if _, bad := get(t, s.URL+public+"?code=0000000000000000", ""); !strings.Contains(bad, "不符") {
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

// TestCertificateKeepsPrivateDonorsPrivate: a private person's certificate, opened
// without its check code, names the donor as the public pages do; its address cannot be
// guessed from the donation's id, and the old id addresses open only with the code.
func TestCertificateKeepsPrivateDonorsPrivate(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			ctx := systemCtx()
			id := lookup(t, s)
			zhihe := s.App.Client.OrgUnit.Query().Where(orgunit.Code(demo.ZhiheCode)).OnlyIDX(ctx)
			person := s.App.Client.Donor.Create().SetName("王秀英").SetKind(donor.KindPERSON).SetContactPhone("13800000000").SaveX(ctx)
			charity := s.As(t, "charity")
			var out created
			charity.MustDo(createDonation, map[string]any{"in": map[string]any{
				"donorID": person.ID, "donatedOn": "2020-02-21T00:00:00Z",
				"lines": []any{map[string]any{"itemID": id.disinfectant, "quantity": "2", "unit": "PACK"}},
			}}, &out)
			charity.MustDo(`mutation($in: AllocateInput!) { allocateDonation(input: $in) { leftover } }`, map[string]any{"in": map[string]any{
				"lineID": out.CreateDonation.Lines[0].ID, "method": "MANUAL",
				"shares": []any{map[string]any{"recipientID": zhihe, "quantity": "50", "unit": "KG"}}}}, nil)
			pathAs := func(c *apptest.Client) string {
				var p struct {
					Node struct{ CertificatePath string }
				}
				c.MustDo(`query($id: ID!) { node(id: $id) { ... on Donation { certificatePath } } }`, map[string]any{"id": out.CreateDonation.ID}, &p)
				return p.Node.CertificatePath
			}
			full := pathAs(charity)
			public, code, _ := strings.Cut(full, "?code=")
			if !regexp.MustCompile(`^/certificates/[A-Za-z0-9_-]{22}$`).MatchString(public) || strings.Contains(public, out.CreateDonation.ID) {
				t.Fatalf("certificate address %q", full)
			}
			if got := pathAs(s.As(t, "village-"+demo.ZhiheCode)); got != public {
				t.Errorf("the receiving village gets %q, want the public address %q", got, public)
			}

			for name, c := range map[string]struct {
				path   string
				status int
				named  bool
			}{
				"public":                  {public, 200, false},
				"with its code":           {full, 200, true},
				"with a wrong code":       {public + "?code=0000000000000000", 200, false},
				"by id":                   {"/certificates/" + out.CreateDonation.ID, 404, false},
				"by id with a wrong code": {"/certificates/" + out.CreateDonation.ID + "?code=0000000000000000", 404, false},
				"by id with its code":     {"/certificates/" + out.CreateDonation.ID + "?code=" + code, 200, true},
				"by another token":        {"/certificates/AAAAAAAAAAAAAAAAAAAAAA", 404, false},
			} {
				status, page := get(t, s.URL+c.path, "")
				switch {
				case status != c.status:
					t.Errorf("%s: %d, want %d", name, status, c.status)
				case status != 200:
				case c.named != strings.Contains(page, "王秀英") || c.named == strings.Contains(page, "爱心人士"):
					t.Errorf("%s: names the donor %v, want %v", name, strings.Contains(page, "王秀英"), c.named)
				case !c.named && (strings.Contains(page, code) || strings.Contains(page, "check-code")):
					t.Errorf("%s: shows the check code or its QR", name)
				case !strings.Contains(page, "/public/donations/"+out.CreateDonation.ID) || !strings.Contains(page, printout.Office):
					// Every reader gets the issuing office and the public trail's link (and its QR,
					// which carries nothing but that link).
					t.Errorf("%s: without the issuing office or the link to the public trail", name)
				case strings.Contains(page, "13800000000"):
					t.Errorf("%s: shows the donor's phone", name)
				}
			}
		})
	}
}

// TestPapersPrintChinaDays: a donation made on 20 February in China (00:00+08:00) comes
// back from MySQL as 19 February in UTC; the delivery sheet still prints 20 February. A
// donation's number carries its year in China too.
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

			// New Year's morning in China, sent in UTC: numbered in China's year.
			var ny struct{ CreateDonation struct{ ReceiptNo string } }
			charity.MustDo(`mutation($in: CreateDonationInput!) { createDonation(input: $in) { receiptNo } }`, map[string]any{"in": map[string]any{
				"donorID": id.giver, "donatedOn": "2020-12-31T16:30:00Z",
				"lines": []any{map[string]any{"itemID": id.disinfectant, "quantity": "1", "unit": "PACK"}},
			}}, &ny)
			if !strings.HasPrefix(ny.CreateDonation.ReceiptNo, "CS2021-") {
				t.Errorf("a donation of 2021-01-01 00:30 in China is numbered %q, not in 2021", ny.CreateDonation.ReceiptNo)
			}
		})
	}
}
