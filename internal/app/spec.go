package app

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

	"mzdesk/graph"
)

// noDataOnRequestErrors mends gqlgen's answers to request errors (the document did not
// parse or validate, the body was not JSON) into what the GraphQL over HTTP
// specification asks, SHOULDs included:
//   - with application/json, such an error is answered 200, not 422;
//   - a mutation sent with GET is 405 with Allow: POST, not 406;
//   - a 4xx answer has no "data" entry (the executor writes "data": null there), and
//     each of its errors carries extensions.code BAD_USER_INPUT, as every error does.
func noDataOnRequestErrors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cw := &catchErrors{ResponseWriter: w, method: r.Method}
		next.ServeHTTP(cw, r)
		if cw.status < 400 {
			return
		}
		var body map[string]any
		if err := json.Unmarshal(cw.buf.Bytes(), &body); err != nil {
			_, _ = w.Write(cw.buf.Bytes())
			return
		}
		delete(body, "data")
		errs, _ := body["errors"].([]any)
		for _, e := range errs {
			if e, ok := e.(map[string]any); ok {
				ext, _ := e["extensions"].(map[string]any)
				if ext == nil {
					ext = map[string]any{}
					e["extensions"] = ext
				}
				if ext["code"] == nil {
					ext["code"] = graph.CodeBadUserInput
				}
			}
		}
		_ = json.NewEncoder(w).Encode(body)
	})
}

// catchErrors passes a response through, except one with an error status, which it
// holds back for noDataOnRequestErrors to mend.
type catchErrors struct {
	http.ResponseWriter
	method string
	status int
	buf    bytes.Buffer
}

func (c *catchErrors) WriteHeader(status int) {
	h := c.ResponseWriter.Header()
	switch {
	case status == http.StatusNotAcceptable && c.method == http.MethodGet:
		status = http.StatusMethodNotAllowed // gqlgen's answer to a mutation over GET
		h.Set("Allow", "POST")
	case status == http.StatusUnprocessableEntity && strings.HasPrefix(h.Get("Content-Type"), "application/json"):
		status = http.StatusOK
	}
	c.status = status
	if status >= 400 {
		h.Del("Content-Length")
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
