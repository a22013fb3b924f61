package app_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"

	"mzdesk/graph"
	"mzdesk/internal/app"
	"mzdesk/internal/apptest"
	"mzdesk/internal/config"
)

// badInput is one bad value put at one place of one field's arguments.
type badInput struct {
	name  string // what it tries, for the failure message
	op    string // "query" or "mutation"
	doc   string
	vars  map[string]any
	field string // the root field whose answer must be null
}

// TestBadInputIsBadUserInput walks the GraphQL schema and, for every field that takes
// arguments (at the root and on every type a query reaches), tries each class of bad
// input: first and last together, negative first or last, a garbage and a crafted
// cursor, a date that does not exist (2020-02-30), and a list one value over the cap at
// every list of every argument and input object (codeIn, idIn, and/or, nodes' ids,
// mutation inputs). Each is answered BAD_USER_INPUT, not a 5xx, with no data, and the
// server's INTERNAL error count and 5xx count do not move; nor do they for a body that is
// not JSON and for production's refusal of introspection.
func TestBadInputIsBadUserInput(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	cases := badInputs(t, schema)
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			s := apptest.Start(t, db)
			admin := s.As(t, "admin")
			internal := func() (int, int) { return internalCounts(t, s.URL, "") }
			errsBefore, fiveBefore := internal()
			for _, c := range cases {
				r := admin.Do(c.doc, c.vars)
				if r.Code() != "BAD_USER_INPUT" || r.Status >= 500 || fieldAnswered(r.Data, c.field) {
					t.Errorf("%s: %d %s %+v\n%s %v", c.name, r.Status, r.Data, r.Errors, c.doc, shorten(c.vars))
				}
			}
			res, err := http.Post(s.URL+"/graphql", "application/json", strings.NewReader(`{not json`))
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusBadRequest {
				t.Errorf("a body that is not JSON: %d", res.StatusCode)
			}
			errsAfter, fiveAfter := internal()
			if errsAfter != errsBefore || fiveAfter != fiveBefore {
				t.Errorf("bad input moved the internal error count %d → %d and the 5xx count %d → %d", errsBefore, errsAfter, fiveBefore, fiveAfter)
			}
		})
	}
	t.Run("production introspection", func(t *testing.T) {
		a, err := app.New(context.Background(), config.Config{
			Env: "production", DB: apptest.Databases()[0].New(t), MetricsToken: "metrics-token",
			JWTSecret: []byte("a-production-secret-of-enough-length-0123456789"),
		})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(a.Handler)
		defer func() { srv.Close(); a.Close() }()
		before, _ := internalCounts(t, srv.URL, "metrics-token")
		r := apptest.PublicAt(t, srv.URL).Do(`{ __schema { types { name } } }`, nil)
		if r.Code() != "BAD_USER_INPUT" || r.Status >= 500 {
			t.Errorf("introspection in production: %d %+v", r.Status, r.Errors)
		}
		if after, _ := internalCounts(t, srv.URL, "metrics-token"); after != before {
			t.Errorf("introspection in production counted as internal: %d → %d", before, after)
		}
	})
	t.Logf("%d bad inputs tried on each database", len(cases))
}

var internalSeries = regexp.MustCompile(`(?m)^mzdesk_graphql_errors_total\{code="INTERNAL"\} (\d+)$`)
var fiveSeries = regexp.MustCompile(`(?m)^mzdesk_http_requests_total\{route="graphql",status="5\d\d"\} (\d+)$`)

// internalCounts reads the INTERNAL errors and 5xx answers of /graphql from /metrics.
func internalCounts(t *testing.T, base, token string) (internal, fivexx int) {
	t.Helper()
	code, body := get(t, base+"/metrics", token)
	if code != 200 {
		t.Fatalf("/metrics: %d", code)
	}
	if m := internalSeries.FindStringSubmatch(body); m != nil {
		internal, _ = strconv.Atoi(m[1])
	}
	for _, m := range fiveSeries.FindAllStringSubmatch(body, -1) {
		n, _ := strconv.Atoi(m[1])
		fivexx += n
	}
	return internal, fivexx
}

func fieldAnswered(data []byte, field string) bool {
	s := string(data)
	return s != "" && s != "null" && !strings.Contains(s, `"`+field+`":null`)
}

