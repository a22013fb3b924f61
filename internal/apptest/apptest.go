// Package apptest runs the real mzdesk — migrations, demo data, HTTP handler — on a fresh
// database for a test, on SQLite always and on MySQL when MZ_TEST_MYSQL_DSN names a server
// (CI sets it, and then a MySQL that cannot be reached fails the run instead of skipping).
package apptest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mzdesk/internal/app"
	"mzdesk/internal/config"
	"mzdesk/internal/database"
)

// Password is the demo accounts' password in tests.
const Password = "demo-2020"

// Database is one store the tests run on.
type Database struct {
	Name string // "sqlite" or "mysql"
	// New returns the MZ_DB of a fresh, empty database and removes it when the test ends.
	New func(t testing.TB) string
}

// Databases lists the stores to run on.
func Databases() []Database {
	dbs := []Database{{Name: "sqlite", New: func(t testing.TB) string {
		return "sqlite:" + filepath.Join(t.TempDir(), "mzdesk.db")
	}}}
	if dsn := os.Getenv("MZ_TEST_MYSQL_DSN"); dsn != "" {
		dbs = append(dbs, Database{Name: "mysql", New: func(t testing.TB) string { return freshMySQL(t, dsn) }})
	}
	return dbs
}

// WithSteppedIDs is Databases and, with MySQL, a MySQL database whose connections step
// auto-increment ids by 3 from 2, as the second node of a three-node Galera cluster
// does: for the tests of code that must not assume consecutive ids.
func WithSteppedIDs() []Database {
	dbs := Databases()
	if dsn := os.Getenv("MZ_TEST_MYSQL_DSN"); dsn != "" {
		sep := "?"
		if strings.Contains(dsn, "?") {
			sep = "&"
		}
		stepped := dsn + sep + "auto_increment_increment=3&auto_increment_offset=2"
		dbs = append(dbs, Database{Name: "mysql-step3", New: func(t testing.TB) string { return freshMySQL(t, stepped) }})
	}
	return dbs
}

// Announce prints which databases a package's tests run on and fails in CI when MySQL
// is missing; call it from TestMain.
func Announce(pkg string) error {
	names := []string{}
	for _, d := range Databases() {
		names = append(names, d.Name)
	}
	fmt.Printf("%s: testing on %s\n", pkg, strings.Join(names, ", "))
	if os.Getenv("CI") != "" && len(names) < 2 {
		return fmt.Errorf("CI must test MySQL too: set MZ_TEST_MYSQL_DSN")
	}
	return nil
}

// freshMySQL creates a database of its own for one test on the server dsn names.
func freshMySQL(t testing.TB, dsn string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	spec, drop, err := database.Scratch(dsn, "mzt_"+hex.EncodeToString(b))
	if err != nil {
		t.Fatalf("creating a test database on MySQL: %v", err)
	}
	t.Cleanup(drop)
	return spec
}

// Server is mzdesk serving over HTTP on a test database.
type Server struct {
	*httptest.Server
	App *app.App
}

// Start runs mzdesk with the demo data on a fresh database db.
func Start(t testing.TB, db Database) *Server {
	t.Helper()
	return StartOn(t, db.New(t))
}

// StartOn runs mzdesk with the demo data on the store spec names; each of with may
// change the test configuration first (a replica's receipt series).
func StartOn(t testing.TB, spec string, with ...func(*config.Config)) *Server {
	t.Helper()
	cfg := config.Config{
		Env: "development", Addr: "127.0.0.1:0", DB: spec,
		JWTSecret: []byte("test-secret-test-secret-test-secret"),
		Demo:      true, DemoPassword: Password,
	}
	for _, w := range with {
		w(&cfg)
	}
	a, err := app.New(context.Background(), cfg)
	if err != nil {
		t.Fatalf("starting mzdesk on %s: %v", spec, err)
	}
	s := &Server{Server: httptest.NewServer(a.Handler), App: a}
	t.Cleanup(func() {
		s.Close()
		_ = a.Close()
	})
	return s
}
