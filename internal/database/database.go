// Package database opens mzdesk's store — an SQLite file by default, MySQL or MariaDB in
// production — and brings its schema up to date from the versioned migration files that
// ship inside the binary.
package database

import (
	"database/sql"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/go-sql-driver/mysql"
	_ "modernc.org/sqlite" // registers the "sqlite" driver: pure Go, no C toolchain needed
)

// DB is an open store and the SQL dialect it speaks.
type DB struct {
	*sql.DB
	Dialect string
	// OnThisHost says the store's work runs on this machine's cores beside the server's:
	// SQLite always (it runs inside the server), MySQL when reached over loopback or a
	// local socket.
	OnThisHost bool
}

// Driver wraps the store for ent, with its reads kept prepared (preparedReads).
func (db *DB) Driver() dialect.Driver {
	return &preparedReads{Driver: entsql.OpenDB(db.Dialect, db.DB)}
}

// PoolSize is how many connections a server opens to its store at most: enough for the
// requests it admits (half of it, see internal/app) and the background work beside them.
const PoolSize = 32

// Open opens the store that spec names: "sqlite:PATH" or "mysql:DSN" (a go-sql-driver DSN).
// It sets what mzdesk relies on whatever the DSN says: foreign keys, WAL and a busy
// timeout on SQLite; utf8mb4, parseTime and UTC on MySQL.
func Open(spec string) (*DB, error) {
	kind, rest, ok := strings.Cut(spec, ":")
	if !ok || rest == "" {
		return nil, fmt.Errorf("MZ_DB %q: want sqlite:PATH or mysql:DSN", spec)
	}
	switch kind {
	case "sqlite":
		return openSQLite(rest)
	case "mysql":
		return openMySQL(rest)
	}
	return nil, fmt.Errorf("MZ_DB %q: unknown database %q, want sqlite or mysql", spec, kind)
}

// BusyTimeout is how long a SQLite connection waits for another's write lock before it
// gives up with SQLITE_BUSY (a Conflict, which the API retries).
const BusyTimeout = 10 * time.Second

func openSQLite(path string) (*DB, error) {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil { //nolint:gosec // the operator names the store's file (MZ_DB)
			return nil, fmt.Errorf("creating %s: %w", dir, err)
		}
	}
	// _time_format=sqlite writes times with a numeric offset that the driver reads back
	// as times on every path; its default (Go's Time.String) comes back as text when
	// the offset has no zone name, as times from a phone in China do.
	dsn := "file:" + path + "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)" +
		fmt.Sprintf("&_pragma=busy_timeout(%d)", BusyTimeout.Milliseconds()) +
		"&_pragma=synchronous(NORMAL)&_txlock=immediate&_time_format=sqlite"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("opening sqlite %s: %w", path, err)
	}
	keepIdle(db)
	return &DB{DB: db, Dialect: dialect.SQLite, OnThisHost: true}, ping(db)
}

func openMySQL(dsn string) (*DB, error) {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("MySQL DSN: %w", err)
	}
	cfg.ParseTime = true
	cfg.Loc = time.UTC
	// Arguments of a statement not kept prepared (writes, and reads inside a transaction;
	// see preparedReads) go into its text on the client: one round trip instead of three
	// (prepare, execute, close) for a text that runs once. That is safe with utf8mb4,
	// whose bytes never hide a quote, so the connection's character set is utf8mb4
	// whatever the DSN says.
	if err := cfg.Apply(mysql.Charset("utf8mb4", "utf8mb4_unicode_ci")); err != nil {
		return nil, fmt.Errorf("MySQL DSN: %w", err)
	}
	cfg.InterpolateParams = true
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("MySQL DSN: %w", err)
	}
	db := sql.OpenDB(connector)
	keepIdle(db)
	db.SetConnMaxLifetime(5 * time.Minute)
	return &DB{DB: db, Dialect: dialect.MySQL, OnThisHost: onThisHost(cfg)}, ping(db)
}

// onThisHost says whether a MySQL DSN reaches a server on this machine: a Unix socket,
// localhost or a loopback address.
func onThisHost(cfg *mysql.Config) bool {
	if cfg.Net == "unix" {
		return true
	}
	host, _, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		host = cfg.Addr
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// keepIdle sizes the pool: PoolSize connections at most, and half of them, as many as
// requests are admitted at once, kept open when idle. database/sql keeps only two
// otherwise, and a server busier than that closes a connection after nearly every
// statement and opens another for the next: on SQLite each open runs its pragmas and
// parses the schema again, and the reads kept prepared on it are lost (make bench-peer,
// a village's list on SQLite: the slowest 1% of answers over 100 ms).
func keepIdle(db *sql.DB) {
	db.SetMaxOpenConns(PoolSize)
	db.SetMaxIdleConns(PoolSize / 2)
}

func ping(db *sql.DB) error {
	var err error
	for range 3 { // a database that starts beside us may need a moment
		if err = db.Ping(); err == nil {
			return nil
		}
		time.Sleep(500 * time.Millisecond)
	}
	_ = db.Close()
	return fmt.Errorf("database unreachable: %w", err)
}
