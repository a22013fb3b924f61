package app_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
	"github.com/vektah/gqlparser/v2/parser"

	"mzdesk/ent"
	"mzdesk/ent/auditevent"
	"mzdesk/graph"
	"mzdesk/internal/apptest"
	"mzdesk/internal/viewer"
)

// selectionVariants are calls beyond the role matrix's one per mutation whose logic once
// depended on what the client selected: a MANUAL split to a village was refused unless
// the answer asked for the leftover.
var selectionVariants = map[string]operation{
	"allocateDonation MANUAL": {doc: `mutation($line: ID!, $v: ID!) { allocateDonation(input: {lineID: $line, method: MANUAL,
			shares: [{recipientID: $v, quantity: "5", unit: KG}]}) { leftover } }`,
		allowed: []string{viewer.CharityOffice},
		vars:    func(f *fixture, _ string) map[string]any { return map[string]any{"line": f.line().ID, "v": f.village} }},
}

// TestMutationsIgnoreTheirSelection runs every mutation of the schema (the role matrix's
// call, as a role allowed to make it) once selecting only __typename and once selecting
// every field two levels deep: both must succeed and write the same changes, as the
// audit events they leave show. Logic that loaded what it needs through the client's
// selection, or field resolvers that read beside the mutation's transaction, fail here.
func TestMutationsIgnoreTheirSelection(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	calls := map[string]operation{}
	for _, f := range schema.Mutation.Fields {
		row, ok := matrix[f.Name]
		if !ok {
			t.Errorf("mutation %q has no call in the role matrix to try with a minimal selection", f.Name)
			continue
		}
		calls[f.Name] = row
	}
	for name, row := range selectionVariants {
		calls[name] = row
	}
	names := slices.Sorted(maps.Keys(calls))
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			f := newFixture(s)
			clients := map[string]*apptest.Client{}
			for _, name := range names {
				row := calls[name]
				role := callerOf(row)
				if clients[role] == nil {
					clients[role] = s.As(t, demoAccount[role])
				}
				minimal, full := reselect(t, schema, row.doc, nil), reselect(t, schema, row.doc, unreadable[role])
				var changes [3][]string
				for i, doc := range []string{full, full, minimal} { // the first call makes repeated calls alike: an upsert updates from then on
					var vars map[string]any
					if row.vars != nil {
						vars = row.vars(f, role)
					}
					since := lastEvent(s)
					if r := clients[role].Do(doc, vars); len(r.Errors) > 0 {
						t.Errorf("%s as %s (call %d): %s %s at %v\n%s", name, role, i+1, r.Code(), r.Errors[0].Message, r.Errors[0].Path, doc)
					}
					changes[i] = changesSince(s, since)
				}
				if !slices.Equal(changes[1], changes[2]) {
					t.Errorf("%s selecting only __typename wrote\n  %v\nwhere selecting every field wrote\n  %v", name, changes[2], changes[1])
				}
				if len(changes[2]) == 0 && name != "login" {
					t.Errorf("%s wrote nothing the audit saw", name)
				}
			}
		})
	}
}

// callerOf is the role that makes a call: the first allowed in a fixed order, so the
// most powerful one whose answers nothing hides.
func callerOf(row operation) string {
	for _, r := range []string{viewer.Admin, viewer.CharityOffice, viewer.Bureau, viewer.CareOfficer,
		viewer.Inspector, viewer.VillageCommittee, viewer.Institution} {
		if slices.Contains(row.allowed, r) {
			return r
		}
	}
	return viewer.Admin
}

// unreadable are the fields a role's full selection leaves out because the role may not
// read them at all: a village committee reads no institution, enterprise or inspection
// group, not even the missing edges of its own allocation and account.
var unreadable = map[string][]string{
	viewer.VillageCommittee: {"institution", "enterprise", "inspectionGroup"},
}

