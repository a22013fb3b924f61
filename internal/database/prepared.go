package database

import (
	"context"
	"database/sql"
	"errors"
	"sync"

	entsql "entgo.io/ent/dialect/sql"
	"github.com/go-sql-driver/mysql"
)

// preparedReads is the store's driver with the statements of reads outside a transaction
// kept prepared. A screen's read is the same statement text on every request (ent puts
// the values in arguments), and for the joined lists the database spends a good part of
// its time parsing the text: prepared once per connection, the text is parsed once.
// SQLite then keeps its plan too; MariaDB plans again on each run but skips the parse,
// and answers in its binary protocol, which costs both sides less to encode and decode
// than text (about 0.3 ms less of MariaDB's CPU per village list, docs/bench/execution.md).
//
// At most preparedMax texts are kept, the first ones seen; a text past them (a list of
// ids of a new length, say) runs as before. Nothing is evicted, so a statement in use is
// never closed under a request. MariaDB prepares a text on each connection that runs it,
// up to its max_prepared_stmt_count for the whole server; a read refused for that limit
// runs unprepared, so a server short of statements is slower, never wrong. Transactions prepare nothing: ent runs them on a
// connection of their own. mzdesk sets no session variables (entsql.WithVar), which
// this path would not apply.
type preparedReads struct {
	*entsql.Driver
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

// preparedMax bounds the texts kept prepared: mzdesk's screens send a few hundred.
const preparedMax = 1000

func (d *preparedReads) Query(ctx context.Context, query string, args, v any) error {
	rows, ok := v.(*entsql.Rows)
	argv, ok2 := args.([]any)
	stmt := d.prepared(ctx, query)
	if !ok || !ok2 || stmt == nil {
		return d.Driver.Query(ctx, query, args, v)
	}
	r, err := stmt.QueryContext(ctx, argv...)
	if tooManyStatements(err) {
		return d.Driver.Query(ctx, query, args, v)
	}
	if err != nil {
		return err
	}
	*rows = entsql.Rows{ColumnScanner: r}
	return nil
}

// prepared is query's statement, prepared on first use; nil when the cache is full or
// the text does not prepare (the plain path then reports the error).
func (d *preparedReads) prepared(ctx context.Context, query string) *sql.Stmt {
	d.mu.Lock()
	defer d.mu.Unlock()
	if s, ok := d.stmts[query]; ok {
		return s
	}
	if len(d.stmts) >= preparedMax {
		return nil
	}
	s, err := d.DB().PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	if d.stmts == nil {
		d.stmts = map[string]*sql.Stmt{}
	}
	d.stmts[query] = s
	return s
}

// erMaxPreparedStmtCount is MySQL's refusal to prepare past max_prepared_stmt_count.
const erMaxPreparedStmtCount = 1461

// tooManyStatements reports MariaDB's refusal to prepare a statement past its limit.
func tooManyStatements(err error) bool {
	var my *mysql.MySQLError
	return errors.As(err, &my) && my.Number == erMaxPreparedStmtCount
}

// Close closes the kept statements and the database.
func (d *preparedReads) Close() error {
	d.mu.Lock()
	for _, s := range d.stmts {
		_ = s.Close()
	}
	d.stmts = nil
	d.mu.Unlock()
	return d.Driver.Close()
}
