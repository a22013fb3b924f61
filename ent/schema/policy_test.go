package schema_test

import (
	"testing"

	"mzdesk/ent/migrate"
)

// TestEdgeLoadsRestOnOneEdge guards what the policies' edge loads assume: the only way
// from an allocation to a donation line is its line, and from a line to a donation its
// donation. A second edge between them (a foreign key either way, or a join table) would
// load rows under a check made for the first, so this fails until policy.go is revisited.
func TestEdgeLoadsRestOnOneEdge(t *testing.T) {
	for _, pair := range [][2]string{{"allocations", "donation_lines"}, {"donation_lines", "donations"}} {
		var links []string
		for _, tbl := range migrate.Tables {
			refs := map[string]bool{}
			for _, fk := range tbl.ForeignKeys {
				refs[fk.RefTable.Name] = true
				if (tbl.Name == pair[0] && fk.RefTable.Name == pair[1]) || (tbl.Name == pair[1] && fk.RefTable.Name == pair[0]) {
					links = append(links, fk.Symbol)
				}
			}
			if refs[pair[0]] && refs[pair[1]] {
				links = append(links, "join table "+tbl.Name)
			}
		}
		if len(links) != 1 || links[0] == "" {
			t.Errorf("%s and %s are linked by %v, want the one foreign key of %s", pair[0], pair[1], links, pair[0])
		}
	}
}
