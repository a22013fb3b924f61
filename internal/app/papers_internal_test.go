package app

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"mzdesk/internal/database"
)

// TestPaperFailures: a sheet or certificate that cannot be read says whether trying
// again may help, and never blames the request for the database's trouble.
func TestPaperFailures(t *testing.T) {
	for err, want := range map[error]int{
		fmt.Errorf("loading: %w", driver.ErrBadConn): http.StatusServiceUnavailable,
		errors.New("unexpected column type"):         http.StatusInternalServerError,
	} {
		w := httptest.NewRecorder()
		failed(w, httptest.NewRequest(http.MethodGet, "/donations/1/sheet", nil), "a test paper", err)
		if w.Code != want {
			t.Errorf("%v: status %d, want %d", err, w.Code, want)
		}
		if body := w.Body.String(); want == http.StatusServiceUnavailable && !strings.Contains(body, database.UnavailableMessage) ||
			strings.Contains(body, err.Error()) {
			t.Errorf("%v: told the reader %q", err, body)
		}
	}
}
