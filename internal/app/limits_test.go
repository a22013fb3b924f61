package app_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"mzdesk/internal/app"
	"mzdesk/internal/apptest"
	"mzdesk/internal/config"
)

// TestHostileDocuments sends what an attacker or a runaway client would: each is refused
// with a clear error, quickly, before any resolver runs.
func TestHostileDocuments(t *testing.T) {
	s := apptest.Start(t, apptest.Databases()[0])
	bureau := s.As(t, "bureau")
	deep := "{ orgUnits(first: 1) { edges { node " + strings.Repeat("{ parent ", 15) + "{ id }" + strings.Repeat(" }", 15) + " } } }"
	var aliases strings.Builder
	aliases.WriteString("{")
	for i := range 2000 {
		fmt.Fprintf(&aliases, " a%d: orgUnits(first: 100) { edges { node { id name code } } }", i)
	}
	aliases.WriteString(" }")
	for name, doc := range map[string]string{
		"deeply nested":     deep,
		"alias flood":       aliases.String(),
		"fragment cycle":    `query { orgUnits(first: 1) { ...A } } fragment A on OrgUnitConnection { edges { node { children(first: 1) { ...A } } } }`,
		"page too large":    `{ allocations(first: 5000) { edges { node { id } } } }`,
		"page times page":   `{ orgUnits(first: 1000) { edges { node { children(first: 1000) { edges { node { id } } } } } } }`,
		"rows without page": `{ allocations { edges { node { id } } } }`,
	} {
		start := time.Now()
		r := bureau.Do(doc, nil)
		if r.Code() != "BAD_USER_INPUT" || r.Status >= 500 || len(r.Data) > 0 && string(r.Data) != "null" {
			t.Errorf("%s: %d %s %+v", name, r.Status, r.Data, r.Errors)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s took %v to refuse", name, d)
		}
	}
	var ok struct{ Allocations struct{ TotalCount int } }
	bureau.MustDo(`{ allocations { totalCount } }`, nil, &ok) // a count needs no page
}

// TestDocumentLimits sends documents whose validation alone would hold a core for
// seconds or minutes, and alias floods that would read the database once per alias: each
// is refused before gqlgen validates it, as often as it is sent; a hundred aliases of viewer read the account
// once; SQLite's pool is bounded.
func TestDocumentLimits(t *testing.T) {
	s := apptest.Start(t, apptest.Databases()[0])
	bureau := s.As(t, "bureau")
	repeat := func(open, part, close string, n int) string {
		return open + strings.Repeat(part, n) + close
	}
	var aliases strings.Builder
	for i := range 101 {
		fmt.Fprintf(&aliases, " a%d: viewer { id }", i)
	}
	for name, doc := range map[string]string{
		"1 MB of viewer{id}":               repeat("{", " viewer{id}", " }", 90_000),
		"8,000 publicDonations(first:1)":   repeat("{", " publicDonations(first:1){id}", " }", 8000),
		"600 fields under the token limit": repeat("{ viewer {", " id", " } }", 600),
		"101 aliases":                      "{" + aliases.String() + " }",
	} {
		start := time.Now()
		r := bureau.Do(doc, nil)
		if r.Code() != "BAD_USER_INPUT" || r.Status >= 500 || len(r.Data) > 0 && string(r.Data) != "null" {
			t.Errorf("%s (%d bytes): %d %s %+v", name, len(doc), r.Status, r.Data, r.Errors)
		}
		if again := bureau.Do(doc, nil); again.Code() != "BAD_USER_INPUT" { // a refusal is never remembered as a pass
			t.Errorf("%s sent again: %d %s", name, again.Status, again.Code())
		}
		t.Logf("%s (%d bytes): refused in %v: %s", name, len(doc), time.Since(start), r.Errors[0].Message)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s took %v to refuse", name, d)
		}
	}

	statements := func(doc string) int64 {
		before := s.App.Statements()
		if r := bureau.Do(doc, nil); len(r.Errors) > 0 {
			t.Fatalf("%s: %+v", doc[:20], r.Errors)
		}
		return s.App.Statements() - before
	}
	one := statements(`{ viewer { id } }`)
	hundred := statements(strings.Replace("{"+aliases.String()+" }", " a100: viewer { id }", "", 1))
	if hundred > one+1 { // +1: the token's account check, remembered for a second
		t.Errorf("100 aliases of viewer: %d statements, one viewer %d", hundred, one)
	}
	if n := s.App.DB.Stats().MaxOpenConnections; n <= 0 || n > 128 {
		t.Errorf("the SQLite pool holds up to %d connections", n)
	}
}

