package app_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"mzdesk/frontend"
	"mzdesk/graph"
	"mzdesk/internal/app"
	"mzdesk/internal/apptest"
	"mzdesk/internal/config"
)

// persisted sends a persisted query: its hash, and the document too when query is not "".
func persisted(t *testing.T, base, hash, query string) *apptest.Response {
	t.Helper()
	body := map[string]any{"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}}
	if query != "" {
		body["query"] = query
	}
	b, _ := json.Marshal(body)
	res, err := http.Post(base+"/graphql", "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out := &apptest.Response{Status: res.StatusCode}
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		t.Fatal(err)
	}
	return out
}

func firstMessage(r *apptest.Response) string {
	if len(r.Errors) == 0 {
		return ""
	}
	return r.Errors[0].Message
}

// TestPersistedQuerySafelist: the build lists every document of the SPA by the SHA-256
// of its text, and each is a valid operation of the server's schema. In production a
// listed hash runs without its text; a hash outside the list is refused as
// PersistedQueryNotSupported, with or without its text, and sending it does not make it
// run later. In development a listed hash runs at once too, and the usual cache of
// automatic persisted queries takes the others.
func TestPersistedQuerySafelist(t *testing.T) {
	list := persistedQueries(t)
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	publicHash := ""
	for hash, query := range list {
		sum := sha256.Sum256([]byte(query))
		if hex.EncodeToString(sum[:]) != hash {
			t.Errorf("listed under %s, a document whose hash differs: %.60s", hash, query)
		}
		doc, errs := gqlparser.LoadQueryWithRules(schema, query, nil) // nil: the default rules
		if errs != nil {
			t.Errorf("a listed document does not validate: %v\n%s", errs, query)
			continue
		}
		if len(doc.Operations) == 1 && doc.Operations[0].Operation == ast.Query && len(doc.Operations[0].VariableDefinitions) == 0 &&
			strings.Contains(query, "publicDonations") {
			publicHash = hash
		}
	}
	if len(list) < 20 || publicHash == "" {
		t.Fatalf("the list holds %d documents, the public page's among them: %v", len(list), publicHash != "")
	}
	stranger := `{ publicDonations(first: 1) { id } }`
	sum := sha256.Sum256([]byte(stranger))
	strangerHash := hex.EncodeToString(sum[:])

	t.Run("production", func(t *testing.T) {
		a, err := app.New(context.Background(), config.Config{
			Env: "production", DB: apptest.Databases()[0].New(t),
			JWTSecret: []byte("a-production-secret-of-enough-length-0123456789"),
		})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(a.Handler)
		defer func() { srv.Close(); a.Close() }()
		if r := persisted(t, srv.URL, publicHash, ""); len(r.Errors) > 0 || string(r.Data) == "null" || len(r.Data) == 0 {
			t.Errorf("the SPA's public query by hash: %d %s %+v", r.Status, r.Data, r.Errors)
		}
		for i, query := range []string{"", stranger, ""} {
			r := persisted(t, srv.URL, strangerHash, query)
			if firstMessage(r) != "PersistedQueryNotSupported" || r.Code() != "BAD_USER_INPUT" || len(r.Data) > 0 && string(r.Data) != "null" {
				t.Errorf("an unlisted hash, call %d (text sent: %v): %d %s %+v", i+1, query != "", r.Status, r.Data, r.Errors)
			}
		}
		if r := apptest.PublicAt(t, srv.URL).Do(stranger, nil); len(r.Errors) > 0 {
			t.Errorf("the same document sent whole: %+v", r.Errors)
		}
	})
	t.Run("development", func(t *testing.T) {
		s := apptest.Start(t, apptest.Databases()[0])
		if r := persisted(t, s.URL, publicHash, ""); len(r.Errors) > 0 || len(r.Data) == 0 || string(r.Data) == "null" {
			t.Errorf("the SPA's public query by hash, at once: %d %s %+v", r.Status, r.Data, r.Errors)
		}
		if r := persisted(t, s.URL, strangerHash, ""); firstMessage(r) != "PersistedQueryNotFound" {
			t.Errorf("an unknown hash in development: %+v", r.Errors)
		}
		if r := persisted(t, s.URL, strangerHash, stranger); len(r.Errors) > 0 {
			t.Errorf("registering it: %+v", r.Errors)
		}
		if r := persisted(t, s.URL, strangerHash, ""); len(r.Errors) > 0 || len(r.Data) == 0 {
			t.Errorf("the registered hash: %+v", r.Errors)
		}
	})
}

// persistedQueries is the SPA build's list of its documents: SHA-256 of the text → text.
func persistedQueries(t *testing.T) map[string]string {
	t.Helper()
	raw, err := fs.ReadFile(frontend.Dist(), "persisted-queries.json")
	if err != nil {
		t.Fatalf("the SPA's build has no list of persisted queries (make frontend): %v", err)
	}
	var list map[string]string
	if err := json.Unmarshal(raw, &list); err != nil {
		t.Fatal(err)
	}
	return list
}
