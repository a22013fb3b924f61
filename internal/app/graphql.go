package app

import (
	"bytes"
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"mzdesk/graph"
	"mzdesk/internal/audit"
	"mzdesk/internal/ledger"
)

// The GraphQL endpoint: gqlgen with its limits, one transaction per mutation, and the
// request body read under its own deadline.

// maxBody caps a GraphQL request; a photo of a signed slip goes elsewhere.
const maxBody = 1 << 20

// requestTimeout bounds one GraphQL request: the database calls it makes end with it.
const requestTimeout = 20 * time.Second

func (a *App) graphQL() http.Handler {
	srv := handler.New(graph.NewSchema(a.Client, a.Accounts, a.certificateKey(), a.Watch))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(postJSON{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.SetParserTokenLimit(graph.DefaultLimits.MaxTokens)
	if a.Config.Production() {
		// Strangers learn nothing of the schema: no introspection, no "Did you mean"
		// naming fields they guessed near, and no persisted-query cache they could fill
		// or evict: only the SPA's own documents, listed at build time, run by hash.
		srv.SetDisableSuggestion(true)
		srv.Use(graph.NoIntrospection{})
		srv.Use(safelist{queries: a.safelist})
	} else {
		srv.Use(extension.Introspection{})
		srv.Use(safelist{queries: a.safelist, passOthers: true})
		srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	}
	srv.Use(graph.DefaultLimits)
	srv.Use(graph.OneLogin{})
	srv.Use(graph.Loaders{})
	srv.Use(retryConflicts{retries: a.metrics.retries})
	srv.Use(operations{m: a.metrics, names: &boundedNames{seen: map[string]bool{}}})
	srv.Use(txPerMutation{entgql.Transactioner{TxOpener: entgql.TxOpenerFunc(func(ctx context.Context) (context.Context, driver.Tx, error) {
		return audit.OpenTx(ctx, a.Client)
	})}})
	srv.SetErrorPresenter(graph.ErrorPresenter)
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		return graph.Panic(ctx, p)
	})
	if series := a.Config.ReceiptSeries; series != "" {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			srv.ServeHTTP(w, r.WithContext(ledger.WithReceiptSeries(r.Context(), series)))
		})
	}
	return srv
}

// txPerMutation runs each mutation in one transaction. It passes over requests that
// failed before an operation existed (a body too large), where entgql's Transactioner
// would panic, and a lone login, which checks a password (slow on purpose) and must not
// hold SQLite's write lock meanwhile; it writes in a short transaction of its own.
//
// When the transaction cannot begin or commit (MySQL went away), the Transactioner
// answers with the driver's words and no extensions.code; the error presenter words
// and codes that error here instead, UNAVAILABLE for a database out of reach.
type txPerMutation struct{ entgql.Transactioner }

func (t txPerMutation) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) || onlyLogin(graphql.GetOperationContext(ctx)) {
		return next(ctx)
	}
	var failed error
	inner := t.Transactioner
	inner.TxOpener = entgql.TxOpenerFunc(func(ctx context.Context) (context.Context, driver.Tx, error) {
		ctx, tx, err := t.OpenTx(ctx)
		if err != nil {
			failed = fmt.Errorf("beginning the mutation's transaction: %w", err)
			return ctx, nil, err
		}
		return ctx, committer{Tx: tx, failed: &failed}, nil
	})
	res := inner.InterceptResponse(ctx, next)
	if failed != nil {
		graphql.AddError(ctx, failed)
		return &graphql.Response{Errors: graphql.GetErrors(ctx)}
	}
	return res
}

// committer keeps the error of a failed commit for txPerMutation to present.
type committer struct {
	driver.Tx
	failed *error
}

func (c committer) Commit() error {
	err := c.Tx.Commit()
	if err != nil {
		*c.failed = fmt.Errorf("committing the mutation's transaction: %w", err)
	}
	return err
}

func onlyLogin(oc *graphql.OperationContext) bool {
	op := oc.Operation
	if op == nil || op.Operation != ast.Mutation || len(op.SelectionSet) == 0 {
		return false
	}
	for _, sel := range op.SelectionSet {
		if f, ok := sel.(*ast.Field); !ok || f.Name != "login" {
			return false
		}
	}
	return true
}

// bodyWait is how long a client has to send its request body: a phone on a poor line
// sends a GraphQL request of a few KB well within it.
const bodyWait = 10 * time.Second

// limitBody reads the request body whole, before GraphQL or the admission limit sees the
// request: it answers 413 to a body over maxBody and 408 to one not sent within bodyWait.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		_ = rc.SetReadDeadline(time.Now().Add(bodyWait))
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		_ = rc.SetReadDeadline(time.Time{})
		var tooLarge *http.MaxBytesError
		if err != nil {
			// The rest of the body is not wanted: without Connection: close, net/http
			// reads up to 256 KB of it before answering, with no deadline, and a client
			// sending a byte a second holds the connection for as long as it likes.
			w.Header().Set("Connection", "close")
		}
		switch {
		case errors.As(err, &tooLarge):
			requestError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the request is larger than %d bytes", maxBody))
			return
		case errors.Is(err, os.ErrDeadlineExceeded):
			requestError(w, http.StatusRequestTimeout, "the request body did not arrive in time")
			return
		case err != nil:
			requestError(w, http.StatusBadRequest, "the request body could not be read")
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}