// TestTricklingBodies opens 200 connections that announce a 100 KB body and send it a
// byte a second, more than the endpoint admits at once: ordinary requests keep being
// answered, because a body is read before its request takes a place.
func TestTricklingBodies(t *testing.T) {
	s := apptest.Start(t, apptest.Databases()[0])
	public := s.Public(t)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	defer func() { close(stop); wg.Wait() }()
	addr := strings.TrimPrefix(s.URL, "http://")
	for range 200 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fmt.Fprintf(c, "POST /graphql HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{", addr)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer c.Close()
			tick := time.NewTicker(time.Second)
			defer tick.Stop()
			for {
				select {
				case <-stop:
					return
				case <-tick.C:
					_, _ = c.Write([]byte(" "))
				}
			}
		}()
	}
	time.Sleep(500 * time.Millisecond) // let the server take them all in
	for i := range 20 {
		if r := public.Do(`{ publicDonations(first: 1) { id } }`, nil); r.Status != 200 || len(r.Errors) > 0 {
			t.Fatalf("request %d with 200 trickling bodies open: %d %+v", i, r.Status, r.Errors)
		}
	}
	if n := public.TurnedAway.Load(); n > 0 {
		t.Errorf("%d requests turned away at the door while 200 bodies trickled in", n)
	}
}

