// Package joined tells a predicate whether it is being written into the ON clause of a
// to-one edge joined into its parent's statement (ent/template/toone.tmpl) or into a
// query's own WHERE, and which join that is.
//
// Two edge filters read it. An edge filter written as IN (ent/template/filterin.tmpl)
// reads a list's rows from the few at the edge's other end, but in an ON clause the row is
// already chosen: there a probe of that one row (EXISTS) is cheaper than the whole set the
// IN would gather, once per statement. And an edge filter that crosses the very columns
// its join meets on is written ThroughParent.
package joined

import (
	"context"
	"reflect"
	"strings"

	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/sqlgraph"
)

// Join is the ON clause of one joined to-one edge.
type Join struct {
	// Edge is the edge's table as the statement names it (aliased), Key its column the
	// join meets.
	Edge *sql.SelectTable
	Key  string
	// Parent is the parent's table as the statement names it, ParentTable its table and
	// ParentKey its column the join meets. ParentOn is the parent's own ON clause when the
	// parent is joined too, or a plain ON mark when it is the statement's own table.
	Parent      *sql.SelectTable
	ParentTable string
	ParentKey   string
	ParentOn    context.Context
	// Required is what the statement's WHERE asks of every row it returns when the parent
	// is the statement's own table (nothing for a joined parent).
	Required Required
}

type onKey struct{}

// On marks ctx as the context of a join's ON clause; j is the join, or nil for a mark
// that names none.
func On(ctx context.Context, j *Join) context.Context {
	if j == nil {
		j = &Join{}
	}
	return context.WithValue(ctx, onKey{}, j)
}

// IsOn tells whether ctx is the context of a join's ON clause, or of a subquery in one.
func IsOn(ctx context.Context) bool {
	_, on := ctx.Value(onKey{}).(*Join)
	return on
}

// ThroughParent writes, in the ON clause of a joined edge, "s's row has a neighbour over
// step that pred matches" when step crosses the columns the join meets on: the parent row
// is then one of those neighbours, so the filter holds for every row it held for before
// when written "pred(the parent) OR EXISTS (the neighbours pred matches)". The rows are
// the same, but a database that reads the OR from the left (MariaDB and SQLite do) runs no
// subquery for a parent that pred matches: every row of a list whose viewer may read its
// parents, as a village reads its own allocations, their lines and their receipts. It
// reports whether it wrote the filter; when it did not, ent writes its own EXISTS.
func ThroughParent(s *sql.Selector, step *sqlgraph.Step, pred func(*sql.Selector)) bool {
	j, _ := s.Context().Value(onKey{}).(*Join)
	if j == nil || j.Parent == nil || step.To.Table != j.ParentTable || len(step.Edge.Columns) != 1 {
		return false
	}
	if s.C(j.Key) != j.Edge.C(j.Key) { // a subquery inside the ON clause, not the edge's row
		return false
	}
	switch {
	case step.FromEdgeOwner(): // the edge's row holds the foreign key: a receipt's allocation
		if step.Edge.Columns[0] != j.Key || step.To.Column != j.ParentKey {
			return false
		}
	case step.ToEdgeOwner(): // the parent holds it: an allocation's line
		if step.Edge.Columns[0] != j.ParentKey || step.From.Column != j.Key {
			return false
		}
	default:
		return false
	}
	b := sql.Dialect(s.Dialect())
	parent := b.Select().From(j.Parent)
	parent.WithContext(j.ParentOn)
	pred(parent)
	matches := parent.P()
	if matches == nil { // no filter on the neighbours: ent's EXISTS says it in full
		return false
	}
	if Always(matches) || j.Required.has(matches) {
		s.Where(always())
		return true
	}
	probe := b.Select().From(j.Edge)
	probe.WithContext(s.Context())
	sqlgraph.HasNeighborsWith(probe, step, pred)
	s.Where(sql.Or(matches, probe.P()))
	return true
}

// always is the filter that holds for every row.
func always() *sql.Predicate {
	return sql.P(func(b *sql.Builder) { b.WriteString("TRUE") })
}

// Always tells whether p is the filter ThroughParent writes when it holds for every row,
// which a join may leave out of its ON clause.
func Always(p *sql.Predicate) bool {
	text, args := p.Query()
	return text == "TRUE" && len(args) == 0
}

// Required is the conditions a statement's WHERE ANDs, read once for all its joins.
type Required []condition

// RequiredBy reads where at the ANDs outside parentheses and quotes, and inside
// parentheses that hold a whole condition. Anything else (an OR, a NOT, a condition inside
// a subquery) is not required, nor is anything of a text it cannot read.
func RequiredBy(where *sql.Predicate) Required {
	if where == nil {
		return nil
	}
	return conjuncts(where.Query())
}

// has tells whether p is one of the conditions: the same text with the same arguments.
func (r Required) has(p *sql.Predicate) bool {
	if len(r) == 0 {
		return false
	}
	want, wantArgs := p.Query()
	for _, c := range r {
		if c.text == want && reflect.DeepEqual(c.args, wantArgs) {
			return true
		}
	}
	return false
}

// condition is one of the conditions a WHERE ANDs, with its arguments.
type condition struct {
	text string
	args []any
}

// conjuncts splits text (with its ? arguments, in order) at its ANDs outside parentheses
// and quoted names or strings, and again inside any part wholly in parentheses. It
// returns nil when the text does not read as it expects (a backslash, unbalanced
// parentheses or quotes, or another count of ? than of arguments), so that no condition
// is taken for required.
func conjuncts(text string, args []any) []condition {
	if strings.IndexByte(text, '\\') >= 0 { // an escape inside a quoted string: not read here
		return nil
	}
	var out []condition
	depth, start, used, partArgs := 0, 0, 0, 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\'', '"', '`':
			if i = closingQuote(text, i); i < 0 {
				return nil
			}
		case '(':
			depth++
		case ')':
			if depth--; depth < 0 {
				return nil
			}
		case '?':
			partArgs++
		case ' ':
			if depth == 0 && strings.HasPrefix(text[i:], " AND ") {
				if used+partArgs > len(args) {
					return nil
				}
				out = append(out, part(text[start:i], args[used:used+partArgs])...)
				used += partArgs
				partArgs = 0
				i += len(" AND ") - 1
				start = i + 1
			}
		}
	}
	if depth != 0 || used+partArgs != len(args) {
		return nil
	}
	return append(out, part(text[start:], args[used:])...)
}

// part is one condition of conjuncts, or the conditions inside it when it is wholly in
// parentheses.
func part(text string, args []any) []condition {
	if inner, ok := wrapped(text); ok {
		return append([]condition{{text, args}}, conjuncts(inner, args)...)
	}
	return []condition{{text, args}}
}

// wrapped returns what is inside text's parentheses when the first one closes at its end.
func wrapped(text string) (string, bool) {
	if len(text) < 2 || text[0] != '(' || text[len(text)-1] != ')' {
		return "", false
	}
	depth := 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '\'', '"', '`':
			if i = closingQuote(text, i); i < 0 {
				return "", false
			}
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 && i != len(text)-1 {
				return "", false
			}
		}
	}
	inner := text[1 : len(text)-1]
	if strings.HasPrefix(strings.ToUpper(inner), "SELECT ") { // a subquery's conditions are its own
		return "", false
	}
	return inner, depth == 0
}

// closingQuote is the index of the quote that closes the one at text[i], or -1.
func closingQuote(text string, i int) int {
	end := strings.IndexByte(text[i+1:], text[i])
	if end < 0 {
		return -1
	}
	return i + 1 + end
}
