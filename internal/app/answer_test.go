package app_test

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"mzdesk/internal/apptest"
)

// TestPublicAnswerRevalidated: the public page's GET answers carry an ETag of their body;
// asking again with it is a 304 without a body until a write changes the answer, and then
// the answer comes whole with a new ETag. Answers are sent with their length; a POST gets
// no ETag, and an answer to a token is marked private.
func TestPublicAnswerRevalidated(t *testing.T) {
	s := apptest.Start(t, apptest.Databases()[0])
	query := `{ publicDonations(first: 50) { id donor recipients confirmed lines { quantity } } }`
	get := func(tag, token string) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, s.URL+"/graphql?query="+url.QueryEscape(query), nil)
		if err != nil {
			t.Fatal(err)
		}
		if tag != "" {
			req.Header.Set("If-None-Match", tag)
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultTransport.RoundTrip(req) // no transparent gzip: the length is the body's
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

	first, body := get("", "")
	tag := first.Header.Get("ETag")
	if first.StatusCode != http.StatusOK || tag == "" || first.Header.Get("Cache-Control") != "no-cache" {
		t.Fatalf("first answer: %d, ETag %q, Cache-Control %q", first.StatusCode, tag, first.Header.Get("Cache-Control"))
	}
	if n, err := strconv.Atoi(first.Header.Get("Content-Length")); err != nil || n != len(body) {
		t.Errorf("Content-Length %q for a body of %d bytes", first.Header.Get("Content-Length"), len(body))
	}
	for _, asked := range []string{tag, "W/" + tag, `"other", ` + tag} {
		again, rest := get(asked, "")
		if again.StatusCode != http.StatusNotModified || rest != "" || again.Header.Get("ETag") != tag {
			t.Errorf("If-None-Match %s: %d with %d bytes and ETag %q, want 304 without a body", asked, again.StatusCode, len(rest), again.Header.Get("ETag"))
		}
	}

	// A write that changes the answer: a new donation on the public list.
	charity := s.As(t, "charity")
	d := record3t(t, charity, lookup(t, s))
	changed, body := get(tag, "")
	if changed.StatusCode != http.StatusOK || changed.Header.Get("ETag") == tag || !strings.Contains(body, `"`+d.CreateDonation.ID+`"`) {
		t.Errorf("after a new donation: %d, ETag %q (was %q), new donation listed: %v",
			changed.StatusCode, changed.Header.Get("ETag"), tag, strings.Contains(body, d.CreateDonation.ID))
	}

	// A write that leaves the answer as it was (a login writes a session) keeps the ETag.
	newTag := changed.Header.Get("ETag")
	s.As(t, "bureau")
	if same, _ := get(newTag, ""); same.StatusCode != http.StatusNotModified {
		t.Errorf("after a write the list does not show: %d, want 304", same.StatusCode)
	}

	if private, _ := get("", charity.Token); private.Header.Get("Cache-Control") != "private, no-cache" {
		t.Errorf("an answer to a token: Cache-Control %q, want private", private.Header.Get("Cache-Control"))
	}
	post, err := http.Post(s.URL+"/graphql", "application/json", strings.NewReader(`{"query": "{ publicDonations { id } }"}`))
	if err != nil {
		t.Fatal(err)
	}
	post.Body.Close()
	if post.StatusCode != http.StatusOK || post.Header.Get("ETag") != "" {
		t.Errorf("a POST answered %d with ETag %q", post.StatusCode, post.Header.Get("ETag"))
	}
}
