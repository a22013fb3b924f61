package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"entgo.io/ent/dialect"
)

// Ready says whether this server can take requests through its database: it answers,
// and, when it is a node of a Galera cluster, the node is synced with the cluster
// (wsrep_ready ON, wsrep_local_state 4). A node that has lost the cluster's primary
// component, or is still receiving a state transfer after a restart, refuses or stalls
// statements; a load balancer that asks /readyz then sends requests to another replica.
// A MySQL or MariaDB that is not a Galera node (wsrep_on missing or OFF) is ready when it
// answers.
func (db *DB) Ready(ctx context.Context) error {
	if err := db.PingContext(ctx); err != nil {
		return fmt.Errorf("database unreachable: %w", err)
	}
	if db.Dialect != dialect.MySQL {
		return nil
	}
	// A MariaDB with the Galera library installed but wsrep off reports wsrep_ready OFF
	// too: only a server with wsrep_on is a node whose sync state matters.
	var name, on string
	switch err := db.QueryRowContext(ctx, `SHOW VARIABLES LIKE 'wsrep_on'`).Scan(&name, &on); {
	case errors.Is(err, sql.ErrNoRows):
		return nil // MySQL, or a MariaDB without wsrep
	case err != nil:
		return fmt.Errorf("reading wsrep_on: %w", err)
	case on != "ON":
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
	if status["wsrep_ready"] != "ON" || status["wsrep_local_state"] != "4" {
		return fmt.Errorf("the Galera node is not synced (wsrep_ready %s, state %s)",
			status["wsrep_ready"], status["wsrep_local_state_comment"])
	}
	return nil
}
