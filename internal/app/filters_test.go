package app_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect/sql/schema"
	"entgo.io/ent/schema/field"
	"github.com/vektah/gqlparser/v2/ast"

	"mzdesk/ent/institution"
	"mzdesk/ent/migrate"
	"mzdesk/ent/orgunit"
	"mzdesk/ent/user"
	"mzdesk/graph"
	"mzdesk/internal/apptest"
	"mzdesk/internal/demo"
	"mzdesk/internal/quantity"
)

// filterPath is a way into a where input: the root connection, then the has<Edge>With
// fields followed, each leading to the where input of the edge's target.
type filterPath struct {
	root  string   // the Query field, e.g. orgUnits
	edges []string // e.g. hasAllocationsWith, hasReceiptWith
	types []string // the where input of the root, then of each edge's target
}

func (p filterPath) String() string { return p.root + "." + strings.Join(p.edges, ".") }

// target is the entity the path ends at.
func (p filterPath) target() string { return strings.TrimSuffix(p.types[len(p.types)-1], "WhereInput") }

// nest wraps inner (the where input of the path's target) in the path's edge filters.
func (p filterPath) nest(inner map[string]any) map[string]any {
	for i := len(p.edges) - 1; i >= 0; i-- {
		inner = map[string]any{p.edges[i]: []any{inner}}
	}
	return inner
}

// filterPaths lists every path from a root connection through edge filters, each where
// input at most once on a path, up to depth edges deep.
func filterPaths(s *ast.Schema, depth int) []filterPath {
	var out []filterPath
	var walk func(p filterPath)
	walk = func(p filterPath) {
		if len(p.edges) > 0 {
			out = append(out, p)
		}
		if len(p.edges) == depth {
			return
		}
		for _, f := range s.Types[p.types[len(p.types)-1]].Fields {
			next := f.Type.Name()
			if !strings.HasPrefix(f.Name, "has") || !strings.HasSuffix(f.Name, "With") || slices.Contains(p.types, next) {
				continue
			}
			walk(filterPath{root: p.root, edges: append(slices.Clone(p.edges), f.Name), types: append(slices.Clone(p.types), next)})
		}
	}
	for _, f := range s.Query.Fields {
		if a := f.Arguments.ForName("where"); a != nil {
			walk(filterPath{root: f.Name, types: []string{a.Type.Name()}})
		}
	}
	return out
}

// predicateSuffixes are the operators entgql generates for a field, longest first.
var predicateSuffixes = []string{"ContainsFold", "EqualFold", "HasPrefix", "HasSuffix", "Contains", "NotNil", "IsNil",
	"NotIn", "GTE", "LTE", "NEQ", "GT", "LT", "In"}

// fieldPredicates groups the field predicates of a where input by the field they test.
func fieldPredicates(def *ast.Definition) map[string][]*ast.FieldDefinition {
	out := map[string][]*ast.FieldDefinition{}
	for _, f := range def.Fields {
		if f.Name == "not" || f.Name == "and" || f.Name == "or" || strings.HasPrefix(f.Name, "has") && isEdgeFilter(def, f.Name) {
			continue
		}
		base := f.Name
		for _, suf := range predicateSuffixes {
			if b, ok := strings.CutSuffix(f.Name, suf); ok && b != "" && def.Fields.ForName(b) != nil {
				base = b
				break
			}
		}
		out[base] = append(out[base], f)
	}
	return out
}

// isEdgeFilter tells has<Edge> and has<Edge>With apart from a field named has….
func isEdgeFilter(def *ast.Definition, name string) bool {
	return strings.HasSuffix(name, "With") || def.Fields.ForName(name+"With") != nil
}

