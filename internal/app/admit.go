package app

import (
	"database/sql"
	"net/http"
	"time"

	"mzdesk/graph"
)

// admitWait is how long a GraphQL request waits for a place when the server is full.
const admitWait = time.Second

// admitted is how many GraphQL requests run at once: half the database pool. A mutation
// holds one connection for its transaction, and everything it reads goes through that
// one; the other half is left for queries' reads beside it, the audit sealer and
// verifier, and the health checks, so the pool never runs dry under a full house.
func admitted(db *sql.DB) int { return max(1, db.Stats().MaxOpenConnections/2) }

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
