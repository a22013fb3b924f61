package joined

import (
	"context"
	stdsql "database/sql"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/sqlgraph"
	_ "modernc.org/sqlite"
)

// The tables of the test: lines, the allocations that each point at one line and a
// village (or none), and receipts that each point at one allocation.
const schema = `
CREATE TABLE lines (id INTEGER PRIMARY KEY);
CREATE TABLE allocs (id INTEGER PRIMARY KEY, line_id INTEGER, village INTEGER);
CREATE TABLE receipts (id INTEGER PRIMARY KEY, alloc_id INTEGER);
INSERT INTO lines VALUES (1), (2), (3);
INSERT INTO allocs VALUES (1, 1, 1), (2, 1, 2), (3, 2, 2), (4, 3, NULL), (5, 2, 3);
INSERT INTO receipts VALUES (10, 1), (11, 2), (12, 4), (13, 5);`

// edges are the two kinds of edge ThroughParent writes: the parent holds the key (an
// allocation's line, reached from the line over its allocations) or the edge's row
// does (an allocation's receipt, reached from the receipt over its allocation).
var edges = []struct {
	name string
	join func(root *sql.SelectTable) *Join
	step *sqlgraph.Step
}{
	{"line of an allocation", func(root *sql.SelectTable) *Join {
		return &Join{Edge: sql.Dialect(dialect.SQLite).Table("lines").As("j1"), Key: "id", Parent: root, ParentTable: "allocs", ParentKey: "line_id"}
	}, sqlgraph.NewStep(sqlgraph.From("lines", "id"), sqlgraph.To("allocs", "id"), sqlgraph.Edge(sqlgraph.O2M, false, "allocs", "line_id"))},
	{"receipt of an allocation", func(root *sql.SelectTable) *Join {
		return &Join{Edge: sql.Dialect(dialect.SQLite).Table("receipts").As("j1"), Key: "alloc_id", Parent: root, ParentTable: "allocs", ParentKey: "id"}
	}, sqlgraph.NewStep(sqlgraph.From("receipts", "id"), sqlgraph.To("allocs", "id"), sqlgraph.Edge(sqlgraph.O2O, true, "receipts", "alloc_id"))},
}

// TestThroughParentSameRows joins each kind of edge to every allocation with the filter
// "a neighbour in village v" in its ON clause, written by ent alone and ThroughParent,
// for each village, in a statement that reads every allocation or those of one village:
// the same rows join, among them those whose parent is in another village but whose edge
// has a neighbour in v, and those whose parent has no village. Where the statement reads
// only village v's allocations, the filter holds for each of them and is written TRUE.
func TestThroughParentSameRows(t *testing.T) {
	db, err := stdsql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(schema); err != nil {
		t.Fatal(err)
	}
	b := sql.Dialect(dialect.SQLite)
	for _, e := range edges {
		for v := range 4 {
			for _, read := range []int{-1, 0, 1, 2, 3} { // -1: every allocation
				rows := func(through bool) (rows []string, text string) {
					root := b.Table("allocs")
					q := b.Select(root.C("id")).From(root)
					if read >= 0 {
						q.Where(sql.EQ(root.C("village"), read))
					}
					j := e.join(root)
					j.Required = RequiredBy(q.P())
					edge := j.Edge
					on := b.Select().From(edge)
					ctx := context.Background()
					j.ParentOn = On(ctx, nil)
					on.WithContext(On(ctx, j))
					pred := func(s *sql.Selector) { s.Where(sql.EQ(s.C("village"), v)) }
					if wrote := through && ThroughParent(on, e.step, pred); through && !wrote {
						t.Fatalf("%s: ThroughParent wrote nothing", e.name)
					} else if !through {
						sqlgraph.HasNeighborsWith(on, e.step, pred)
					}
					q.AppendSelect(edge.C("id")).LeftJoin(edge).OnP(sql.And(sql.ColumnsEQ(edge.C(j.Key), root.C(j.ParentKey)), on.P())).
						OrderBy(root.C("id"), edge.C("id"))
					text, args := q.Query()
					res, err := db.Query(text, args...)
					if err != nil {
						t.Fatalf("%s: %v\n%s", e.name, err, text)
					}
					defer res.Close()
					for res.Next() {
						var id int
						var joined stdsql.NullInt64
						if err := res.Scan(&id, &joined); err != nil {
							t.Fatal(err)
						}
						rows = append(rows, fmt.Sprintf("%d→%v", id, joined))
					}
					return rows, text
				}
				want, _ := rows(false)
				got, text := rows(true)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s, village %d, reading %d: %v, want %v\n%s", e.name, v, read, got, want, text)
				}
				switch {
				case read == v:
					if strings.Contains(text, "EXISTS") || !strings.Contains(text, " AND TRUE") {
						t.Errorf("%s, village %d read alone: the filter is not TRUE:\n%s", e.name, v, text)
					}
				case !strings.Contains(text, "`allocs`.`village` = ? OR EXISTS"):
					t.Errorf("%s, village %d, reading %d: the parent is not read first:\n%s", e.name, v, read, text)
				}
			}
		}
	}
}

