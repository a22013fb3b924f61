package database

import (
	"testing"

	"github.com/go-sql-driver/mysql"
)

// TestOnThisHost: a MySQL reached over loopback or a local socket shares the server's
// cores (internal/app admits fewer requests at once beside it); one elsewhere does not.
func TestOnThisHost(t *testing.T) {
	for dsn, want := range map[string]bool{
		"mzdesk@tcp(127.0.0.1:3306)/mzdesk":            true,
		"mzdesk@tcp(127.0.0.2)/mzdesk":                 true,
		"mzdesk@tcp(localhost:3306)/mzdesk":            true,
		"mzdesk@tcp([::1]:3306)/mzdesk":                true,
		"mzdesk@unix(/run/mysqld/mysqld.sock)/mzdesk":  true,
		"mzdesk@/mzdesk":                               true, // the driver's default, 127.0.0.1:3306
		"mzdesk@tcp(10.0.0.5:3306)/mzdesk":             false,
		"mzdesk@tcp(db1.bureau.internal:3306)/mzdesk":  false,
		"mzdesk@tcp([2001:db8::7]:3306)/mzdesk":        false,
		"mzdesk@tcp(localhost.bureau.internal)/mzdesk": false,
	} {
		cfg, err := mysql.ParseDSN(dsn)
		if err != nil {
			t.Fatal(err)
		}
		if got := onThisHost(cfg); got != want {
			t.Errorf("%s: on this host %v, want %v", dsn, got, want)
		}
	}
	db, err := Open("sqlite:" + t.TempDir() + "/host.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if !db.OnThisHost {
		t.Error("SQLite runs inside the server, on its cores")
	}
}
