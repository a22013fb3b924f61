package app

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"mzdesk/internal/database"
)

// TestObserveClientGone: a request whose client hangs up before the answer is counted
// and logged as 499, not as the 200 or 503 the handler went on to write for nobody.
func TestObserveClientGone(t *testing.T) {
	db, err := database.Open("sqlite:" + filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a := &App{DB: db}
	a.metrics = newMetrics(a)
	h := a.observe("graphql", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	ctx, hangUp := context.WithCancel(context.Background())
	hangUp()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequestWithContext(ctx, http.MethodPost, "/graphql", nil))
	series := httptest.NewRecorder()
	a.metrics.handler().ServeHTTP(series, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if !strings.Contains(series.Body.String(), `mzdesk_http_requests_total{route="graphql",status="499"} 1`) ||
		strings.Contains(series.Body.String(), `status="503"`) {
		t.Errorf("want one request counted 499 and none 503:\n%s", series.Body)
	}
}
