package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// TestPostAnswersAsGqlgen sends each kind of request through postJSON and through
// gqlgen's own POST transport, with every Accept header the two choose between, and
// requires the same status, type and answer: byte for byte, except where gqlgen's
// re-marshalling escapes <, > and & in the data (the same JSON value).
func TestPostAnswersAsGqlgen(t *testing.T) {
	accepts := []string{"", "application/json", "application/graphql-response+json", "*/*", "text/html",
		"application/graphql-response+json; charset=utf-8, application/json", "nonsense;;, application/*"}
	bodies := map[string]string{
		"data":               `{"query": "data"}`,
		"data with html":     `{"query": "html"}`,
		"data and errors":    `{"query": "errors"}`,
		"no data":            `{"query": "null"}`,
		"extensions":         `{"query": "extensions"}`,
		"invalid document":   `{"query": "invalid"}`,
		"refused variables":  `{"query": "refused", "variables": {"n": 12345678901234567890}}`,
		"body not JSON":      `{"query": `,
		"body of the wrong":  `[1, 2]`,
		"variables numbers":  `{"query": "echo", "variables": {"n": 12345678901234567890}}`,
		"operation selected": `{"query": "echo", "operationName": "Mine"}`,
	}
	for name, body := range bodies {
		for _, accept := range accepts {
			ours := postThrough(t, postJSON{}, body, accept, nil)
			theirs := postThrough(t, transport.POST{}, body, accept, nil)
			if ours.Code != theirs.Code || ours.Header().Get("Content-Type") != theirs.Header().Get("Content-Type") {
				t.Errorf("%s, Accept %q: %d %s, gqlgen %d %s", name, accept, ours.Code, ours.Header().Get("Content-Type"),
					theirs.Code, theirs.Header().Get("Content-Type"))
			}
			if name == "data with html" {
				var a, b any
				if json.Unmarshal(ours.Body.Bytes(), &a) != nil || json.Unmarshal(theirs.Body.Bytes(), &b) != nil || !reflect.DeepEqual(a, b) {
					t.Errorf("%s: %s, gqlgen %s", name, ours.Body, theirs.Body)
				}
			} else if !bytes.Equal(ours.Body.Bytes(), theirs.Body.Bytes()) {
				t.Errorf("%s, Accept %q: %s, gqlgen %s", name, accept, ours.Body, theirs.Body)
			}
		}
	}
	broken := errors.New("connection reset while reading the body")
	ours := postThrough(t, postJSON{}, "", "", broken)
	theirs := postThrough(t, transport.POST{}, "", "", broken)
	if ours.Code != theirs.Code || !bytes.Equal(ours.Body.Bytes(), theirs.Body.Bytes()) || !bytes.Contains(ours.Body.Bytes(), []byte("connection reset")) {
		t.Errorf("body unread: %d %s, gqlgen %d %s", ours.Code, ours.Body, theirs.Code, theirs.Body)
	}
}

func postThrough(t *testing.T, tr graphql.Transport, body, accept string, readErr error) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader([]byte(body)))
	if readErr != nil {
		r.Body = io.NopCloser(failedReader{readErr})
	}
	r.Header.Set("Content-Type", "application/json")
	if accept != "" {
		r.Header.Set("Accept", accept)
	}
	if !tr.Supports(r) {
		t.Fatalf("%T does not take a JSON POST", tr)
	}
	w := httptest.NewRecorder()
	tr.Do(w, r, cannedExecutor{})
	return w
}

// cannedExecutor answers each document, named by its query text, with a fixed answer of
// one kind.
type cannedExecutor struct{}

func (cannedExecutor) CreateOperationContext(_ context.Context, p *graphql.RawParams) (*graphql.OperationContext, gqlerror.List) {
	oc := &graphql.OperationContext{RawQuery: p.Query, Variables: p.Variables, OperationName: p.OperationName}
	switch p.Query {
	case "invalid":
		err := gqlerror.Errorf("Cannot query field \"x\" on type \"Query\".")
		errcode.Set(err, errcode.ValidationFailed)
		return oc, gqlerror.List{err}
	case "refused":
		return oc, gqlerror.List{gqlerror.Errorf("variable n is not an Int")}
	}
	return oc, nil
}

func (cannedExecutor) DispatchOperation(ctx context.Context, oc *graphql.OperationContext) (graphql.ResponseHandler, context.Context) {
	res := &graphql.Response{Data: json.RawMessage(`{"allocations":{"edges":[{"node":{"quantity":"25","status":"RECEIVED"}}]}}`)}
	switch oc.RawQuery {
	case "html":
		res.Data = json.RawMessage(`{"donor":"<b>A & B</b>"}`)
	case "errors":
		res.Errors = gqlerror.List{{Message: "not yours", Extensions: map[string]any{"code": "FORBIDDEN"}}}
	case "null":
		res.Data = nil
		res.Errors = gqlerror.List{{Message: "database unavailable"}}
	case "extensions":
		res.Extensions = map[string]any{"complexity": 12}
	case "echo":
		echo, _ := json.Marshal(map[string]any{"variables": oc.Variables, "operation": oc.OperationName})
		res.Data = echo
	}
	return graphql.OneShot(res), ctx
}

func (cannedExecutor) DispatchError(_ context.Context, list gqlerror.List) *graphql.Response {
	return &graphql.Response{Errors: list}
}
