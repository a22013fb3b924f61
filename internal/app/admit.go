package app

import (
	"database/sql"
	"net/http"
	"runtime"
	"time"

	"mzdesk/graph"
)

// admitWait is how long a GraphQL request waits for a place when the server is full.
const admitWait = time.Second

// admitted is how many GraphQL requests run at once: four per core, and at most half the
// database pool. A mutation holds one connection for its transaction, and everything it
// reads goes through that one; the other half is left for queries' reads beside it, the
// audit sealer and verifier, and the health checks, so the pool never runs dry under a
// full house. Four per core keep the cores busy while some requests wait on the
// database; more only share the cores thinner, so that every request in flight takes
// longer: on two cores, admitting 8 rather than 16 brought the slowest 1% of a village's
// lists on SQLite from 185 to 149 ms in two runs of make bench-peer on 2026-11-30.
func admitted(db *sql.DB) int {
	return max(1, min(db.Stats().MaxOpenConnections/2, 4*runtime.GOMAXPROCS(0)))
}

// Past its capacity a server that takes every request in serves none of them well: each
// waits behind all the others, memory grows with the queue, and the database pool's
// waits run into the request timeout. admit lets limit requests run at once; the next
// ones wait up to wait for a place and are then turned away with a 503 coded
// UNAVAILABLE, which phones' queues retry a moment later.
func admit(limit int, wait time.Duration, next http.Handler) http.Handler {
	places := make(chan struct{}, limit)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case places <- struct{}{}:
		default:
			timer := time.NewTimer(wait)
			defer timer.Stop()
			select {
			case places <- struct{}{}:
			case <-timer.C:
				w.Header().Set("Retry-After", "1")
				requestErrorCode(w, http.StatusServiceUnavailable, graph.CodeUnavailable, "the server is busy; please try again shortly")
				return
			case <-r.Context().Done():
				return // the client gave up
			}
		}
		defer func() { <-places }()
		next.ServeHTTP(w, r)
	})
}
