package database

import (
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// LockRows makes a query (through its Modify) lock the rows it reads until the
// transaction ends, on MySQL. SQLite has no row locks and needs none: mzdesk opens its
// write transactions IMMEDIATE, so they run one at a time.
func LockRows(s *sql.Selector) {
	if s.Dialect() != dialect.SQLite {
		s.ForUpdate()
	}
}
