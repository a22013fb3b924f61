package database

import (
	"database/sql"
	"fmt"

	"github.com/go-sql-driver/mysql"
)

// Scratch creates an empty MySQL database called name on the server dsn reaches
// (replacing one of that name) and returns its MZ_DB spec and a function that drops it:
// for tests, the migration generator and the benchmark, never for production data.
func Scratch(dsn, name string) (spec string, drop func(), err error) {
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return "", nil, fmt.Errorf("MySQL DSN: %w", err)
	}
	cfg.DBName = ""
	admin, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		return "", nil, err
	}
	for _, q := range []string{"DROP DATABASE IF EXISTS " + name, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4"} {
		if _, err := admin.Exec(q); err != nil {
			_ = admin.Close()
			return "", nil, fmt.Errorf("scratch database %s: %w", name, err)
		}
	}
	cfg.DBName = name
	return "mysql:" + cfg.FormatDSN(), func() {
		_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name)
		_ = admin.Close()
	}, nil
}
