package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"ariga.io/atlas/sql/migrate"

	"mzdesk/internal/apptest"
	"mzdesk/internal/database"
	"mzdesk/internal/demo"
)

func TestMain(m *testing.M) {
	if err := apptest.Announce("internal/app"); err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// TestServerOnEachDatabase runs the real server on every database and asks it what a
// newcomer would: is the demo data there, does a nested query answer, does bad input
// get a client error rather than a 500.
func TestServerOnEachDatabase(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			bureau := s.As(t, "bureau")

			t.Run("county to villages", func(t *testing.T) {
				var out struct {
					OrgUnits struct {
						Edges []struct {
							Node struct {
								Name     string
								Children struct {
									TotalCount int
									Edges      []struct {
										Node struct {
											Children struct{ TotalCount int }
										}
									}
								}
							}
						}
					}
				}
				bureau.MustDo(`{ orgUnits(first: 100, where: {code: "`+demo.WulingCode+`"}) { edges { node {
					name children(first: 50) { totalCount edges { node { children { totalCount } } } } } } } }`, nil, &out)
				if len(out.OrgUnits.Edges) != 1 || out.OrgUnits.Edges[0].Node.Name != "武陵区" {
					t.Fatalf("武陵区 not found: %+v", out)
				}
				villages := 0
				for _, street := range out.OrgUnits.Edges[0].Node.Children.Edges {
					villages += street.Node.Children.TotalCount
				}
				if villages != demo.Villages {
					t.Errorf("武陵区 has %d villages, want %d", villages, demo.Villages)
				}
			})

			t.Run("nine counties and the report's names", func(t *testing.T) {
				var out struct {
					OrgUnits     struct{ TotalCount int }
					Institutions struct {
						Edges []struct{ Node struct{ Name string } }
					}
					Zhihe struct {
						Edges []struct{ Node struct{ Name string } }
					}
				}
				bureau.MustDo(`{ orgUnits(first: 100, where: {level: COUNTY}) { totalCount }
					institutions(first: 100, where: {name: "三阳港镇敬老院"}) { edges { node { name } } }
					zhihe: orgUnits(first: 100, where: {code: "`+demo.ZhiheCode+`"}) { edges { node { name } } } }`, nil, &out)
				if out.OrgUnits.TotalCount != 9 {
					t.Errorf("%d counties, want 9", out.OrgUnits.TotalCount)
				}
				if len(out.Institutions.Edges) != 1 {
					t.Errorf("三阳港镇敬老院 missing")
				}
				if len(out.Zhihe.Edges) != 1 || out.Zhihe.Edges[0].Node.Name != "芷荷社区" {
					t.Errorf("芷荷社区 missing: %+v", out.Zhihe)
				}
			})

			t.Run("bad GraphQL is a client error", func(t *testing.T) {
				for name, q := range map[string]string{
					"syntax":        `{ orgUnits( }`,
					"unknown field": `{ orgUnits { nope } }`,
					"bad argument":  `{ orgUnits(first: "many") { totalCount } }`,
				} {
					r := bureau.Do(q, nil)
					if r.Status >= 500 || len(r.Errors) == 0 || r.Code() == "" || r.Code() == "INTERNAL" {
						t.Errorf("%s: status %d, errors %+v", name, r.Status, r.Errors)
					}
				}
				res, err := http.Post(s.URL+"/graphql", "application/json", strings.NewReader(`{"query": "{`+strings.Repeat(" ", 2<<20)+`}"}`))
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode >= 500 || res.StatusCode < 400 {
					t.Errorf("oversized body: status %d", res.StatusCode)
				}
			})
		})
	}
}

// TestDemoDataLoadsOnce starts twice on one database: the second start finds the data.
func TestDemoDataLoadsOnce(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			spec := db.New(t)
			first := apptest.StartOn(t, spec)
			if !first.App.Demo.Loaded || len(first.App.Demo.Accounts) != 6+demo.Villages {
				t.Fatalf("first start: %+v", first.App.Demo)
			}
			second := apptest.StartOn(t, spec)
			if second.App.Demo.Loaded || len(second.App.Migrated) != 0 {
				t.Fatalf("second start loaded again: demo %v, migrated %v", second.App.Demo.Loaded, second.App.Migrated)
			}
			n, err := second.App.Client.OrgUnit.Query().Count(systemCtx())
			if err != nil || n != 1+9+8+demo.Villages+1 {
				t.Fatalf("%d org units after two starts (%v)", n, err)
			}
		})
	}
}

// TestSPAServed checks the embedded SPA and its history-mode fallback.
func TestSPAServed(t *testing.T) {
	s := apptest.Start(t, apptest.Databases()[0])
	for _, p := range []string{"/", "/village/receive", "/public"} {
		res, err := http.Get(s.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(body), "<html") || res.Header.Get("Cache-Control") != "no-cache" {
			t.Errorf("%s: %d %q", p, res.StatusCode, res.Header.Get("Cache-Control"))
		}
	}
	for p, want := range map[string]int{"/healthz": 200, "/readyz": 200, "/assets/missing-0000.js": 404, "/playground": 200} {
		res, err := http.Get(s.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("%s: %d, want %d", p, res.StatusCode, want)
		}
	}
}

// TestMigrationsMatchSchemas fails when an ent schema changed without a migration file:
// replaying the files and diffing against the schemas must find nothing to add.
func TestMigrationsMatchSchemas(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			dev, err := database.Open(db.New(t))
			if err != nil {
				t.Fatal(err)
			}
			defer dev.Close()
			src, err := database.Dir(dev.Dialect)
			if err != nil {
				t.Fatal(err)
			}
			files, _ := src.Files()
			dir := &migrate.MemDir{}
			if err := dir.CopyFiles(files); err != nil {
				t.Fatal(err)
			}
			sum, _ := src.Checksum()
			if err := migrate.WriteSumFile(dir, sum); err != nil {
				t.Fatal(err)
			}
			if err := database.Diff(context.Background(), dev, dir, "pending"); err != nil {
				t.Fatal(err)
			}
			after, _ := dir.Files()
			if len(after) != len(files) {
				t.Fatalf("the ent schemas differ from the %s migrations; run `make migration name=…`:\n%s",
					db.Name, after[len(after)-1].Bytes())
			}
		})
	}
}
