package database

import (
	"context"
	"strings"
)

// Batch gathers rows into multi-row INSERTs of 500. It is how generated data fills a
// store fast, below ent and its hooks: `make bench`'s generator and the test of the
// screens' query plans.
type Batch struct {
	db     *DB
	prefix string
	cols   int
	args   []any
}

// NewBatch gathers rows of cols values for the statement prefix ("INSERT INTO t (a, b)
// VALUES ").
func NewBatch(db *DB, prefix string, cols int) *Batch {
	return &Batch{db: db, prefix: prefix, cols: cols}
}

// Add gathers one row, writing the batch when it holds 500.
func (b *Batch) Add(ctx context.Context, vals ...any) error {
	b.args = append(b.args, vals...)
	if len(b.args) >= 500*b.cols {
		return b.Flush(ctx)
	}
	return nil
}

// Flush writes the rows gathered.
func (b *Batch) Flush(ctx context.Context) error {
	if len(b.args) == 0 {
		return nil
	}
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", b.cols), ",") + ")"
	rows := len(b.args) / b.cols
	_, err := b.db.ExecContext(ctx, b.prefix+strings.TrimSuffix(strings.Repeat(row+",", rows), ","), b.args...)
	b.args = b.args[:0]
	return err
}
