package app

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"mzdesk/graph"
	"mzdesk/internal/database"
)

// answer is the one place where a GraphQL answer becomes an HTTP response. gqlgen writes
// each answer whole, after the operation has run; answer holds it and sends it with
//   - the status its errors call for: 503 when the database was out of reach (an
//     UNAVAILABLE error), so that phones' queues, proxies and monitors see a failure to
//     retry later, not an answer;
//   - what the GraphQL over HTTP specification asks of request errors (the document did
//     not parse or validate, the body was not JSON), SHOULDs included: with
//     application/json such an error is answered 200, not 422; a mutation sent with GET is
//     405 with Allow: POST, not 406; a 4xx answer has no "data" entry and each of its
//     errors carries extensions.code, BAD_USER_INPUT when gqlgen gave none;
//   - its Content-Length, since it is whole;
//   - for a GET answered 200 (the public pages' persisted queries), an ETag of the body:
//     a request whose If-None-Match names it is answered 304 without one. The ETag is
//     the answer's own digest, so any write that changes the answer changes it; an
//     answer to a token is marked private, for no shared cache to keep.
//
// Errors answered before GraphQL runs (admit, limitBody, the authentication middleware)
// are written by requestErrorCode in the same shape.
func answer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		held := &heldAnswer{header: w.Header()}
		next.ServeHTTP(held, r)
		status, body := held.status, held.body.Bytes()
		if status == 0 {
			status = http.StatusOK
		}
		h := w.Header()
		switch {
		case status == http.StatusNotAcceptable && r.Method == http.MethodGet:
			status = http.StatusMethodNotAllowed // gqlgen's answer to a mutation over GET
			h.Set("Allow", "POST")
		case status == http.StatusUnprocessableEntity && strings.HasPrefix(h.Get("Content-Type"), "application/json"):
			status = http.StatusOK
		case status == http.StatusOK && unavailable(r):
			status = http.StatusServiceUnavailable
		}
		if status >= 400 {
			body = mendRequestErrors(body)
		}
		if status == http.StatusOK && r.Method == http.MethodGet {
			sum := sha256.Sum256(body)
			tag := `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
			h.Set("ETag", tag)
			// Revalidate every time: an answer may change with the next write.
			if r.Header.Get("Authorization") != "" {
				h.Set("Cache-Control", "private, no-cache")
			} else {
				h.Set("Cache-Control", "no-cache")
			}
			if matches(r.Header.Get("If-None-Match"), tag) {
				h.Del("Content-Type")
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		_, _ = w.Write(body)
	})
}

// unavailable says whether the request's GraphQL answer carries an UNAVAILABLE error.
func unavailable(r *http.Request) bool {
	req := requestOf(r.Context())
	return req != nil && req.unavailable
}

// mendRequestErrors drops "data" from a request error's answer (gqlgen writes "data":
// null there) and gives each error a code.
func mendRequestErrors(body []byte) []byte {
	var answer map[string]any
	if err := json.Unmarshal(body, &answer); err != nil {
		return body
	}
	delete(answer, "data")
	errs, _ := answer["errors"].([]any)
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
	mended, err := json.Marshal(answer)
	if err != nil {
		return body
	}
	return append(mended, '\n')
}

// matches says whether an If-None-Match header names tag (weakly, as RFC 9110 has
// If-None-Match compare), or is "*".
func matches(ifNoneMatch, tag string) bool {
	for _, t := range strings.Split(ifNoneMatch, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == tag || t == "*" {
			return true
		}
	}
	return false
}

// heldAnswer keeps gqlgen's status and body for answer to send.
type heldAnswer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (a *heldAnswer) Header() http.Header { return a.header }

func (a *heldAnswer) WriteHeader(status int) {
	if a.status == 0 {
		a.status = status
	}
}

func (a *heldAnswer) Write(b []byte) (int, error) {
	if a.status == 0 {
		a.status = http.StatusOK
	}
	return a.body.Write(b)
}

// requestError answers bad input that never reached GraphQL, in GraphQL's error shape.
func requestError(w http.ResponseWriter, status int, msg string) {
	requestErrorCode(w, status, graph.CodeBadUserInput, msg)
}

// storeFailed answers an unexpected error of a route outside GraphQL in GraphQL's error
// shape: UNAVAILABLE with a 503 when the database is out of reach, for the client to try
// again later, INTERNAL with a 500 otherwise; the log gets the cause.
func storeFailed(w http.ResponseWriter, r *http.Request, what string, err error) {
	if database.Unavailable(err) {
		slog.WarnContext(r.Context(), what+": database unavailable", "err", err)
		requestErrorCode(w, http.StatusServiceUnavailable, graph.CodeUnavailable, database.UnavailableMessage)
		return
	}
	slog.ErrorContext(r.Context(), what, "err", err)
	requestErrorCode(w, http.StatusInternalServerError, graph.CodeInternal, "internal error; it has been logged")
}

func requestErrorCode(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]any{
		{"message": msg, "extensions": map[string]any{"code": code}},
	}})
}
