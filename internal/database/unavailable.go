package database

import (
	"context"
	"database/sql/driver"
	"errors"
	"net"
	"syscall"

	"github.com/go-sql-driver/mysql"
)

// MySQL's error numbers for a server that cannot take a statement now: too many
// connections, shutting down, or it cut this connection off.
const (
	erConCount         = 1040
	erServerShutdown   = 1053
	erConnectionKilled = 1927
)

// UnavailableMessage is what the API tells a client when Unavailable(err): in words for
// people, without the driver's, which name the database's address.
const UnavailableMessage = "the database cannot be reached just now; please try again shortly"

// Unavailable says whether err means that the database could not be reached or went away
// while mzdesk talked to it — a connection refused, dropped or cut off by a server that
// stops, no connection free before the request's time ran out — rather than that the
// request was wrong. Tried again later, such a request may well succeed: the API answers
// it UNAVAILABLE with a 503, which phones' queues retry, instead of INTERNAL.
//
// A Galera node that has left the cluster's primary component, or is still catching up
// after a restart, answers every statement with error 1047 until it is synced: that
// node is out of reach for writing, and so is the database through it.
//
// database/sql hands over driver.ErrBadConn once its own retries are spent;
// go-sql-driver says mysql.ErrInvalidConn when a connection dies mid-statement, and
// returns a *net.OpError when it cannot dial (ECONNREFUSED while MySQL restarts).
func Unavailable(err error) bool {
	var (
		netErr *net.OpError
		myErr  *mysql.MySQLError
	)
	switch {
	case err == nil:
		return false
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, mysql.ErrInvalidConn),
		errors.Is(err, syscall.ECONNREFUSED), errors.As(err, &netErr),
		errors.Is(err, context.DeadlineExceeded):
		return true
	case errors.As(err, &myErr):
		return myErr.Number == erConCount || myErr.Number == erServerShutdown || myErr.Number == erConnectionKilled ||
			myErr.Number == erUnknownCom
	}
	return false
}
