package app_test

import (
	"io"
	"io/fs"
	"net/http"
	"strings"
	"testing"

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
	_, built := firstVisit(t, s.URL+"/public")

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
