package app_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"strings"
	"testing"

	"mzdesk/frontend"
	"mzdesk/internal/apptest"
)

// fetchEncoded sends a GET with the given Accept-Encoding (none when empty) and returns the answer
// with its body as it came over the wire.
func fetchEncoded(t *testing.T, url, acceptEncoding string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	} else {
		// Setting the header stops Go's transport from asking for gzip itself.
		req.Header.Set("Accept-Encoding", "identity")
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
	return res, body
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("broken gzip: %v", err)
	}
	return out
}

// alreadyCompressed are formats that gain nothing from another layer of compression.
func alreadyCompressed(name string) bool {
	for _, ext := range []string{".br", ".gz", ".png", ".jpg", ".jpeg", ".webp", ".woff", ".woff2"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

// TestEveryAssetCompressed asks the real handler for every file embedded in the binary that
// is over 1 KB, as a phone would: Brotli to a client that takes Brotli, gzip (the same bytes
// once decoded) to one that takes only gzip, the plain file to one that takes neither, and
// always Vary: Accept-Encoding so a cache between them keeps the three apart. A build step
// that stops writing the twins, or a handler that stops serving them, fails here.
func TestEveryAssetCompressed(t *testing.T) {
	s := apptest.Start(t, apptest.Databases()[0])
	dist := frontend.Dist()
	checked := 0
	err := fs.WalkDir(dist, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || alreadyCompressed(name) {
			return err
		}
		raw, err := fs.ReadFile(dist, name)
		if err != nil || len(raw) <= 1024 {
			return err
		}
		checked++
		url := s.URL + "/" + name
		t.Run(name, func(t *testing.T) {
			res, body := fetchEncoded(t, url, "gzip, deflate, br, zstd")
			if enc := res.Header.Get("Content-Encoding"); enc != "br" || len(body) >= len(raw) {
				t.Errorf("to a Brotli client: Content-Encoding %q, %d bytes of %d", enc, len(body), len(raw))
			}
			if !strings.Contains(strings.Join(res.Header.Values("Vary"), ","), "Accept-Encoding") {
				t.Errorf("no Vary: Accept-Encoding: %q", res.Header.Values("Vary"))
			}
			if want := mimeOf(t, s.URL, name); res.Header.Get("Content-Type") != want {
				t.Errorf("Content-Type %q, want %q as for the plain file", res.Header.Get("Content-Type"), want)
			}
			res, body = fetchEncoded(t, url, "gzip")
			if enc := res.Header.Get("Content-Encoding"); enc != "gzip" {
				t.Fatalf("to a gzip client: Content-Encoding %q", enc)
			}
			if !bytes.Equal(gunzip(t, body), raw) {
				t.Error("the gzip twin is not the file")
			}
			res, body = fetchEncoded(t, url, "")
			if res.Header.Get("Content-Encoding") != "" || !bytes.Equal(body, raw) {
				t.Errorf("to a client taking no compression: Content-Encoding %q, %d bytes of %d", res.Header.Get("Content-Encoding"), len(body), len(raw))
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fs.Stat(dist, "assets"); err == nil && checked == 0 {
		t.Fatal("the SPA build is embedded but no file over 1 KB was found")
	}
	t.Logf("%d embedded files over 1 KB served compressed", checked)
}

// mimeOf is the Content-Type the server gives the plain file.
func mimeOf(t *testing.T, base, name string) string {
	t.Helper()
	res, _ := fetchEncoded(t, base+"/"+name, "")
	return res.Header.Get("Content-Type")
}

// TestGraphQLAnswersCompressed checks that a GraphQL answer worth compressing is gzipped,
// at gzip's fastest level, for a client that accepts it, and a small one (a gzip frame
// would only add bytes) is not.
func TestGraphQLAnswersCompressed(t *testing.T) {
	s := apptest.Start(t, apptest.Databases()[0])
	post := func(query, acceptEncoding string) (*http.Response, []byte) {
		body, _ := json.Marshal(map[string]any{"query": query})
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept-Encoding", acceptEncoding)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		out, _ := io.ReadAll(res.Body)
		return res, out
	}
	// The schema itself is a large answer, and needs no token (introspection is on outside production).
	const large = `{ __schema { types { name fields { name } } } }`
	res, body := post(large, "gzip, br")
	if res.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(res.Header.Get("Vary"), "Accept-Encoding") {
		t.Fatalf("a large answer: Content-Encoding %q, Vary %q", res.Header.Get("Content-Encoding"), res.Header.Get("Vary"))
	}
	var answer struct {
		Data   json.RawMessage
		Errors []any
	}
	plain := gunzip(t, body)
	if err := json.Unmarshal(plain, &answer); err != nil || len(answer.Errors) > 0 || len(plain) <= 1024 {
		t.Fatalf("a large answer decoded to %d bytes: %v %s", len(plain), err, plain)
	}
	// Compressed at gzip's fastest level (gzipWriters): the same bytes as that level makes.
	var fastest bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&fastest, gzip.BestSpeed)
	_, _ = zw.Write(plain)
	_ = zw.Close()
	if !bytes.Equal(body, fastest.Bytes()) {
		t.Errorf("a large answer: %d bytes of gzip, not what gzip's fastest level makes of it (%d bytes)", len(body), fastest.Len())
	}
	res, body = post(large, "identity")
	if res.Header.Get("Content-Encoding") != "" || !bytes.Equal(body, plain) {
		t.Errorf("to a client taking no compression: Content-Encoding %q", res.Header.Get("Content-Encoding"))
	}
	res, body = post(`{ __typename }`, "gzip")
	if res.Header.Get("Content-Encoding") != "" || !strings.Contains(string(body), "Query") {
		t.Errorf("a small answer: Content-Encoding %q, %s", res.Header.Get("Content-Encoding"), body)
	}
}
