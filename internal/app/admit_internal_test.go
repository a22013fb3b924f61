package app

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"mzdesk/internal/database"
)

// TestAdmitTurnsAwayPastCapacity holds the one place of a tiny endpoint: the next
// request waits its time and is turned away with 503 UNAVAILABLE and a Retry-After;
// once the place is free again, requests are served.
func TestAdmitTurnsAwayPastCapacity(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{}, 1)
	h := admit(1, 50*time.Millisecond, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("hold") != "" {
			entered <- struct{}{}
			<-release
		}
		w.WriteHeader(http.StatusOK)
	}))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/graphql?hold=1", nil))
	}()
	<-entered

	start := time.Now()
	busy := httptest.NewRecorder()
	h.ServeHTTP(busy, httptest.NewRequest(http.MethodPost, "/graphql", nil))
	var body struct {
		Errors []struct {
			Extensions struct{ Code string }
		}
	}
	_ = json.Unmarshal(busy.Body.Bytes(), &body)
	if busy.Code != http.StatusServiceUnavailable || len(body.Errors) != 1 || body.Errors[0].Extensions.Code != "UNAVAILABLE" ||
		busy.Header().Get("Retry-After") == "" {
		t.Errorf("past capacity: %d %s (Retry-After %q), want 503 UNAVAILABLE with a Retry-After", busy.Code, busy.Body, busy.Header().Get("Retry-After"))
	}
	if waited := time.Since(start); waited < 50*time.Millisecond {
		t.Errorf("turned away after %v, before its wait of 50ms", waited)
	}

	close(release)
	wg.Wait()
	served := httptest.NewRecorder()
	h.ServeHTTP(served, httptest.NewRequest(http.MethodPost, "/graphql", nil))
	if served.Code != http.StatusOK {
		t.Errorf("with the place free again: %d, want 200", served.Code)
	}
}

// TestAdmitsHalfThePool: the GraphQL endpoint admits at most half as many requests as the
// store's pool has connections, on every store, so that the requests in flight and the
// background work beside them never wait on each other for a connection; and at least
// one per core, so that every core has work. The pool keeps a connection open for every
// request admitted: when they all finish at once, none of their connections is closed, to
// be opened again (and on SQLite its schema parsed again) by the next request.
func TestAdmitsHalfThePool(t *testing.T) {
	specs := []string{"sqlite:" + filepath.Join(t.TempDir(), "pool.db")}
	if dsn := os.Getenv("MZ_TEST_MYSQL_DSN"); dsn != "" {
		specs = append(specs, "mysql:"+dsn)
	}
	for _, spec := range specs {
		db, err := database.Open(spec)
		if err != nil {
			t.Fatal(err)
		}
		pool := db.Stats().MaxOpenConnections
		n := admitted(db)
		if pool == 0 || n < min(runtime.GOMAXPROCS(0), pool/2) || 2*n > pool {
			t.Errorf("%s: %d requests admitted for a pool of %d connections", kindOf(spec), n, pool)
		}
		conns := make([]*sql.Conn, n)
		for i := range conns {
			if conns[i], err = db.Conn(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range conns {
			_ = c.Close()
		}
		if st := db.Stats(); st.Idle != n || st.MaxIdleClosed != 0 {
			t.Errorf("%s: after %d requests' connections came back, %d are kept and %d were closed; want all %d kept",
				kindOf(spec), n, st.Idle, st.MaxIdleClosed, n)
		}
		db.Close()
	}
}

func kindOf(spec string) string {
	kind, _, _ := strings.Cut(spec, ":")
	return kind
}
