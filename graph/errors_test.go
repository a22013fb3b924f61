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