// shorten keeps a failure message readable when a variable holds a thousand values.
func shorten(vars map[string]any) string {
	s := fmt.Sprint(vars)
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// badInputs generates the cases from the schema.
func badInputs(t *testing.T, schema *ast.Schema) []badInput {
	t.Helper()
	w := &walker{schema: schema}
	var cases []badInput
	lists, dates, cursors, pages := 0, 0, 0, 0
	for _, target := range w.targets() {
		f := target.field
		for _, arg := range f.Arguments {
			for _, pos := range w.positions(arg.Type, nil, map[string]bool{}) {
				var junk []any
				var what []string
				switch pos.kind {
				case "list":
					many := make([]any, graph.DefaultLimits.MaxList+1)
					for i := range many {
						many[i] = w.minimal(pos.typ.Elem)
					}
					junk, what = append(junk, many), append(what, "a list over the cap")
					lists++
				case "Time":
					junk, what = append(junk, "2020-02-30T00:00:00Z"), append(what, "2020-02-30")
					dates++
				case "Cursor":
					// msgpack {"i": 1, "v": {"x": 1}}: a well-formed cursor whose value is a map
					crafted := base64.RawStdEncoding.EncodeToString([]byte("\x82\xa1i\x01\xa1v\x81\xa1x\x01"))
					junk, what = append(junk, "%%garbage", crafted), append(what, "a garbage cursor", "a crafted cursor")
					cursors++
				}
				for i := range junk {
					vars := map[string]any{arg.Name: w.build(arg.Type, pos.path, junk[i])}
					cases = append(cases, w.request(target, fmt.Sprintf("%s.%s%s: %s", target.name, arg.Name, strings.Join(pos.path, ""), what[i]), vars))
				}
			}
		}
		if f.Arguments.ForName("first") != nil && f.Arguments.ForName("last") != nil {
			for what, vars := range map[string]map[string]any{
				"first and last": {"first": 1, "last": 1}, "first -1": {"first": -1}, "last -1": {"last": -1},
			} {
				cases = append(cases, w.request(target, target.name+": "+what, vars))
			}
			pages++
		}
	}
	// The classes must have been found where the issue saw them, or the walk is wrong.
	if lists < 100 || dates < 10 || cursors < 20 || pages < 20 {
		t.Fatalf("the walk found %d lists, %d dates, %d cursors, %d connections", lists, dates, cursors, pages)
	}
	found := map[string]bool{}
	for _, c := range cases {
		for _, want := range []string{"Query.orgUnits.where.codeIn", "Query.nodes.ids", "Query.allocations.where.idIn"} {
			if strings.HasPrefix(c.name, want+":") {
				found[want] = true
			}
		}
	}
	if len(found) != 3 {
		t.Fatalf("the walk missed some of codeIn, nodes' ids, idIn: %v", found)
	}
	return cases
}

// walker generates requests from the GraphQL schema.
type walker struct{ schema *ast.Schema }

// target is a field that takes arguments, with the way a request reaches it.
type target struct {
	name  string
	op    string
	field *ast.FieldDefinition
	// via is the path of fields from the root to the field's parent, each with the
	// selection that steps into a connection's nodes where it is one.
	via []*ast.FieldDefinition
}

// targets lists every field with arguments: those of Query and Mutation, and those of
// every object type a query reaches (first found path, breadth first).
func (w *walker) targets() []target {
	var out []target
	for _, f := range w.schema.Mutation.Fields {
		if len(f.Arguments) > 0 {
			out = append(out, target{name: "Mutation." + f.Name, op: "mutation", field: f})
		}
	}
	type step struct {
		typ string
		via []*ast.FieldDefinition
	}
	seen := map[string]bool{"Query": true}
	queue := []step{{typ: "Query"}}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, f := range w.schema.Types[s.typ].Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			if len(f.Arguments) > 0 {
				out = append(out, target{name: s.typ + "." + f.Name, op: "query", field: f, via: s.via})
			}
			next := w.objectOf(f.Type)
			if next == "" || seen[next] {
				continue
			}
			seen[next] = true
			queue = append(queue, step{typ: next, via: append(append([]*ast.FieldDefinition{}, s.via...), f)})
		}
	}
	return out
}

// objectOf is the object type a field leads to, through a connection to its nodes.
func (w *walker) objectOf(typ *ast.Type) string {
	for typ.Elem != nil {
		typ = typ.Elem
	}
	def := w.schema.Types[typ.NamedType]
	if def == nil || def.Kind != ast.Object {
		return ""
	}
	if strings.HasSuffix(def.Name, "Connection") {
		if edges := def.Fields.ForName("edges"); edges != nil {
			if node := w.schema.Types[w.named(edges.Type)].Fields.ForName("node"); node != nil {
				return w.named(node.Type)
			}
		}
	}
	return def.Name
}

func (w *walker) named(typ *ast.Type) string {
	for typ.Elem != nil {
		typ = typ.Elem
	}
	return typ.NamedType
}

