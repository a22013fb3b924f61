package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/transport"
)

// postJSON is gqlgen's POST transport with one change: an answer that is only data is
// written as {"data":…} around the bytes the executor already wrote, where gqlgen's own
// marshals the whole answer again and so copies and re-scans the data (json.Marshal
// compacts a json.RawMessage): about 4% of the server's CPU on a village's list of 20
// allocations (docs/bench/execution.md). Every other answer, and every request that is
// not read whole and decoded here, goes the way gqlgen's transport takes it;
// TestPostAnswersAsGqlgen compares the two on each kind of request.
type postJSON struct{ transport.POST }

func (t postJSON) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	start := graphql.Now()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		r.Body = io.NopCloser(failedReader{err})
		t.POST.Do(w, r, exec)
		return
	}
	var params graphql.RawParams
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber() // as gqlgen's: variables keep their numbers' text
	if err := dec.Decode(&params); err != nil {
		r.Body = io.NopCloser(bytes.NewReader(body)) // gqlgen words the error
		t.POST.Do(w, r, exec)
		return
	}
	graphQLResponse := acceptsGraphQLResponse(r)
	if graphQLResponse {
		w.Header().Set("Content-Type", "application/graphql-response+json")
	} else {
		w.Header().Set("Content-Type", "application/json")
	}
	ctx := r.Context()
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	rc, opErr := exec.CreateOperationContext(ctx, &params)
	if opErr != nil {
		switch {
		case errcode.GetErrorKind(opErr) != errcode.KindProtocol:
		case graphQLResponse:
			w.WriteHeader(http.StatusBadRequest)
		default:
			w.WriteHeader(http.StatusUnprocessableEntity)
		}
		writeAnswer(w, exec.DispatchError(graphql.WithOperationContext(ctx, rc), opErr))
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, rc)
	writeAnswer(w, responses(ctx))
}

// acceptsGraphQLResponse says which type gqlgen's POST answers with: its choice by the
// Accept header, application/json when none is given or any type will do.
func acceptsGraphQLResponse(r *http.Request) bool {
	accept := r.Header.Get("Accept")
	if accept == "" {
		return false
	}
	for part := range strings.SplitSeq(accept, ",") {
		mediaType, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mediaType {
		case "*/*", "application/*", "application/json":
			return false
		case "application/graphql-response+json":
			return true
		}
	}
	return true
}

// writeAnswer writes res as gqlgen's transports do, the data's own bytes when they are
// all there is.
func writeAnswer(w io.Writer, res *graphql.Response) {
	if res != nil && len(res.Data) > 0 && len(res.Errors) == 0 && res.Label == "" && res.Path == nil &&
		res.HasNext == nil && len(res.Extensions) == 0 {
		_, _ = io.WriteString(w, `{"data":`)
		_, _ = w.Write(res.Data)
		_, _ = io.WriteString(w, `}`)
		return
	}
	b, err := json.Marshal(res)
	if err != nil { // as gqlgen's: only an extension's value of ours could do this
		panic(fmt.Errorf("unable to marshal %s: %w", res.Data, err))
	}
	_, _ = w.Write(b)
}

// failedReader hands gqlgen's transport the error reading the body failed with.
type failedReader struct{ err error }

func (f failedReader) Read([]byte) (int, error) { return 0, f.err }
