package app

import (
	"net/http"
	"runtime"
	"time"

	"mzdesk/graph"
	"mzdesk/internal/database"
)

// admitWait is how long a GraphQL request waits for a place when the server is full.
const admitWait = time.Second

// admitted is how many GraphQL requests run at once: at most half the database pool, so
// that the requests in flight and the work beside them (a mutation's transaction holds one
// connection, and the audit sealer, the verifier and the health checks need theirs) never
// wait on each other for a connection; within that, a few per core, as many as keep the
// cores busy. More only share the cores thinner, so that every request in flight takes
// longer and the slowest ones longest.
//   - A database on another machine: four per core. A request spends much of its time
//     waiting for the database's answers over the network, and the others use the cores
//     meanwhile.
//   - A database on this machine's cores (SQLite, which runs in the server's own
//     goroutines, or a MySQL on loopback): two per core. The database's work competes
//     with the requests' for the same cores, so more at once do not finish more of them
//     but wait longer for a core. make bench-peer's village list on SQLite: with four per
//     core the slowest 1% of answers took 77–107 ms, with two 52–66 ms, at the same
//     throughput; on a MariaDB on loopback, seven interleaved pairs of 8 s each, 35–76 ms
//     with two against 48–77 ms with four, lower in six of the pairs, and throughput
//     within the machine's noise (docs/bench/execution.md).
func admitted(db *database.DB) int {
	perCore := 4
	if db.OnThisHost {
		perCore = 2
	}
	return max(1, min(db.Stats().MaxOpenConnections/2, perCore*runtime.GOMAXPROCS(0)))
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