// column is the database column of a GraphQL field name: donationID → donation_id.
func column(name string) string {
	if b, ok := strings.CutSuffix(name, "ID"); ok && b != "" {
		return column(b) + "_id"
	}
	var sb strings.Builder
	for i, r := range name {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				sb.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

// tableOf is the table of an entity: DonationLine → donation_lines.
func tableOf(entity string) *schema.Table {
	for _, t := range migrate.Tables {
		n := strings.ReplaceAll(t.Name, "_", "")
		if n == strings.ToLower(entity)+"s" || n == strings.ToLower(entity)+"es" {
			return t
		}
	}
	return nil
}

// probeValues are two values of a column, a and b, that most predicates built on a tell
// apart: b is larger, neither contains the other, and they differ in case-blind text.
func probeValues(c *schema.Column, id int) (a, b any, ok bool) {
	switch c.Type {
	case field.TypeString:
		return fmt.Sprintf("S%d", id%1000), fmt.Sprintf("T%d", id%1000), true
	case field.TypeEnum:
		if len(c.Enums) > 1 {
			return c.Enums[0], c.Enums[1], true
		}
	case field.TypeBool:
		return false, true, true
	case field.TypeInt, field.TypeInt64, field.TypeInt32, field.TypeUint64:
		return 7 * quantity.Scale, 9 * quantity.Scale, true
	case field.TypeTime:
		return time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC), time.Date(2020, 6, 2, 0, 0, 0, 0, time.UTC), true
	}
	return nil, nil, false
}

// TestFiltersTellNothingOutOfScope walks every edge filter path the GraphQL schema
// offers (every has<Edge>With of every where input, three edges deep) and, as each scoped
// role, finds a row at the path's end that the role may not read but that hangs off a row
// it may; then for every field predicate of that row's where input it asks the same
// question twice, with the hidden row's field set to two different values. The answers
// (totalCount and ids) must be the same: a filter may not tell a hidden value. Ordering
// is by fields of the rows returned only, never of rows behind an edge.
func TestFiltersTellNothingOutOfScope(t *testing.T) {
	s0 := graph.NewExecutableSchema(graph.Config{}).Schema()
	for _, q := range s0.Query.Fields {
		a := q.Arguments.ForName("orderBy")
		if a == nil {
			continue
		}
		table := tableOf(strings.TrimSuffix(a.Type.Name(), "Order"))
		for _, v := range s0.Types[s0.Types[a.Type.Name()].Fields.ForName("field").Type.Name()].EnumValues {
			if table == nil || !slices.ContainsFunc(table.Columns, func(c *schema.Column) bool { return c.Name == strings.ToLower(v.Name) }) {
				t.Errorf("%s orders by %s, which is not a column of its own rows", q.Name, v.Name)
			}
		}
	}
	paths := filterPaths(s0, 3)

	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			ctx := systemCtx()
			c := s.App.Client

			// Rows each role may not read: a receipt with a note and a dispute at village
			// A, and a confirmed allocation to an institution of 桃源县.
			a, _ := twoVillageAllocations(t, s)
			signer := c.User.Query().Where(user.Username("village-430702001001")).OnlyIDX(ctx)
			c.Receipt.Create().SetAllocationID(a.ID).SetReceiptNo("F-1").SetConfirmedByID(signer).SetConfirmedAt(time.Now()).
				SetReceivedQuantity(a.Quantity).SetNote("Secret").SetIdempotencyKey("filters-a").ExecX(ctx)
			c.Dispute.Create().SetAllocationID(a.ID).SetReason("短少").ExecX(ctx)
			sanyang := c.Institution.Query().Where(institution.Name("三阳港镇敬老院")).OnlyIDX(ctx)
			toInst := c.Allocation.Create().SetLineID(a.LineID).SetInstitutionID(sanyang).SetQuantity(quantity.Scale).SaveX(ctx)
			c.Receipt.Create().SetAllocationID(toInst.ID).SetReceiptNo("F-2").SetConfirmedByID(signer).SetConfirmedAt(time.Now()).
				SetReceivedQuantity(quantity.Scale).SetNote("Other").SetIdempotencyKey("filters-b").ExecX(ctx)
			wuling := c.OrgUnit.Query().Where(orgunit.Code(demo.WulingCode)).OnlyX(ctx)
			hash := c.User.Query().FirstX(ctx).PasswordHash // the demo password's
			c.User.Create().SetUsername("wuling-bureau").SetDisplayName("武陵区民政局").SetRole("BUREAU").
				SetOrgUnitID(wuling.ID).SetPasswordHash(hash).ExecX(ctx)

			admin := s.As(t, "admin")
			roles := map[string]*apptest.Client{
				"VILLAGE_COMMITTEE": s.As(t, "village-430702001002"),
				"BUREAU of 武陵区":     s.As(t, "wuling-bureau"),
				"INSTITUTION":       s.As(t, "institution"),
				"INSPECTOR":         s.As(t, "inspector"),
				"CARE_OFFICER":      s.As(t, "care"),
				"CHARITY_OFFICE":    s.As(t, "charity"),
			}
			probed := map[string]bool{} // role + path, for the check that the path was tried
			for role, cl := range roles {
				hidden := map[string][]int{} // entity → rows the role may not read
				for _, p := range paths {
					entity := p.target()
					table := tableOf(entity)
					if table == nil {
						t.Errorf("%s: no table for %s", p, entity)
						continue
					}
					if _, ok := hidden[entity]; !ok {
						hidden[entity] = hiddenRows(t, s, cl, table)
					}
					row, roots := reachable(t, admin, cl, p, hidden[entity])
					if row == 0 {
						continue
					}
					probed[role+" "+p.String()] = true
					def := s0.Types[p.types[len(p.types)-1]]
					for base, preds := range fieldPredicates(def) {
						col, ok := table.Column(column(base))
						if !ok {
							t.Errorf("%s: %s is no column of %s", p, base, table.Name)
							continue
						}
						probeField(t, s, admin, cl, p, role, entity, table, col, base, preds, row, roots)
					}
				}
			}
			// Where the way a village once read another's receipt note is still offered, it must be tried.
			const example = "orgUnits.hasAllocationsWith.hasReceiptWith"
			if slices.ContainsFunc(paths, func(p filterPath) bool { return p.String() == example }) && !probed["VILLAGE_COMMITTEE "+example] {
				t.Error("a village's receipt was never probed through " + example)
			}
			t.Logf("%d edge filter paths offered; hidden rows reached along %d role × path pairs", len(paths), len(probed))
		})
	}
}

