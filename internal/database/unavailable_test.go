package database_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"os"
	"syscall"
	"testing"

	"github.com/go-sql-driver/mysql"

	"mzdesk/internal/database"
)

// TestUnavailable sorts errors into "the database is out of reach, try again" and the
// rest, which must keep their own codes (or be INTERNAL).
func TestUnavailable(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	for name, c := range map[string]struct {
		err  error
		want bool
	}{
		"no error":                  {nil, false},
		"pool out of retries":       {fmt.Errorf("ent: starting a transaction: %w", driver.ErrBadConn), true},
		"connection died mid-query": {fmt.Errorf("ent: query: %w", mysql.ErrInvalidConn), true},
		"connection refused":        {fmt.Errorf("ent: starting a transaction: %w", refused), true},
		"bare ECONNREFUSED":         {syscall.ECONNREFUSED, true},
		"no connection in time":     {fmt.Errorf("sql: %w", context.DeadlineExceeded), true},
		"server shutting down":      {&mysql.MySQLError{Number: 1053, Message: "Server shutdown in progress"}, true},
		"connection killed":         {&mysql.MySQLError{Number: 1927, Message: "Connection was killed"}, true},
		"too many connections":      {&mysql.MySQLError{Number: 1040, Message: "Too many connections"}, true},
		"duplicate key":             {&mysql.MySQLError{Number: 1062, Message: "Duplicate entry"}, false},
		"no rows":                   {sql.ErrNoRows, false},
		"client went away":          {context.Canceled, false},
		"a plain bug":               {errors.New("nil map"), false},
	} {
		if got := database.Unavailable(c.err); got != c.want {
			t.Errorf("%s (%v): Unavailable = %v, want %v", name, c.err, got, c.want)
		}
	}
}

// TestUnavailableFromTheDriver asks the MySQL driver itself for a server that is not
// there: what it returns must count as unavailable.
func TestUnavailableFromTheDriver(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	db, err := sql.Open("mysql", "root@tcp("+addr+")/mzdesk")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, err = db.BeginTx(context.Background(), nil)
	if err == nil || !database.Unavailable(err) {
		t.Errorf("beginning a transaction on %s: %v, want an error that counts as unavailable", addr, err)
	}
}
