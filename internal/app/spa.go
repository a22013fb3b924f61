package app

import (
	"errors"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// The SPA: the embedded build, index.html for its routes.

// spa serves the built SPA: files that exist as they are — in the Brotli or gzip twin the
// build made when the client takes it, hashed assets cached for a year, the rest
// revalidated — and index.html for every other path, so that the SPA's
// history-mode routes survive a reload.
func spa(dist fs.FS) http.Handler {
	files := http.FileServerFS(dist)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name == "" || !fs.ValidPath(name) {
			name = "index.html"
		}
		if st, err := fs.Stat(dist, name); err != nil || st.IsDir() {
			if errors.Is(err, fs.ErrNotExist) && strings.HasPrefix(name, "assets/") {
				http.NotFound(w, r) // a stale hashed asset: a 404 is more honest than HTML
				return
			}
			name = "index.html"
		}
		if strings.HasPrefix(name, "assets/") {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		if servePrecompressed(w, r, dist, name) {
			return
		}
		if name == "index.html" {
			http.ServeFileFS(w, r, dist, "index.html")
			return
		}
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/" + name
		files.ServeHTTP(w, r2)
	})
}