// hiddenRows lists up to 20 of the newest rows of table that cl may not read.
func hiddenRows(t *testing.T, s *apptest.Server, cl *apptest.Client, table *schema.Table) []int {
	t.Helper()
	rows, err := s.App.DB.Query("SELECT id FROM " + table.Name + " ORDER BY id DESC LIMIT 20")
	if err != nil {
		t.Fatal(err)
	}
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	var out []int
	for _, id := range ids {
		if !readable(cl, id) {
			out = append(out, id)
		}
	}
	return out
}

// readable tells whether cl may read the row id.
func readable(cl *apptest.Client, id int) bool {
	var got struct{ Node *struct{ ID string } }
	r := cl.Do(`query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id})
	return r.Code() == "" && json.Unmarshal(r.Data, &got) == nil && got.Node != nil
}

// reachable picks a hidden row that hangs, along p, off a root row cl reads, and returns
// it with those root rows.
func reachable(t *testing.T, admin, cl *apptest.Client, p filterPath, hidden []int) (int, []string) {
	t.Helper()
	for _, id := range hidden {
		doc := fmt.Sprintf(`query($w: %s) { %s(first: 100, where: $w) { edges { node { id } } } }`, p.types[0], p.root)
		all := connectionIDs(t, admin.Do(doc, map[string]any{"w": p.nest(map[string]any{"id": id})}), p.root)
		if len(all) == 0 {
			continue
		}
		if mine := connectionIDs(t, cl.Do(doc, map[string]any{"w": map[string]any{"idIn": all}}), p.root); len(mine) > 0 {
			return id, mine
		}
	}
	return 0, nil
}

// connectionIDs reads the ids of a connection's answer.
func connectionIDs(t *testing.T, r *apptest.Response, field string) []string {
	t.Helper()
	if r.Code() != "" {
		return nil
	}
	var got map[string]struct {
		Edges []struct{ Node struct{ ID string } }
	}
	if err := json.Unmarshal(r.Data, &got); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range got[field].Edges {
		ids = append(ids, e.Node.ID)
	}
	return ids
}

// probeField asks, as cl, every predicate of one field of the hidden row along p, with
// the row's field set to a and then to b, and compares the answers.
func probeField(t *testing.T, s *apptest.Server, admin, cl *apptest.Client, p filterPath, role, entity string,
	table *schema.Table, col *schema.Column, base string, preds []*ast.FieldDefinition, row int, roots []string) {
	t.Helper()
	var orig any
	if err := s.App.DB.QueryRow("SELECT "+col.Name+" FROM "+table.Name+" WHERE id = ?", row).Scan(&orig); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if _, err := s.App.DB.Exec("UPDATE "+table.Name+" SET "+col.Name+" = ? WHERE id = ?", orig, row); err != nil {
			t.Fatal(err)
		}
	}()
	var a, b any
	if col.Name == "id" || len(table.ForeignKeys) > 0 && slices.ContainsFunc(table.ForeignKeys, func(fk *schema.ForeignKey) bool {
		return fk.Columns[0].Name == col.Name
	}) {
		// A reference (or the id): the hidden row's own value against none, or
		// against an id no row has.
		if orig == nil {
			return // no reference to tell
		}
		a, b = orig, nil
	} else {
		var ok bool
		if a, b, ok = probeValues(col, row); !ok {
			t.Errorf("%s: no probe values for %s (%s)", p, base, col.Type)
			return
		}
	}
	// The GraphQL spelling of a, read back as the administrator sees it.
	set := func(v any) {
		if col.Name == "id" || v == nil && orig == nil {
			return
		}
		if _, err := s.App.DB.Exec("UPDATE "+table.Name+" SET "+col.Name+" = ? WHERE id = ?", v, row); err != nil {
			t.Fatalf("%s: setting %s: %v", p, col.Name, err)
		}
	}
	set(a)
	var shown map[string]map[string]any
	admin.MustDo(fmt.Sprintf(`query($id: ID!) { node(id: $id) { ... on %s { %s } } }`, entity, base), map[string]any{"id": row}, &shown)
	value, ok := shown["node"][base]
	if !ok || value == nil {
		t.Errorf("%s: %s of row %d is not readable as the administrator", p, base, row)
		return
	}
	var decl, body []string
	vars := map[string]any{"roots": roots}
	for i, f := range preds {
		arg := value
		switch {
		case strings.HasSuffix(f.Name, "In"):
			arg = []any{value}
		case strings.HasSuffix(f.Name, "Nil"):
			arg = true
		}
		vars[fmt.Sprintf("v%d", i)] = arg
		decl = append(decl, fmt.Sprintf("$v%d: %s", i, f.Type.String()))
		body = append(body, fmt.Sprintf(`p%d: %s(first: 100, where: {idIn: $roots, %s}) { totalCount edges { node { id } } }`,
			i, p.root, nestLiteral(p, fmt.Sprintf("{%s: $v%d}", f.Name, i))))
	}
	doc := fmt.Sprintf("query($roots: [ID!], %s) { %s }", strings.Join(decl, ", "), strings.Join(body, "\n"))
	ask := func() string {
		r := cl.Do(doc, vars)
		if r.Code() != "" {
			return r.Code()
		}
		return string(r.Data)
	}
	withA := ask()
	if b == nil && col.Name != "id" && !col.Nullable {
		return // a required reference cannot be moved off its row; a was asked above
	}
	set(b)
	if readable(cl, row) {
		return // the change moved the row into the role's scope: nothing hidden to tell
	}
	if col.Name == "id" {
		// The id of the hidden row against an id no row has.
		for k := range vars {
			if k != "roots" {
				vars[k] = swapID(vars[k])
			}
		}
	}
	if withB := ask(); withA != withB {
		t.Errorf("as %s, %s{%s} tells row %d's %s: %s, then %s", role, p, base, row, base, withA, withB)
	}
}

// noRow is an id no row has: global ids are a table's number times 2³² plus a row's.
const noRow = "281474976710655"

// swapID replaces an id in a predicate's argument with one no row has.
func swapID(v any) any {
	switch x := v.(type) {
	case []any:
		return []any{noRow}
	case bool:
		return x
	}
	return noRow
}

// nestLiteral writes p's edge filters around inner as a GraphQL literal.
func nestLiteral(p filterPath, inner string) string {
	out := inner
	for i := len(p.edges) - 1; i >= 0; i-- {
		out = fmt.Sprintf("%s: [%s]", p.edges[i], out)
		if i > 0 {
			out = "{" + out + "}"
		}
	}
	return out
}