// TestTricklerIsAnswered: a body sent a byte a second is answered 408 once its time is
// up, however long the client would go on trickling.
func TestTricklerIsAnswered(t *testing.T) {
	s := apptest.Start(t, apptest.Databases()[0])
	c, err := net.Dial("tcp", strings.TrimPrefix(s.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, _ = fmt.Fprintf(c, "POST /graphql HTTP/1.1\r\nHost: mzdesk\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
	answer := make(chan string, 1)
	go func() {
		b := make([]byte, 64)
		n, _ := c.Read(b)
		answer <- string(b[:n])
	}()
	start := time.Now()
	for {
		select {
		case a := <-answer:
			if !strings.HasPrefix(a, "HTTP/1.1 408") {
				t.Errorf("the trickler was answered %.40q", a)
			}
			t.Logf("answered after %v", time.Since(start).Round(time.Second))
			return
		case <-time.After(time.Second):
			if time.Since(start) > 20*time.Second {
				t.Fatal("a trickling body was still being read after 20 s")
			}
			_, _ = c.Write([]byte(" "))
		}
	}
}

// TestGraphQLOverHTTP checks the media types and status codes of the GraphQL over HTTP
// specification: application/graphql-response+json with 4xx and no data for request
// errors, application/json still served, GET for queries only.
func TestGraphQLOverHTTP(t *testing.T) {
	s := apptest.Start(t, apptest.Databases()[0])
	post := func(accept, body string) (*http.Response, map[string]any) {
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		var out map[string]any
		_ = json.Unmarshal(b, &out)
		return res, out
	}
	res, out := post("application/graphql-response+json", `{"query": "{ publicDonations { id } }"}`)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/graphql-response+json") || out["data"] == nil {
		t.Errorf("query: %d %s %v", res.StatusCode, res.Header.Get("Content-Type"), out)
	}
	res, out = post("application/graphql-response+json", `{"query": "{ publicDonations { "}`)
	if _, hasData := out["data"]; res.StatusCode != 400 || hasData {
		t.Errorf("parse error: %d, data present: %v", res.StatusCode, hasData)
	}
	res, _ = post("application/json", `{"query": "{ publicDonations { id } }"}`)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Errorf("application/json: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	// With application/json, errors before execution are answered 200 (the spec's SHOULD).
	for name, body := range map[string]string{
		"parse":      `{"query": "{ publicDonations { "}`,
		"validation": `{"query": "{ publicDonation { id } }"}`,
		"variables":  `{"query": "query($n: Int!) { publicDonations(first: $n) { id } }", "variables": {"n": "many"}}`,
	} {
		res, out = post("application/json", body)
		errs, _ := out["errors"].([]any)
		if res.StatusCode != 200 || len(errs) == 0 || errs[0].(map[string]any)["extensions"].(map[string]any)["code"] != "BAD_USER_INPUT" {
			t.Errorf("application/json, %s error: %d %v", name, res.StatusCode, out)
		}
	}
	res, out = post("application/json", `{not json`)
	if errs, _ := out["errors"].([]any); res.StatusCode != 400 || len(errs) == 0 || errs[0].(map[string]any)["extensions"].(map[string]any)["code"] != "BAD_USER_INPUT" {
		t.Errorf("a body that is not JSON: %d %v", res.StatusCode, out)
	}
	get, err := http.Get(s.URL + "/graphql?query=" + url.QueryEscape(`mutation { login(username: "admin", password: "demo-2020") { token } }`))
	if err != nil {
		t.Fatal(err)
	}
	get.Body.Close()
	if get.StatusCode != http.StatusMethodNotAllowed || get.Header.Get("Allow") != "POST" {
		t.Errorf("a mutation over GET: %d, Allow %q", get.StatusCode, get.Header.Get("Allow"))
	}
	get, _ = http.Get(s.URL + "/graphql?query=" + url.QueryEscape(`{ publicDonations { id } }`))
	get.Body.Close()
	if get.StatusCode != 200 {
		t.Errorf("a query over GET: %d", get.StatusCode)
	}
}

// TestHeadersAndMetrics: every answer carries the security headers and a request id;
// cross-origin calls are closed unless configured; /metrics counts requests, operations,
// errors by code, statements and the database pool.
func TestHeadersAndMetrics(t *testing.T) {
	s := apptest.Start(t, apptest.Databases()[0])
	s.As(t, "charity").Do(`query Progress { donations(first: 1) { totalCount } }`, nil)
	s.Public(t).Do(`{ donations(first: 1) { totalCount } }`, nil) // UNAUTHENTICATED
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/", nil)
	req.Header.Set("Origin", "https://elsewhere.example")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	for h, want := range map[string]string{
		"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
		"Referrer-Policy": "strict-origin-when-cross-origin", "Access-Control-Allow-Origin": "",
	} {
		if got := res.Header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP %q", csp)
	}
	if len(res.Header.Get("X-Request-Id")) != 16 {
		t.Errorf("request id %q", res.Header.Get("X-Request-Id"))
	}
	code, body := get(t, s.URL+"/metrics", "")
	for _, series := range []string{
		`mzdesk_http_requests_total{route="graphql",status="200"}`,
		`mzdesk_graphql_operation_duration_seconds_count{operation="Progress"}`,
		`mzdesk_graphql_errors_total{code="UNAUTHENTICATED"}`,
		"mzdesk_sql_statements_total", `go_sql_max_open_connections{db_name="mzdesk"}`,
	} {
		if code != 200 || !strings.Contains(body, series) {
			t.Errorf("/metrics lacks %s", series)
		}
	}
}

// TestProductionHidesTheSchema runs the server as production does: introspection is a
// request error, misspelt fields get no "Did you mean", /metrics is closed without
// MZ_METRICS_TOKEN, and a stranger cannot register a persisted query.
func TestProductionHidesTheSchema(t *testing.T) {
	a, err := app.New(context.Background(), config.Config{
		Env: "production", DB: apptest.Databases()[0].New(t),
		JWTSecret: []byte("a-production-secret-of-enough-length-0123456789"),
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler)
	defer func() { srv.Close(); a.Close() }()
	public := apptest.PublicAt(t, srv.URL)
	for name, doc := range map[string]string{
		"__schema":         `{ __schema { types { name } } }`,
		"__type":           `{ __type(name: "Donation") { fields { name } } }`,
		"in a fragment":    `query { ...F } fragment F on Query { __schema { queryType { name } } }`,
		"a misspelt field": `{ publicDonation(first: 1) { id } }`,
	} {
		r := public.Do(doc, nil)
		if r.Code() != "BAD_USER_INPUT" || strings.Contains(fmt.Sprint(r.Errors), "Did you mean") {
			t.Errorf("%s: %d %+v", name, r.Status, r.Errors)
		}
	}
	if r := public.Do(`{ __typename }`, nil); len(r.Errors) > 0 {
		t.Errorf("__typename: %+v", r.Errors)
	}
	if code, _ := get(t, srv.URL+"/metrics", ""); code != http.StatusNotFound {
		t.Errorf("/metrics without MZ_METRICS_TOKEN in production: %d", code)
	}
	query := `{ publicDonations(first: 1) { id } }`
	sum := sha256.Sum256([]byte(query))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}
	for i, body := range []map[string]any{{"query": query, "extensions": ext}, {"extensions": ext}} {
		b, _ := json.Marshal(body)
		res, err := http.Post(srv.URL+"/graphql", "application/json", bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		var out apptest.Response
		_ = json.NewDecoder(res.Body).Decode(&out)
		res.Body.Close()
		if i == 1 && (len(out.Errors) == 0 || string(out.Data) != "" && string(out.Data) != "null") {
			t.Errorf("a persisted query a stranger sent: %s", out.Data)
		}
	}
}

// TestRequestLogNamesTheViewer reads the request's own log line, as the server writes
// it: it names the account whose token came with the request.
func TestRequestLogNamesTheViewer(t *testing.T) {
	s := apptest.Start(t, apptest.Databases()[0])
	bureau := s.As(t, "bureau")
	var mu sync.Mutex
	var buf bytes.Buffer
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(app.ContextHandler{Handler: slog.NewJSONHandler(&lockedWriter{mu: &mu, w: &buf}, nil)}))
	var who struct{ Viewer struct{ ID string } }
	bureau.MustDo(`query Who { viewer { id } }`, nil, &who)
	slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	mu.Lock()
	defer mu.Unlock()
	var id int
	for line := range strings.SplitSeq(buf.String(), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) == nil && rec["msg"] == "request" && rec["operation"] == "Who" {
			n, _ := rec["viewer_id"].(float64)
			id = int(n)
		}
	}
	if id == 0 || fmt.Sprint(id) != who.Viewer.ID {
		t.Errorf("the request's log line names viewer %d, the token's account is %s:\n%s", id, who.Viewer.ID, buf.String())
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}
