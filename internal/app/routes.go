package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql/playground"

	"mzdesk/frontend"
	"mzdesk/internal/audit"
)

func (a *App) routes() http.Handler {
	mux := http.NewServeMux()
	// The body is read before the request takes one of the endpoint's places: a client
	// that sends its body a byte a second holds a goroutine, not a place, and only until
	// bodyWait.
	places := admitted(a.DB)
	slog.Info("graphql requests run at once", "places", places, "database_on_this_host", a.DB.OnThisHost)
	api := limitBody(admit(places, admitWait, a.authenticated(withTimeout(answer(a.graphQL())))))
	mux.Handle("/graphql", a.observe("graphql", api))
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
	switch first, err := newShell(frontend.Dist(), a.safelist, api); {
	case err != nil:
		slog.Error("the login page, QR landings and public pages are served unpainted", "err", err)
	case first != nil:
		mux.Handle("GET /login", a.observe("spa", first.login(site)))
		mux.Handle("GET /scan/{id}", a.observe("spa", first.landing(site)))
		mux.Handle("GET /allocations/{id}", a.observe("spa", first.landing(site)))
		mux.Handle("GET /public", a.observe("spa", first.public(site)))
		mux.Handle("GET /public/donations/{id}", a.observe("spa", first.trail(site)))
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