// request writes the document that reaches target and gives its arguments vars, the
// others (required ones on the way and on the field) their minimal values.
func (w *walker) request(tg target, name string, vars map[string]any) badInput {
	all := map[string]any{}
	var decls []string
	n := 0
	args := func(f *ast.FieldDefinition, given map[string]any) string {
		var parts []string
		for _, a := range f.Arguments {
			v, ok := given[a.Name]
			if !ok {
				switch {
				case a.Name == "first" && given["last"] == nil:
					v = 1
				case a.Type.NonNull && a.DefaultValue == nil:
					v = w.minimal(a.Type)
				default:
					continue
				}
			}
			n++
			vn := fmt.Sprintf("v%d", n)
			all[vn] = v
			decls = append(decls, "$"+vn+": "+a.Type.String())
			parts = append(parts, a.Name+": $"+vn)
		}
		if len(parts) == 0 {
			return ""
		}
		return "(" + strings.Join(parts, ", ") + ")"
	}
	sel := "{ __typename }"
	if def := w.schema.Types[w.named(tg.field.Type)]; def.Kind == ast.Scalar || def.Kind == ast.Enum {
		sel = ""
	}
	body := tg.field.Name + args(tg.field, vars) + " " + sel
	for i := len(tg.via) - 1; i >= 0; i-- {
		f := tg.via[i]
		inner := body
		if strings.HasSuffix(w.named(f.Type), "Connection") {
			inner = "edges { node { " + body + " } }"
		}
		body = f.Name + args(f, map[string]any{}) + " { " + inner + " }"
	}
	root := tg.field.Name
	if len(tg.via) > 0 {
		root = tg.via[0].Name
	}
	doc := tg.op
	if len(decls) > 0 {
		doc += "(" + strings.Join(decls, ", ") + ")"
	}
	return badInput{name: name, op: tg.op, doc: doc + " { " + body + " }", vars: all, field: root}
}

// position is a place inside an argument's value where bad input can go.
type position struct {
	kind string // "list", or the scalar's name
	path []string
	typ  *ast.Type
}

// positions lists the lists and the Time and Cursor scalars inside a value of typ. Each
// input type is entered once per path, so and/or/not recursion ends.
func (w *walker) positions(typ *ast.Type, path []string, seen map[string]bool) []position {
	var out []position
	if typ.Elem != nil {
		out = append(out, position{kind: "list", path: path, typ: typ})
		return append(out, w.positions(typ.Elem, append(append([]string{}, path...), "[]"), seen)...)
	}
	def := w.schema.Types[typ.NamedType]
	switch {
	case def.Kind == ast.Scalar && (def.Name == "Time" || def.Name == "Cursor"):
		out = append(out, position{kind: def.Name, path: path, typ: typ})
	case def.Kind == ast.InputObject && !seen[def.Name]:
		inner := map[string]bool{def.Name: true}
		for k := range seen {
			inner[k] = true
		}
		for _, f := range def.Fields {
			out = append(out, w.positions(f.Type, append(append([]string{}, path...), "."+f.Name), inner)...)
		}
	}
	return out
}

// build is the minimal value of typ with junk at path.
func (w *walker) build(typ *ast.Type, path []string, junk any) any {
	if len(path) == 0 {
		return junk
	}
	if path[0] == "[]" {
		return []any{w.build(typ.Elem, path[1:], junk)}
	}
	obj, _ := w.minimal(&ast.Type{NamedType: typ.NamedType, NonNull: true}).(map[string]any)
	field := w.schema.Types[typ.NamedType].Fields.ForName(strings.TrimPrefix(path[0], "."))
	obj[field.Name] = w.build(field.Type, path[1:], junk)
	return obj
}

// minimal is a value of typ that passes the schema's own checks.
func (w *walker) minimal(typ *ast.Type) any {
	if typ.Elem != nil {
		return []any{w.minimal(typ.Elem)}
	}
	def := w.schema.Types[typ.NamedType]
	switch def.Kind {
	case ast.Enum:
		return def.EnumValues[0].Name
	case ast.InputObject:
		obj := map[string]any{}
		for _, f := range def.Fields {
			if f.Type.NonNull && f.DefaultValue == nil {
				obj[f.Name] = w.minimal(f.Type)
			}
		}
		return obj
	}
	switch def.Name {
	case "String":
		return "x"
	case "Int", "Int64", "Float":
		return 1
	case "Boolean":
		return false
	case "ID":
		return "1"
	case "Time":
		return "2020-03-17T08:00:00+08:00"
	case "Quantity":
		return "1"
	}
	return nil
}
