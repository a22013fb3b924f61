package app

import (
	"bytes"
	"compress/gzip"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
)

// minCompress is the size below which an answer goes out as it is: a gzip header and
// trailer cost about 20 bytes, and the smallest answers gain nothing on a slow link.
const minCompress = 1024

// precompressed lists the encodings the SPA build writes beside each file (name.br,
// name.gz, by frontend/scripts/compress.js), best first.
var precompressed = []struct{ encoding, suffix string }{
	{"br", ".br"},
	{"gzip", ".gz"},
}

// accepts tells whether an Accept-Encoding header allows the encoding (a q of 0 refuses it).
func accepts(header, encoding string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), encoding) && strings.TrimSpace(name) != "*" {
			continue
		}
		q := strings.TrimSpace(params)
		if v, ok := strings.CutPrefix(q, "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil && f == 0 {
				return false
			}
		}
		return true
	}
	return false
}

// servePrecompressed answers with name's compressed twin from the build when the client
// accepts its encoding, and tells whether it did. The phone then gets the Brotli file the
// build made once at its best level, and the server spends no time compressing.
func servePrecompressed(w http.ResponseWriter, r *http.Request, dist fs.FS, name string) bool {
	w.Header().Add("Vary", "Accept-Encoding")
	header := r.Header.Get("Accept-Encoding")
	for _, p := range precompressed {
		if !accepts(header, p.encoding) {
			continue
		}
		f, err := dist.Open(name + p.suffix)
		if err != nil {
			continue
		}
		st, err := f.Stat()
		if err != nil || st.IsDir() {
			_ = f.Close()
			continue
		}
		ctype := mime.TypeByExtension(path.Ext(name))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Encoding", p.encoding)
		http.ServeContent(w, r, name, st.ModTime(), f.(readSeeker))
		_ = f.Close()
		return true
	}
	return false
}

// readSeeker is what embedded files are, and what http.ServeContent needs.
type readSeeker interface {
	Read([]byte) (int, error)
	Seek(int64, int) (int64, error)
}

// compressible are the answers worth compressing on the fly: GraphQL's JSON, CSV exports
// and the server's own pages. Pictures, PDFs and spreadsheets are compressed already.
func compressible(contentType string) bool {
	ct := mediaType(contentType)
	return strings.HasPrefix(ct, "text/") || ct == "application/json" ||
		ct == "application/graphql-response+json" || ct == "application/javascript" ||
		ct == "image/svg+xml"
}

// mediaType is a Content-Type without its parameters, in lower case.
func mediaType(contentType string) string {
	ct, _, _ := strings.Cut(contentType, ";")
	return strings.TrimSpace(strings.ToLower(ct))
}

// gzipWriters are the compressors, pooled by level. GraphQL's answers, compressed anew on
// every request, go out at gzip's fastest level; pages and exports keep the default. At
// the default level every answer begins by clearing 640 KiB of match tables; the fastest
// keeps none. A donation's 128 allocations (19 KB of JSON) took 55 µs at the fastest level
// against 149 µs, and came to 1,087 bytes against 1,005: one packet either way.
var gzipWriters = map[int]*sync.Pool{gzip.BestSpeed: gzipPool(gzip.BestSpeed), gzip.DefaultCompression: gzipPool(gzip.DefaultCompression)}

func gzipPool(level int) *sync.Pool {
	return &sync.Pool{New: func() any {
		zw, _ := gzip.NewWriterLevel(nil, level)
		return zw
	}}
}

// gzipLevel is the level an answer of contentType is compressed at (gzipWriters).
func gzipLevel(contentType string) int {
	switch mediaType(contentType) {
	case "application/json", "application/graphql-response+json":
		return gzip.BestSpeed
	}
	return gzip.DefaultCompression
}

// compress gzips the answers of next that are worth it (see compressible, minCompress)
// for clients that accept gzip. An answer that already has an encoding (the SPA's
// precompressed files) or a range passes untouched.
func compress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !accepts(r.Header.Get("Accept-Encoding"), "gzip") || r.Method == http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		gw := &gzipWriter{ResponseWriter: w}
		defer gw.finish()
		next.ServeHTTP(gw, r)
	})
}

// gzipWriter holds back the first minCompress bytes of an answer to decide whether to
// compress it, then either streams it through gzip or writes it as it came.
type gzipWriter struct {
	http.ResponseWriter
	status  int
	decided bool
	zw      *gzip.Writer
	level   int // zw's, for its pool
	buf     bytes.Buffer
}

func (g *gzipWriter) WriteHeader(status int) {
	if g.status == 0 {
		g.status = status
	}
	// An answer without a body is passed on at once: nothing to decide.
	if status == http.StatusNoContent || status == http.StatusNotModified || status < 200 {
		g.decided = true
		g.ResponseWriter.WriteHeader(status)
	}
}

func (g *gzipWriter) Write(b []byte) (int, error) {
	if g.status == 0 {
		g.status = http.StatusOK
	}
	if g.decided {
		if g.zw != nil {
			return g.zw.Write(b)
		}
		return g.ResponseWriter.Write(b)
	}
	h := g.Header()
	if h.Get("Content-Encoding") != "" || h.Get("Content-Range") != "" || !compressible(h.Get("Content-Type")) {
		g.start(false)
		return g.ResponseWriter.Write(b)
	}
	if n, err := strconv.Atoi(h.Get("Content-Length")); err == nil && n < minCompress {
		g.start(false)
		return g.ResponseWriter.Write(b)
	}
	g.buf.Write(b)
	if g.buf.Len() >= minCompress {
		g.start(true)
		if err := g.flushBuffer(); err != nil {
			return 0, err
		}
	}
	return len(b), nil
}

// start sends the status line and headers, marked as gzip or not.
func (g *gzipWriter) start(zip bool) {
	g.decided = true
	if zip {
		h := g.Header()
		h.Del("Content-Length")
		h.Set("Content-Encoding", "gzip")
	}
	if vary := g.Header().Values("Vary"); compressible(g.Header().Get("Content-Type")) && !strings.Contains(strings.Join(vary, ","), "Accept-Encoding") {
		g.Header().Add("Vary", "Accept-Encoding")
	}
	if zip {
		g.level = gzipLevel(g.Header().Get("Content-Type"))
		g.zw = gzipWriters[g.level].Get().(*gzip.Writer)
		g.zw.Reset(g.ResponseWriter)
	}
	g.ResponseWriter.WriteHeader(g.status)
}

func (g *gzipWriter) flushBuffer() error {
	var err error
	if g.zw != nil {
		_, err = g.zw.Write(g.buf.Bytes())
	} else {
		_, err = g.ResponseWriter.Write(g.buf.Bytes()) //nolint:gosec // the handler's own answer, only held back to choose its encoding
	}
	g.buf.Reset()
	return err
}

// finish writes what was held back (a short answer, uncompressed) and closes the gzip stream.
func (g *gzipWriter) finish() {
	if !g.decided {
		if g.status == 0 {
			return // nothing was written: the server sends its default 200 itself
		}
		g.start(false)
		_ = g.flushBuffer()
		return
	}
	if g.zw != nil {
		_ = g.zw.Close()
		gzipWriters[g.level].Put(g.zw)
		g.zw = nil
	}
}

// Unwrap lets http.ResponseController reach the connection underneath.
func (g *gzipWriter) Unwrap() http.ResponseWriter { return g.ResponseWriter }
