package audit

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"slices"
	"sync"
	"syscall"
	"testing"

	"github.com/go-sql-driver/mysql"

	"mzdesk/internal/database"
)

// records keeps what is logged, as "LEVEL message".
type records struct {
	mu   sync.Mutex
	logs []string
}

func (r *records) Enabled(context.Context, slog.Level) bool { return true }
func (r *records) WithAttrs([]slog.Attr) slog.Handler       { return r }
func (r *records) WithGroup(string) slog.Handler            { return r }
func (r *records) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.logs = append(r.logs, rec.Level.String()+" "+rec.Message)
	return nil
}

func (r *records) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.logs
	r.logs = nil
	return out
}

// TestRoundLogLevels: what Galera and a node going down make the sealer's and the
// watch's rounds fail with (a certification conflict answered 1213, a lock wait that ran
// out, another node's sealer linking first, a node not synced answering 1047, a refused
// connection) is one warning until a round succeeds again, which is noted; any other
// failure is an error, each time.
func TestRoundLogLevels(t *testing.T) {
	rec := &records{}
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(rec))
	expected := map[string]error{
		"certification conflict": fmt.Errorf("audit head: %w", &mysql.MySQLError{Number: 1213, Message: "Deadlock found when trying to get lock; try restarting transaction"}),
		"lock wait timeout":      &mysql.MySQLError{Number: 1205, Message: "Lock wait timeout exceeded; try restarting transaction"},
		"linked by another node": fmt.Errorf("sealing audit events: 3 of 3 were linked by another sealer meanwhile: %w", database.ErrRaced),
		"node not synced":        &mysql.MySQLError{Number: 1047, Message: "WSREP has not yet prepared node for application use"},
		"node down":              &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED},
	}
	real := map[string]error{
		"a table missing":  &mysql.MySQLError{Number: 1146, Message: "Table 'mzdesk.audit_events' doesn't exist"},
		"a duplicate key":  &mysql.MySQLError{Number: 1062, Message: "Duplicate entry"},
		"anything unknown": errors.New("sealing audit events: something new"),
	}
	l := roundLog{what: "sealing the audit chain"}
	for name, err := range expected {
		l.after(err)
		l.after(err)
		l.after(nil)
		if got := rec.take(); !slices.Equal(got, []string{
			"WARN sealing the audit chain: the database is busy or out of reach; trying again each round",
			"INFO sealing the audit chain again",
		}) {
			t.Errorf("%s twice, then a round that sealed: %q", name, got)
		}
	}
	for name, err := range real {
		l.after(err)
		l.after(err)
		if got := rec.take(); !slices.Equal(got, []string{"ERROR sealing the audit chain", "ERROR sealing the audit chain"}) {
			t.Errorf("%s twice: %q", name, got)
		}
	}
	l.after(nil)
	if got := rec.take(); len(got) > 0 {
		t.Errorf("a round that sealed, after no expected failure: %q", got)
	}
}
