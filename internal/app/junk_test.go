package app_test

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"mzdesk/ent/item"
	"mzdesk/ent/migrate"
	"mzdesk/graph"
	"mzdesk/internal/apptest"
)

// junk is one class of bad value for one kind of input.
type junk struct {
	name  string
	value any
	// whole says the class needs an item counted in whole pieces (口罩) and, where the
	// input has one beside the quantity, the unit PIECE.
	whole bool
}

// junkFor lists the classes tried on a value of the scalar named typ; was is the
// baseline value there, so that a date written as a string gets the date classes too.
func junkFor(typ string, was any) []junk {
	switch typ {
	case "String":
		out := []junk{
			{name: "zero-width only", value: "\u200b\u200c\u200d"},
			{name: "NUL", value: "示例\x00名"},
			{name: "terminal escape", value: "示例\x1b[2J\x1b[31m"},
			{name: "100,000 characters", value: strings.Repeat("长", 100_000)},
		}
		if s, ok := was.(string); ok && dateString.MatchString(s) {
			out = append(out, junk{name: "year 0001", value: "0001-01-01"}, junk{name: "far future", value: "9999-12-31"})
		}
		return out
	case "Int", "Int64":
		return []junk{{name: "huge", value: 2_000_000_000}, {name: "negative", value: -1}}
	case "Quantity":
		return []junk{{name: "huge", value: "1000000000000"}, {name: "negative", value: "-5"},
			{name: "fractional where whole", value: "499.5", whole: true}}
	case "Time":
		return []junk{{name: "year 0001", value: "0001-01-01T00:00:00Z"}, {name: "far future", value: "9999-01-01T00:00:00Z"}}
	}
	return nil
}

var dateString = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// countedByItem are the mutations whose quantities are amounts of a donated item: the
// "fractional where whole" class is tried on them with an item counted in pieces.
var countedByItem = map[string]bool{"createDonation": true, "allocateDonation": true, "updateAllocation": true, "confirmReceipt": true}

// unchecked are arguments that are checks, not data: a wrong old password is a wrong
// password (UNAUTHENTICATED), not junk.
var unchecked = map[string]bool{"changePassword.oldPassword": true}

// TestJunkIsRefused walks the input of every mutation in the schema and puts each class
// of junk at every String, number, quantity and date in it (zero-width-only names, NUL,
// terminal escapes, 100,000 characters, year 0001, the far future, huge and negative
// numbers, a fraction of an item counted in pieces), through the role matrix's call as a
// role allowed to make it. Each is answered BAD_USER_INPUT naming the field, and nothing
// is written: no audit event, no row in any table.
func TestJunkIsRefused(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			s := apptest.Start(t, db)
			f := newFixture(s)
			// The sealer's first round writes the chain's head rows; run it now, so that it
			// cannot land between a count and the junk request it guards.
			if _, err := s.App.Audit.Seal(context.Background(), s.App.Client); err != nil {
				t.Fatal(err)
			}
			masks := s.App.Client.Item.Query().Where(item.Name("口罩")).OnlyIDX(systemCtx())
			clients := map[string]*apptest.Client{}
			tried := 0
			for _, name := range slices.Sorted(maps.Keys(matrix)) {
				row := matrix[name]
				field := schema.Mutation.Fields.ForName(name)
				if field == nil || name == "login" {
					continue // a query, or the one mutation that checks a password and writes nothing else
				}
				role := callerOf(row)
				if clients[role] == nil {
					clients[role] = s.As(t, demoAccount[role])
				}
				for _, arg := range field.Arguments {
					if unchecked[name+"."+arg.Name] {
						continue
					}
					for _, pos := range scalarPositions(schema, arg.Type, nil, map[string]bool{}) {
						var base map[string]any
						if row.vars != nil {
							base = row.vars(f, role)
						}
						_, baseArgs := asVariables(t, schema, row.doc, base)
						was, _ := getAt(baseArgs[arg.Name], pos.path)
						for _, jj := range junkFor(pos.typ, was) {
							if jj.whole && !countedByItem[name] {
								continue
							}
							{
								fx := *f
								if jj.whole {
									fx.item = masks
								}
								var vars map[string]any
								if row.vars != nil {
									vars = row.vars(&fx, role)
								}
								f.run = fx.run
								doc, args := asVariables(t, schema, row.doc, vars)
								value, ok := setAt(schema, arg.Type, args[arg.Name], pos.path, jj.value, jj.whole)
								if !ok {
									continue
								}
								sent := maps.Clone(args)
								sent[arg.Name] = value
								label := fmt.Sprintf("%s(%s%s) %s", name, arg.Name, strings.Join(pos.path, ""), jj.name)
								events, rows := lastEvent(s), rowCount(t, s)
								r := clients[role].Do(doc, sent)
								tried++
								field := []string{arg.Name}
								for _, p := range pos.path {
									if p != "[]" {
										field = []string{p}
									}
								}
								if r.Code() != "BAD_USER_INPUT" || fieldAnswered(r.Data, name) {
									t.Errorf("%s: %d %s %s", label, r.Status, r.Code(), message(r))
								} else if !names(r, strings.Trim(field[0], ".[]")) {
									t.Errorf("%s: the error does not name the field: %s", label, message(r))
								}
								if lastEvent(s) != events || rowCount(t, s) != rows {
									t.Errorf("%s wrote something", label)
								}
							}
						}
					}
				}
			}
			if tried < 200 {
				t.Errorf("only %d junk inputs tried", tried)
			}
			t.Logf("%d junk inputs tried", tried)
		})
	}
}

