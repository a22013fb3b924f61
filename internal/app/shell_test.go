package app_test

import (
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"mzdesk/ent/donor"
	"mzdesk/ent/orgunit"
	"mzdesk/frontend"
	"mzdesk/internal/apptest"
	"mzdesk/internal/demo"
)

// firstVisit fetches url as a browser would on its first visit, with the cookies given.
func firstVisit(t *testing.T, url string, cookies ...*http.Cookie) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(body)
}

// TestPaintedFirstScreens asks for the login page and a delivery sheet's QR landing as a
// phone's first visit does: the server paints their words into index.html (in the language
// the phone chose, Chinese otherwise) and the delivery in the unit it was counted in, with
// the donor's and committee's names escaped whatever they hold; a QR landing of a cancelled
// or unknown delivery, and every other path, gets index.html as built.
func TestPaintedFirstScreens(t *testing.T) {
	if _, err := fs.Stat(frontend.Dist(), "shell-messages.json"); err != nil {
		t.Fatal("the SPA is not built (frontend/dist has no shell-messages.json): run `make build` or `make test`")
	}
	s := apptest.Start(t, apptest.Databases()[0])
	_, built := firstVisit(t, s.URL+"/village")

	res, page := firstVisit(t, s.URL+"/login")
	for _, want := range []string{`<html lang="zh-CN">`, `data-shell="login"`, "<h1>民政战疫工作台</h1>", "<span>用户名</span>",
		`placeholder="请输入密码"`, `<button type="button" disabled>登录</button>`, `<script type="module"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the login page lacks %s", want)
		}
	}
	if strings.Contains(page, "boot-row short") {
		t.Error("the login page still holds the skeleton it replaces")
	}
	if !strings.Contains(strings.Join(res.Header.Values("Vary"), ","), "Cookie") || res.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("the login page's headers: Vary %q, Cache-Control %q", res.Header.Values("Vary"), res.Header.Get("Cache-Control"))
	}
	_, english := firstVisit(t, s.URL+"/login", &http.Cookie{Name: "mzdesk.locale", Value: "en-US"})
	for _, want := range []string{`<html lang="en-US">`, "<span>Username</span>", ">Log in</button>"} {
		if !strings.Contains(english, want) {
			t.Errorf("the English login page lacks %s", want)
		}
	}

	// A donor whose name is markup, as anyone with the charity office's account could type it.
	charity := s.As(t, "charity")
	id := lookup(t, s)
	zhihe := s.App.Client.OrgUnit.Query().Where(orgunit.Code(demo.ZhiheCode)).OnlyIDX(systemCtx())
	const hostile = `<script>alert(1)</script>"><img src=x onerror=alert(2)>`
	var d created
	charity.MustDo(createDonation, map[string]any{"in": map[string]any{
		"newDonor": map[string]any{"name": hostile}, "donatedOn": "2020-02-20T00:00:00Z",
		"lines": []any{map[string]any{"itemID": id.disinfectant, "quantity": "4", "unit": "PACK"}},
	}}, &d)
	var alloc struct {
		AllocateDonation struct{ Allocations []struct{ ID string } }
	}
	charity.MustDo(`mutation($line: ID!, $v: ID!) { allocateDonation(input: { lineID: $line, method: EVEN,
		splitUnit: PACK, recipients: { villageIDs: [$v] }, amount: "2", unit: PACK }) { allocations { id } } }`,
		map[string]any{"line": d.CreateDonation.Lines[0].ID, "v": zhihe}, &alloc)
	sent := alloc.AllocateDonation.Allocations[0].ID
	charity.MustDo(`mutation($ids: [ID!]!) { dispatchAllocations(ids: $ids) { id } }`, map[string]any{"ids": []string{sent}}, nil)

	for _, path := range []string{"/scan/" + sent + "?account=village-" + demo.ZhiheCode, "/allocations/" + sent} {
		_, landing := firstVisit(t, s.URL+path)
		for _, want := range []string{`data-shell="landing"`, ">物资签收<", `<p class="item">84消毒液</p>`, `<p class="amount">2 桶</p>`,
			">待签收</span>", "<small>武陵区</small></dt><dd>芷荷社区村(居)委会</dd>", "&lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;img src=x onerror=alert(2)&gt;"} {
			if !strings.Contains(landing, want) {
				t.Errorf("%s lacks %s", path, want)
			}
		}
		if strings.Contains(landing, "<script>alert") || strings.Contains(landing, "<img src=x") {
			t.Errorf("%s carries the donor's name as markup", path)
		}
	}
	_, landing := firstVisit(t, s.URL+"/scan/"+sent, &http.Cookie{Name: "mzdesk.locale", Value: "en-US"})
	if !strings.Contains(landing, `<p class="amount">2 桶</p>`) || !strings.Contains(landing, ">On its way</span>") {
		t.Error("the English QR landing lacks the delivery in its own unit or its status in English")
	}

	for _, path := range []string{"/scan/999999999", "/scan/x", "/allocations/" + d.CreateDonation.ID, "/village", "/"} {
		if _, page := firstVisit(t, s.URL+path); page != built {
			t.Errorf("%s is not index.html as built", path)
		}
	}
}

// painted is what a painted page hands the SPA: its queries with their answers.
func painted(t *testing.T, page string) []struct {
	Operation string
	Variables map[string]any
	Data      json.RawMessage
} {
	t.Helper()
	m := regexp.MustCompile(`<script type="application/json" id="painted">(.*?)</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the page hands the SPA no answers")
	}
	var out []struct {
		Operation string
		Variables map[string]any
		Data      json.RawMessage
	}
	if err := json.Unmarshal([]byte(m[1]), &out); err != nil {
		t.Fatalf("the answers handed over: %v", err)
	}
	return out
}

// sameAnswer fails unless the data handed over with a painted page is what the API answers
// a phone without a token that sends the SPA's own query.
func sameAnswer(t *testing.T, s *apptest.Server, operation string, variables map[string]any, got json.RawMessage) {
	t.Helper()
	raw, err := fs.ReadFile(frontend.Dist(), "persisted-queries.json")
	if err != nil {
		t.Fatal(err)
	}
	var docs map[string]string
	if err := json.Unmarshal(raw, &docs); err != nil {
		t.Fatal(err)
	}
	for _, doc := range docs {
		if !strings.HasPrefix(doc, "query "+operation+" ") && !strings.HasPrefix(doc, "query "+operation+"(") {
			continue
		}
		var want, have any
		if err := json.Unmarshal(s.Public(t).Do(doc, variables).Data, &want); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(got, &have); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(want, have) {
			t.Errorf("%s: the page hands over %s, the API answers %v", operation, got, want)
		}
		return
	}
	t.Fatalf("the build lists no %s query", operation)
}

// TestPaintedPublicPages asks for the public donation list and a donation's public trail as
// a stranger's first visit does: the server paints them into index.html in the phone's
// language, with what anyone may see and nothing more — a private donor is 爱心人士, names
// are escaped whatever they hold — and hands the SPA the very answers the API gives a phone
// without a token, so that it mounts with them.
func TestPaintedPublicPages(t *testing.T) {
	if _, err := fs.Stat(frontend.Dist(), "shell-messages.json"); err != nil {
		t.Fatal("the SPA is not built (frontend/dist has no shell-messages.json): run `make build` or `make test`")
	}
	s := apptest.Start(t, apptest.Databases()[0])
	_, built := firstVisit(t, s.URL+"/village")
	ctx := systemCtx()
	id := lookup(t, s)
	zhihe := s.App.Client.OrgUnit.Query().Where(orgunit.Code(demo.ZhiheCode)).OnlyIDX(ctx)
	charity := s.As(t, "charity")

	// A company whose name is markup, and a private person with a phone number.
	const hostile = `<script>alert(1)</script>"><img src=x onerror=alert(2)>`
	person := s.App.Client.Donor.Create().SetName("王秀英").SetKind(donor.KindPERSON).SetContactPhone("13800000000").SaveX(ctx)
	give := func(donor map[string]any) (donation, allocation string) {
		var d created
		in := map[string]any{"donatedOn": "2020-02-20T00:00:00+08:00",
			"lines": []any{map[string]any{"itemID": id.disinfectant, "quantity": "4", "unit": "PACK"}}}
		maps.Copy(in, donor)
		charity.MustDo(createDonation, map[string]any{"in": in}, &d)
		var alloc struct {
			AllocateDonation struct{ Allocations []struct{ ID string } }
		}
		charity.MustDo(`mutation($line: ID!, $v: ID!) { allocateDonation(input: { lineID: $line, method: EVEN,
			splitUnit: PACK, recipients: { villageIDs: [$v] }, amount: "1", unit: PACK }) { allocations { id } } }`,
			map[string]any{"line": d.CreateDonation.Lines[0].ID, "v": zhihe}, &alloc)
		a := alloc.AllocateDonation.Allocations[0].ID
		charity.MustDo(`mutation($ids: [ID!]!) { dispatchAllocations(ids: $ids) { id } }`, map[string]any{"ids": []string{a}}, nil)
		return d.CreateDonation.ID, a
	}
	company, signed := give(map[string]any{"newDonor": map[string]any{"name": hostile}})
	private, _ := give(map[string]any{"donorID": person.ID})
	s.As(t, "village-"+demo.ZhiheCode).MustDo(`mutation($in: ConfirmReceiptInput!) { confirmReceipt(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"allocationID": signed, "idempotencyKey": "painted-trail",
			"receivedQuantity": "20", "rejectedQuantity": "5", "rejectReason": "DAMAGED"}}, nil)

	const escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;img src=x onerror=alert(2)&gt;"
	keepsPrivate := func(path, page string) {
		t.Helper()
		if strings.Contains(page, "王秀英") || strings.Contains(page, "13800000000") {
			t.Errorf("%s names the private donor or shows a phone number", path)
		}
		if strings.Contains(page, "<script>alert") || strings.Contains(page, "<img src=x") {
			t.Errorf("%s carries the company's name as markup", path)
		}
	}

	// The list hands over the chain's head of each day, which grows as the sealer links
	// the events written above, within moments; linked now, the page and the API that
	// answers after it read the same head.
	if _, err := s.App.Audit.Seal(context.Background(), s.App.Client); err != nil {
		t.Fatal(err)
	}
	res, list := firstVisit(t, s.URL+"/public")
	for _, want := range []string{`<html lang="zh-CN">`, `data-shell="public"`, "<h1>捐赠公示</h1>", escaped, "爱心人士",
		`href="/public/donations/` + company + `"`, `href="/public/donations/` + private + `"`, "84消毒液 4 桶", "2020年2月20日",
		"1/1 个单位已签收", "0/1 个单位已签收", "防篡改核对", `<a href="/login">工作人员登录</a>`, `<script type="module"`} {
		if !strings.Contains(list, want) {
			t.Errorf("the public list lacks %s", want)
		}
	}
	keepsPrivate("/public", list)
	if strings.Contains(list, "boot-row short") {
		t.Error("the public list still holds the skeleton it replaces")
	}
	if !strings.Contains(strings.Join(res.Header.Values("Vary"), ","), "Cookie") || res.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("the public list's headers: Vary %q, Cache-Control %q", res.Header.Values("Vary"), res.Header.Get("Cache-Control"))
	}
	answers := painted(t, list)
	if len(answers) != 2 || answers[0].Operation != "PublicDonations" || answers[1].Operation != "AuditChainHeads" {
		t.Fatalf("the public list hands over %+v", answers)
	}
	sameAnswer(t, s, "PublicDonations", nil, answers[0].Data)
	sameAnswer(t, s, "AuditChainHeads", nil, answers[1].Data)

	_, english := firstVisit(t, s.URL+"/public", &http.Cookie{Name: "mzdesk.locale", Value: "en-US"})
	for _, want := range []string{`<html lang="en-US">`, "<h1>Public donation record</h1>", "Feb 20, 2020",
		"1/1 recipient confirmed", "84消毒液 4 桶", ">Staff login</a>"} {
		if !strings.Contains(english, want) {
			t.Errorf("the English public list lacks %s", want)
		}
	}

	_, trail := firstVisit(t, s.URL+"/public/donations/"+company)
	for _, want := range []string{`data-shell="trail"`, "<h1>" + escaped + "</h1>", ">捐赠去向<", ">全部公示</a>", "2020年2月20日", "1/1 个单位已签收",
		`placeholder="搜索村（居）名称或拼音首字母，如 zhsq"`, ">84消毒液 4 桶<", `href="/public/receipts/` + signed + `"`,
		">芷荷社区村(居)委会</span>", ">差异核实中</span>", "武陵区 · 发出 1 桶", "签收 · 实收 20 千克（40 斤）",
		">拒收 5 千克（10 斤），原因：破损<", ">差异核实中<"} {
		if !strings.Contains(trail, want) {
			t.Errorf("the public trail lacks %s", want)
		}
	}
	if !regexp.MustCompile(`>芷荷社区村\(居\)委会 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} 签收 · 实收 20 千克（40 斤）<`).MatchString(trail) {
		t.Error("the public trail does not say who signed and when as the SPA does")
	}
	keepsPrivate("the company's trail", trail)
	answers = painted(t, trail)
	if len(answers) != 1 || answers[0].Operation != "DonationTrail" || answers[0].Variables["id"] != company {
		t.Fatalf("the public trail hands over %+v", answers)
	}
	sameAnswer(t, s, "DonationTrail", map[string]any{"id": company}, answers[0].Data)

	_, trail = firstVisit(t, s.URL+"/public/donations/"+private)
	if !strings.Contains(trail, "<h1>爱心人士</h1>") {
		t.Error("the private donor's trail does not stand for them as 爱心人士")
	}
	keepsPrivate("the private donor's trail", trail)
	_, trail = firstVisit(t, s.URL+"/public/donations/"+company, &http.Cookie{Name: "mzdesk.locale", Value: "en-US"})
	for _, want := range []string{`<html lang="en-US">`, ">Where it went<", ">All donations</a>", "武陵区 · 1 桶 sent", "20 kg (40 jin) received",
		">Discrepancy under review</span>", ">Difference being checked<"} {
		if !strings.Contains(trail, want) {
			t.Errorf("the English public trail lacks %s", want)
		}
	}

	for _, path := range []string{"/public/donations/999999999", "/public/donations/x", "/public/donations/" + signed} {
		if _, page := firstVisit(t, s.URL+path); page != built {
			t.Errorf("%s is not index.html as built", path)
		}
	}
}