// TestRequiredBy: a WHERE requires a condition that it ANDs at its top, or inside
// parentheses that hold whole conditions, with the same arguments; not one in an OR, a
// NOT or a subquery, not one with other arguments, and nothing from a text it cannot read.
func TestRequiredBy(t *testing.T) {
	mine := "`allocations`.`village_id` = ?"
	for _, c := range []struct {
		where string
		args  []any
		want  bool
	}{
		{mine, []any{7}, true},
		{mine, []any{8}, false},
		{"`allocations`.`status` <> ? AND " + mine, []any{"CANCELLED", 7}, true},
		{mine + " AND `allocations`.`status` <> ?", []any{7, "CANCELLED"}, true},
		{mine + " AND `allocations`.`status` <> ?", []any{"CANCELLED", 7}, false},
		{"(`allocations`.`id` > ? AND " + mine + ") AND `allocations`.`id` < ?", []any{1, 7, 9}, true},
		{"(`allocations`.`id` > ? OR " + mine + ") AND `allocations`.`id` < ?", []any{1, 7, 9}, false},
		{mine + " OR `allocations`.`id` = ?", []any{7, 1}, false},
		{"NOT (" + mine + ")", []any{7}, false},
		{"EXISTS (SELECT * FROM `allocations` WHERE " + mine + ")", []any{7}, false},
		{"(SELECT * FROM `allocations` WHERE `allocations`.`id` = ? AND " + mine + ")", []any{1, 7}, false},
		{"`allocations`.`note` = ' AND " + mine + "'", nil, false},
		{"`allocations`.`note` = 'it''s' AND " + mine, []any{7}, true},
		{"`allocations`.`note` = 'it\\' AND " + mine, []any{7}, false},
		{mine + " AND (`allocations`.`id` = ?", []any{7, 1}, false},
		{mine, nil, false},
		{mine, []any{7, 8}, false},
	} {
		where := sql.ExprP(c.where, c.args...)
		p := sql.ExprP(mine, 7)
		if got := RequiredBy(where).has(p); got != c.want {
			t.Errorf("RequiredBy(%q %v) has it: %v, want %v", c.where, c.args, got, c.want)
		}
	}
	if RequiredBy(nil).has(sql.ExprP(mine, 7)) {
		t.Error("no WHERE requires a condition")
	}
}

// TestThroughParentOnlyWhereItHolds: outside an ON clause, in a subquery of one, over an
// edge that does not cross the join's columns, or when the parent is a derived table
// (no Parent), ThroughParent writes nothing and ent's own EXISTS stands.
func TestThroughParentOnlyWhereItHolds(t *testing.T) {
	b := sql.Dialect(dialect.SQLite)
	root := b.Table("allocs")
	pred := func(s *sql.Selector) { s.Where(sql.EQ(s.C("village"), 1)) }
	line := edges[0]
	for name, sel := range map[string]*sql.Selector{
		"a WHERE":                   b.Select().From(b.Table("lines").As("j1")),
		"an ON mark without a join": b.Select().From(b.Table("lines").As("j1")).WithContext(On(context.Background(), nil)),
		"a subquery in the ON clause": b.Select().From(b.Table("lines")).
			WithContext(On(context.Background(), line.join(root))),
		"a derived parent": b.Select().From(b.Table("lines").As("j1")).
			WithContext(On(context.Background(), &Join{Edge: b.Table("lines").As("j1"), Key: "id", ParentTable: "allocs", ParentKey: "line_id"})),
		"another edge's columns": b.Select().From(b.Table("lines").As("j1")).
			WithContext(On(context.Background(), &Join{Edge: b.Table("lines").As("j1"), Key: "id", Parent: root, ParentTable: "allocs", ParentKey: "other_line_id"})),
	} {
		if ThroughParent(sel, line.step, pred) {
			t.Errorf("%s: written through the parent", name)
		}
	}
}
