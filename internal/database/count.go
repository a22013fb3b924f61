package database

import (
	"context"
	"database/sql"

	"entgo.io/ent/dialect"
)

// Counted wraps an ent driver so that every statement sent to the database calls count
// with the statement and its arguments: the figure behind "no N+1" (a test asserts
// statements per request), the metrics, and the statements whose plans a test reads.
func Counted(drv dialect.Driver, count func(query string, args []any)) dialect.Driver {
	return &countedDriver{Driver: drv, count: count}
}

type countedDriver struct {
	dialect.Driver
	count func(query string, args []any)
}

func (d *countedDriver) Exec(ctx context.Context, query string, args, v any) error {
	d.count(query, argList(args))
	return d.Driver.Exec(ctx, query, args, v)
}

func (d *countedDriver) Query(ctx context.Context, query string, args, v any) error {
	d.count(query, argList(args))
	return d.Driver.Query(ctx, query, args, v)
}

func (d *countedDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	tx, err := d.Driver.Tx(ctx)
	if err != nil {
		return nil, err
	}
	return &countedTx{Tx: tx, count: d.count}, nil
}

// BeginTx keeps transaction options (ent asks for them on some paths).
func (d *countedDriver) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	type beginner interface {
		BeginTx(context.Context, *sql.TxOptions) (dialect.Tx, error)
	}
	b, ok := d.Driver.(beginner)
	if !ok {
		return d.Tx(ctx)
	}
	tx, err := b.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &countedTx{Tx: tx, count: d.count}, nil
}

type countedTx struct {
	dialect.Tx
	count func(query string, args []any)
}

func (t *countedTx) Exec(ctx context.Context, query string, args, v any) error {
	t.count(query, argList(args))
	return t.Tx.Exec(ctx, query, args, v)
}

func (t *countedTx) Query(ctx context.Context, query string, args, v any) error {
	t.count(query, argList(args))
	return t.Tx.Query(ctx, query, args, v)
}

// execQuerier is what ent's ExecContext and QueryContext reach for: database/sql's own
// calls, for the few statements ent cannot build.
type execQuerier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (d *countedDriver) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	d.count(query, args)
	return d.Driver.(execQuerier).ExecContext(ctx, query, args...)
}

func (d *countedDriver) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	d.count(query, args)
	return d.Driver.(execQuerier).QueryContext(ctx, query, args...)
}

func (t *countedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	t.count(query, args)
	return t.Tx.(execQuerier).ExecContext(ctx, query, args...)
}

func (t *countedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	t.count(query, args)
	return t.Tx.(execQuerier).QueryContext(ctx, query, args...)
}

// argList is the arguments ent passes as an any: a []any, or nothing.
func argList(args any) []any {
	list, _ := args.([]any)
	return list
}
