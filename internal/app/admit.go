package app

import (
	"net/http"
	"time"

	"mzdesk/graph"
)

// The GraphQL endpoint's capacity: requests run at once, and how long one waits for a place.
const (
	maxInFlight = 64
	admitWait   = time.Second
)

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
