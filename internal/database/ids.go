package database

import (
	"context"

	"entgo.io/ent/dialect"
)

// saver is an ent create builder, or a bulk of them.
type saver[T any] interface {
	Save(context.Context) (T, error)
}

// CreateAll saves builders and returns the rows with their ids. On SQLite it sends one
// statement, whose RETURNING clause names every id. MySQL has no RETURNING, so ent
// derives a bulk insert's ids from the first one, one apart — wrong wherever
// auto_increment_increment is above 1 (Galera steps ids by the number of nodes; group
// replication and some managed servers do the same): the rows came back, and their audit
// events named, rows that do not exist. There each row is its own INSERT, whose id the
// server reports exactly. Inside a transaction that costs a round trip per row, not a
// commit.
//
// sqlDialect is the client's (c.SQLDialect); newBulk its CreateBulk, for example
// c.Allocation.CreateBulk.
func CreateAll[T any, B saver[T], Bulk saver[[]T]](ctx context.Context, sqlDialect string, newBulk func(...B) Bulk, builders []B) ([]T, error) {
	if sqlDialect != dialect.MySQL {
		return newBulk(builders...).Save(ctx)
	}
	out := make([]T, len(builders))
	for i, b := range builders {
		var err error
		if out[i], err = b.Save(ctx); err != nil {
			return nil, err
		}
	}
	return out, nil
}
