package app

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// noDataOnRequestErrors drops the "data" entry from request errors (a 4xx answer: the
// document did not parse or validate), as the GraphQL over HTTP specification asks; the
// executor writes "data": null there.
func noDataOnRequestErrors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &catchErrors{ResponseWriter: w}
		next.ServeHTTP(cw, r)
		if cw.status < 400 {
			return
		}
		var body map[string]json.RawMessage
		if err := json.Unmarshal(cw.buf.Bytes(), &body); err != nil {
			_, _ = w.Write(cw.buf.Bytes())
			return
		}
		delete(body, "data")
		_ = json.NewEncoder(w).Encode(body)
	})
}

// catchErrors passes a response through, except one with an error status, which it
// holds back for noDataOnRequestErrors to mend.
type catchErrors struct {
	http.ResponseWriter
	status int
	buf    bytes.Buffer
}

func (c *catchErrors) WriteHeader(status int) {
	c.status = status
	if status >= 400 {
		c.ResponseWriter.Header().Del("Content-Length")
	}
	c.ResponseWriter.WriteHeader(status)
}

func (c *catchErrors) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.WriteHeader(http.StatusOK)
	}
	if c.status >= 400 {
		return c.buf.Write(b)
	}
	return c.ResponseWriter.Write(b)
}