func message(r *apptest.Response) string {
	if len(r.Errors) == 0 {
		return "no error"
	}
	m := r.Errors[0].Message
	if len(m) > 200 {
		m = m[:200] + "…"
	}
	return fmt.Sprintf("%q %v", m, r.Errors[0].Extensions["field"])
}

// names says whether the error names the field: in its message or in extensions.field,
// in the schema's spelling or the database's.
func names(r *apptest.Response, field string) bool {
	norm := func(s string) string { return strings.ReplaceAll(strings.ToLower(s), "_", "") }
	f := norm(field)
	return strings.Contains(norm(r.Errors[0].Message), f) || strings.Contains(norm(fmt.Sprint(r.Errors[0].Extensions["field"])), f)
}

// rowCount is the number of rows in every table of the schema, in one statement.
func rowCount(t *testing.T, s *apptest.Server) int {
	t.Helper()
	var parts []string
	for _, tbl := range migrate.Tables {
		parts = append(parts, fmt.Sprintf("(SELECT COUNT(*) FROM %s)", tbl.Name))
	}
	var n int
	if err := s.App.DB.QueryRow("SELECT " + strings.Join(parts, " + ")).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// scalarPosition is a String, number, quantity or date inside an argument's value.
type scalarPosition struct {
	typ  string
	path []string
}

func scalarPositions(schema *ast.Schema, typ *ast.Type, path []string, seen map[string]bool) []scalarPosition {
	if typ.Elem != nil {
		return scalarPositions(schema, typ.Elem, append(slices.Clone(path), "[]"), seen)
	}
	def := schema.Types[typ.NamedType]
	switch {
	case def.Kind == ast.Scalar && junkFor(def.Name, "2020-01-01") != nil:
		return []scalarPosition{{typ: def.Name, path: path}}
	case def.Kind == ast.InputObject && !seen[def.Name]:
		inner := maps.Clone(seen)
		inner[def.Name] = true
		var out []scalarPosition
		for _, f := range def.Fields {
			out = append(out, scalarPositions(schema, f.Type, append(slices.Clone(path), "."+f.Name), inner)...)
		}
		return out
	}
	return nil
}

// asVariables rewrites doc's one mutation field so that each of its arguments is a
// variable of its declared type, and returns the arguments' values (its literals with
// vars in place): the test then changes a value anywhere inside them.
func asVariables(t *testing.T, schema *ast.Schema, doc string, vars map[string]any) (string, map[string]any) {
	t.Helper()
	q, err := parser.ParseQuery(&ast.Source{Input: doc})
	if err != nil {
		t.Fatalf("%v\n%s", err, doc)
	}
	field := q.Operations[0].SelectionSet[0].(*ast.Field)
	def := schema.Mutation.Fields.ForName(field.Name)
	args := map[string]any{}
	var decls, uses []string
	for _, a := range field.Arguments {
		v, err := a.Value.Value(vars)
		if err != nil {
			t.Fatal(err)
		}
		args[a.Name] = v
		decls = append(decls, "$"+a.Name+": "+def.Arguments.ForName(a.Name).Type.String())
		uses = append(uses, a.Name+": $"+a.Name)
	}
	for _, a := range def.Arguments { // optional arguments the call leaves out
		if field.Arguments.ForName(a.Name) == nil {
			decls = append(decls, "$"+a.Name+": "+a.Type.String())
			uses = append(uses, a.Name+": $"+a.Name)
		}
	}
	sel := ""
	if schema.Types[def.Type.Name()].Kind == ast.Object {
		sel = " { __typename }"
	}
	return fmt.Sprintf("mutation(%s) { %s(%s)%s }", strings.Join(decls, ", "), field.Name, strings.Join(uses, ", "), sel), args
}

// getAt reads the value at path, if there is one.
func getAt(v any, path []string) (any, bool) {
	for _, p := range path {
		switch p {
		case "[]":
			l, _ := v.([]any)
			if len(l) == 0 {
				return nil, false
			}
			v = l[0]
		default:
			m, _ := v.(map[string]any)
			if m == nil {
				return nil, false
			}
			v = m[strings.TrimPrefix(p, ".")]
		}
	}
	return v, true
}

// setAt returns v with junk at path (the first element of each list on the way), or
// false when the way leads through a list or object the call does not give and that
// cannot be made up. With whole, a unit beside the junk becomes PIECE.
func setAt(schema *ast.Schema, typ *ast.Type, v any, path []string, junk any, whole bool) (any, bool) {
	if len(path) == 0 {
		return junk, true
	}
	if path[0] == "[]" {
		l, _ := v.([]any)
		if len(l) == 0 {
			if len(path) > 1 {
				return nil, false
			}
			return []any{junk}, true
		}
		e, ok := setAt(schema, typ.Elem, l[0], path[1:], junk, whole)
		out := append([]any{e}, l[1:]...)
		return out, ok
	}
	m, _ := v.(map[string]any)
	def := schema.Types[typ.NamedType]
	if m == nil {
		for _, f := range def.Fields { // a missing object can be made up only when it needs nothing
			if f.Type.NonNull && f.DefaultValue == nil {
				return nil, false
			}
		}
		m = map[string]any{}
	}
	m = maps.Clone(m)
	name := strings.TrimPrefix(path[0], ".")
	inner, ok := setAt(schema, def.Fields.ForName(name).Type, m[name], path[1:], junk, whole)
	m[name] = inner
	if whole && len(path) == 1 && def.Fields.ForName("unit") != nil {
		m["unit"] = "PIECE"
	}
	return m, ok
}
