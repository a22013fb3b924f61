package database

import (
	"errors"

	"github.com/go-sql-driver/mysql"
	"modernc.org/sqlite"
)

// MySQL's error numbers for a transaction that lost to another one. On Galera a
// transaction that fails certification at commit, or is aborted by a replicated
// write that certified first, is reported as a deadlock too.
const (
	erLockWaitTimeout = 1205
	erLockDeadlock    = 1213
	// erUnknownCom is what a Galera node answers every statement while it is not
	// synced with the cluster ("WSREP has not yet prepared node for application use").
	erUnknownCom = 1047
	erDupEntry   = 1062
)

// SQLite's primary result codes for a database another connection holds.
const (
	sqliteBusy   = 5
	sqliteLocked = 6
)

// ConflictMessage is what the API says when a change kept losing to other changes of the
// same rows and its retries ran out: nothing was written, and the same request sent
// again a moment later is expected to succeed.
const ConflictMessage = "the database was busy with other changes to the same records; nothing was saved, please try again"

// ErrRaced is what a conditional write says when the row it meant to change was changed
// by another transaction since this one read it — on another node of a multi-primary
// cluster, where a lock taken by this node's read does not reach. It is a Conflict: the
// transaction is run again, and then reads the row as the racer left it.
var ErrRaced = errors.New("the row changed after it was read")

// Conflict says whether err means that the transaction lost a race to another one and
// was rolled back whole: a deadlock or a lock wait that timed out on MySQL, a Galera
// certification failure (which MariaDB reports as a deadlock), or SQLite busy past its
// busy timeout. Nothing of the transaction was written, so running it again from the
// request is safe and will usually succeed: the API does that a few times before it
// answers UNAVAILABLE (see internal/app's retry of mutations).
func Conflict(err error) bool {
	var (
		myErr *mysql.MySQLError
		lite  *sqlite.Error
	)
	switch {
	case err == nil:
		return false
	case errors.Is(err, ErrRaced):
		return true
	case errors.As(err, &myErr):
		return myErr.Number == erLockDeadlock || myErr.Number == erLockWaitTimeout
	case errors.As(err, &lite):
		c := lite.Code() & 0xff // extended codes keep the primary one in the low byte
		return c == sqliteBusy || c == sqliteLocked
	}
	return false
}
