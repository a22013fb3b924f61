package app

import (
	"bytes"
	"context"
	"crypto/subtle"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path"
	"strings"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/vektah/gqlparser/v2/ast"

	"mzdesk/frontend"
	"mzdesk/graph"
	"mzdesk/internal/audit"
	"mzdesk/internal/database"
	"mzdesk/internal/ledger"
)

// maxBody caps a GraphQL request; a photo of a signed slip goes elsewhere.
const maxBody = 1 << 20

// requestTimeout bounds one GraphQL request: the database calls it makes end with it.
const requestTimeout = 20 * time.Second

func (a *App) routes() http.Handler {
	mux := http.NewServeMux()
	// The body is read before the request takes one of the endpoint's places: a client
	// that sends its body a byte a second holds a goroutine, not a place, and only until
	// bodyWait.
	mux.Handle("/graphql", a.observe("graphql", limitBody(admit(admitted(a.DB.DB), admitWait, a.authenticated(withTimeout(answer(a.graphQL())))))))
	if !a.Config.Production() {
		mux.Handle("GET /playground", playground.Handler("mzdesk", "/graphql"))
	}
	mux.Handle("GET /metrics", a.metricsHandler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := a.DB.Ready(ctx); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		// The audit check's findings are detail for whoever looks, not a reason to take
		// the server out of rotation: an edited chain is evidence, and serving goes on.
		_, _ = fmt.Fprintf(w, "ok\n%s\n", auditLine(a.Watch.Status()))
	})
	a.papers(mux)
	a.uploads(mux)
	a.reliefSheets(mux)
	site := spa(frontend.Dist())
	switch first, err := newShell(a, frontend.Dist()); {
	case err != nil:
		slog.Error("the login page and QR landings are served unpainted", "err", err)
	case first != nil:
		mux.Handle("GET /login", a.observe("spa", first.login(site)))
		mux.Handle("GET /scan/{id}", a.observe("spa", first.landing(site)))
		mux.Handle("GET /allocations/{id}", a.observe("spa", first.landing(site)))
	}
	mux.Handle("/", a.observe("spa", site))
	return a.secure(compress(mux))
}

// auditLine says in one line how far the audit check got and whether the chain holds.
func auditLine(c audit.Check) string {
	if !c.OK {
		at := ""
		if c.FirstBrokenID != nil {
			at = fmt.Sprintf(" at event %d", *c.FirstBrokenID)
		}
		return fmt.Sprintf("audit: BROKEN%s: %s", at, c.Reason)
	}
	return fmt.Sprintf("audit: %d of %d sealed events checked, %d ledger row checks, the chain holds", c.Events, c.Head, c.Rows)
}

// withTimeout ends a request's work after requestTimeout.
func withTimeout(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), requestTimeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// metricsHandler serves Prometheus metrics, behind MZ_METRICS_TOKEN when one is set; in
// production without a token they are closed: they tell a stranger the server's load,
// its operations and its error rates.
func (a *App) metricsHandler() http.Handler {
	h := a.metrics.handler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		want := a.Config.MetricsToken
		if want == "" && a.Config.Production() {
			http.NotFound(w, r)
			return
		}
		if want != "" && subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("Bearer "+want)) != 1 {
			http.Error(w, "metrics need the token", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}

func (a *App) graphQL() http.Handler {
	srv := handler.New(graph.NewSchema(a.Client, a.Accounts, a.certificateKey(), a.Watch))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
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
