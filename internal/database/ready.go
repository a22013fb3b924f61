package database

import (
	"context"
	"fmt"
	"strings"

	"entgo.io/ent/dialect"
)

// Ready says whether this server can take requests through its database: it answers,
// and, when it is a node of a Galera cluster, the node is synced with the cluster
// (wsrep_ready ON, wsrep_local_state 4). A node that has lost the cluster's primary
// component, or is still receiving a state transfer after a restart, refuses or stalls
// statements; a load balancer that asks /readyz then sends requests to another replica.
// On a MySQL or MariaDB that is not a Galera node the wsrep status is empty.
func (db *DB) Ready(ctx context.Context) error {
	if err := db.PingContext(ctx); err != nil {
		return fmt.Errorf("database unreachable: %w", err)
	}
	if db.Dialect != dialect.MySQL {
		return nil
	}
	rows, err := db.QueryContext(ctx, `SHOW STATUS WHERE Variable_name IN ('wsrep_ready', 'wsrep_local_state', 'wsrep_local_state_comment')`)
	if err != nil {
		return fmt.Errorf("reading the cluster status: %w", err)
	}
	defer rows.Close()
	status := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		status[strings.ToLower(k)] = v
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(status) == 0 {
		return nil // not a Galera node
	}
	if status["wsrep_ready"] != "ON" || status["wsrep_local_state"] != "4" {
		return fmt.Errorf("the Galera node is not synced (wsrep_ready %s, state %s)",
			status["wsrep_ready"], status["wsrep_local_state_comment"])
	}
	return nil
}