// reselect rewrites the selection of doc's one mutation field: only __typename when
// leave is nil, otherwise every field down to two levels but those named in leave.
func reselect(t *testing.T, schema *ast.Schema, doc string, leave []string) string {
	t.Helper()
	q, err := parser.ParseQuery(&ast.Source{Input: doc})
	if err != nil {
		t.Fatalf("%v\n%s", err, doc)
	}
	field := q.Operations[0].SelectionSet[0].(*ast.Field)
	typ := schema.Types[schema.Mutation.Fields.ForName(field.Name).Type.Name()]
	field.SelectionSet = nil
	if typ.Kind == ast.Object {
		sel := "{ __typename }"
		if leave != nil {
			sel = everyField(schema, typ, 2, leave)
		}
		sub, err := parser.ParseQuery(&ast.Source{Input: "{ x " + sel + " }"})
		if err != nil {
			t.Fatalf("%v\n%s", err, sel)
		}
		field.SelectionSet = sub.Operations[0].SelectionSet[0].(*ast.Field).SelectionSet
	}
	var b strings.Builder
	formatter.NewFormatter(&b).FormatQueryDocument(q)
	return b.String()
}

// everyField selects every field of typ that needs no argument, and the fields of what
// they point to down to depth levels; below that, only the __typename.
func everyField(schema *ast.Schema, typ *ast.Definition, depth int, leave []string) string {
	var b strings.Builder
	b.WriteString("{ __typename")
	if typ.Kind == ast.Union || typ.Kind == ast.Interface {
		for _, p := range schema.GetPossibleTypes(typ) {
			fmt.Fprintf(&b, " ... on %s %s", p.Name, everyField(schema, p, depth, leave))
		}
		return b.String() + " }"
	}
	for _, f := range typ.Fields {
		if strings.HasPrefix(f.Name, "__") || slices.Contains(leave, f.Name) || slices.ContainsFunc(f.Arguments, func(a *ast.ArgumentDefinition) bool {
			return a.Type.NonNull && a.DefaultValue == nil
		}) {
			continue
		}
		target := schema.Types[f.Type.Name()]
		name := f.Name
		if f.Arguments.ForName("first") != nil {
			name += "(first: 2)" // a connection: the server asks for a page size
		}
		switch {
		case target.Kind == ast.Scalar || target.Kind == ast.Enum:
			b.WriteString(" " + name)
		case depth > 1:
			b.WriteString(" " + name + " " + everyField(schema, target, depth-1, leave))
		default:
			b.WriteString(" " + name + " { __typename }")
		}
	}
	return b.String() + " }"
}

// lastEvent is the id of the newest audit event.
func lastEvent(s *apptest.Server) int {
	id, err := s.App.Client.AuditEvent.Query().Aggregate(ent.Max(auditevent.FieldID)).Int(systemCtx())
	if err != nil {
		return 0
	}
	return id
}

// changesSince describes the audit events after id: entity, action and the fields
// written, sorted; not the values, which differ between two calls' fresh rows.
func changesSince(s *apptest.Server, id int) []string {
	var out []string
	for _, e := range s.App.Client.AuditEvent.Query().Where(auditevent.IDGT(id)).AllX(systemCtx()) {
		out = append(out, fmt.Sprintf("%s %s %s", e.EntityType, e.Action, fieldNames(e.After)))
	}
	slices.Sort(out)
	return out
}

// fieldNames lists the fields an event's after-image names.
func fieldNames(after string) []string {
	var m map[string]any
	_ = json.Unmarshal([]byte(after), &m) // a deletion's after-image is empty
	return slices.Sorted(maps.Keys(m))
}

// TestNewDonorNamedInTheAnswer records a donation from a donor entered with it and asks
// for the donor's name in the same answer: the name is read inside the mutation's
// transaction, where the new donor already exists.
func TestNewDonorNamedInTheAnswer(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			f := newFixture(s)
			var out struct {
				CreateDonation struct {
					DonorName string
					Lines     []struct{ Quantity string }
				}
			}
			s.As(t, "charity").MustDo(`mutation($item: ID!) { createDonation(input: {newDonor: {name: "常德市新捐赠人有限公司", kind: ENTERPRISE},
				donatedOn: "2020-02-10T00:00:00Z", lines: [{itemID: $item, quantity: "2", unit: KG}]}) { donorName lines { quantity } } }`,
				map[string]any{"item": f.item}, &out)
			if out.CreateDonation.DonorName != "常德市新捐赠人有限公司" || len(out.CreateDonation.Lines) != 1 {
				t.Errorf("answer %+v", out.CreateDonation)
			}
		})
	}
}
