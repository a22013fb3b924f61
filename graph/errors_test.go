package graph_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/go-sql-driver/mysql"

	"mzdesk/graph"
)

// TestPresenterDatabaseAway gives errors of a database out of reach the code phones
// retry on, in words for people; a plain bug stays INTERNAL.
func TestPresenterDatabaseAway(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	for err, want := range map[error]string{
		fmt.Errorf("ent: starting a transaction: %w", refused): graph.CodeUnavailable,
		fmt.Errorf("ent: query: %w", mysql.ErrInvalidConn):     graph.CodeUnavailable,
		errors.New("assignment to entry in nil map"):           graph.CodeInternal,
	} {
		got := graph.ErrorPresenter(context.Background(), err)
		if got.Extensions["code"] != want || strings.Contains(got.Message, "tcp") || strings.Contains(got.Message, "connection") {
			t.Errorf("%v: %q coded %v, want %s without the driver's words", err, got.Message, got.Extensions["code"], want)
		}
	}
}

// TestPresenterClientGone: an error caused by the client hanging up is its own outcome,
// whatever the driver made of the cancelled context — never INTERNAL, never UNAVAILABLE.
func TestPresenterClientGone(t *testing.T) {
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	for _, c := range []struct {
		ctx context.Context
		err error
	}{
		{gone, fmt.Errorf("ent: query: %w", mysql.ErrInvalidConn)},
		{gone, errors.New("sql: statement is closed")},
		{context.Background(), fmt.Errorf("ent: query: %w", context.Canceled)},
	} {
		if got := graph.ErrorPresenter(c.ctx, c.err); got.Extensions["code"] != graph.CodeClientGone {
			t.Errorf("%v: coded %v, want %s", c.err, got.Extensions["code"], graph.CodeClientGone)
		}
	}
}
