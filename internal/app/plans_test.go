package app_test

import (
	"context"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"mzdesk/internal/apptest"
	"mzdesk/internal/database"
)

// The ledger the plans are read on: 武陵区's 128 villages each receive every line, as
// in the benchmarks' generated data, most long signed for, so that a village's lists
// and a donation's allocations are small slices of large tables. The planners choose
// as in production only when the tables are large: MariaDB on a few hundred rows scans
// whatever it may.
const (
	planLines     = 300    // lines split over every village: 38,400 allocations
	planOrgUnits  = 2_000  // org units in all, as in issue 19's data
	planDonations = 10_000 // donations in all, of one line each
	// planWaiting is how many of the newest lines are dispatched and not yet signed for.
	planWaiting = 20
)

// fixedTables are small tables whose size does not grow with the work: a scan of one
// costs the same next year as today.
var fixedTables = map[string]string{
	"items":             "the catalogue of donated goods: a few dozen items",
	"inspection_groups": "the bureau's inspection groups: a handful",
	"counters":          "one row per county's receipt sequence",
	"schema_migrations": "one row per migration",
	"care_plans":        "at most one per member of staff",
	"login_failures":    "the throttle's current window",
	"donors":            "hundreds at most: the charity office's list of givers is read whole",
	"staffs":            "the bureau's own staff: hundreds, listed whole",
	"institutions":      "the city's welfare institutions: about a hundred, listed whole",
	"enterprises":       "the enterprises the bureau's liaisons look after: dozens",
	"relief_payments":   "one row per programme, county, month and stage (a unique index): summed whole by the totals",
}

// screen is one query the SPA sends, as the role whose screen sends it.
type screen struct {
	role string                              // a demo account; "" for the public pages
	vars func(f *planFixture) map[string]any // the variables the screen sends
	doc  string                              // the document, when it is not one of the SPA's
	// allow names the tables this screen may read whole or sort, each with the reason.
	allow map[string]string
}

// screens names every query operation of the SPA's build (frontend/src/graphql, its
// persisted-query list) with who sends it and with what; a new query of the SPA fails
// the test until it has its row here. Beside them, the two reads of make bench-peer
// (internal/bench/peer.go) and the charity office's filters by donation.
var screens = map[string]screen{
	"AllocateOptions": {role: "charity", vars: func(f *planFixture) map[string]any {
		return map[string]any{"lineID": f.line, "countyCode": "430702"}
	}},
	"Allocation":          {role: "village", vars: func(f *planFixture) map[string]any { return map[string]any{"id": f.received} }},
	"AuditChainHeads":     {role: "admin"},
	"CareCases":           {allow: map[string]string{"care_assignments": "a village's open cases: a few"}, role: "village"},
	"CareFollowUps":       {role: "care"},
	"CareSummaries":       {role: "bureau"},
	"Communities":         {allow: map[string]string{"org_units": "a search by part of a name (LIKE '%…%'), which no index serves"}, role: "bureau", vars: func(*planFixture) map[string]any { return map[string]any{"name": "社区"} }},
	"ControlDashboard":    {allow: map[string]string{"problems": openProblems}, role: "bureau"},
	"Counties":            {role: "bureau"},
	"DonationCounties":    {allow: map[string]string{"allocations": donationAllocations, "donation_lines": donationAllocations, "org_units": "the city and its counties: a dozen units, by id"}, role: "charity", vars: donationVars},
	"DonationDetail":      {allow: donationSorts, role: "charity", vars: donationVars},
	"DonationFormOptions": {role: "charity"},
	"DonationOverview":    {allow: map[string]string{"allocations": overview, "donations": overview, "donation_lines": overview, "org_units": overview}, role: "bureau"},
	"DonationProgress":    {allow: donationSorts, role: "charity", vars: donationVars},
	"DonationTrail":       {vars: donationVars},
	"Donations":           {allow: map[string]string{"donations": "MariaDB 10.11 sorts the newest 100 of 10,000 donations rather than walk the donated_on index backwards (SQLite walks it)"}, role: "charity"},
	"DutyRoster":          {role: "bureau", vars: func(*planFixture) map[string]any { return map[string]any{"day": "2020-02-10"} }},
	"DutyStaff":           {role: "bureau"},
	"Enterprise":          {allow: map[string]string{"allocations": "an enterprise's own allocations: a handful, by id"}, role: "bureau", vars: func(f *planFixture) map[string]any { return map[string]any{"id": f.enterprise} }},
	"Enterprises":         {role: "bureau"},
	"GroupInstitutions":   {allow: map[string]string{"org_units": inspectorAccount}, role: "inspector"},
	"IncomingAllocations": {role: "village"},
	"Institution":         {allow: map[string]string{"org_units": inspectorAccount}, role: "inspector", vars: func(f *planFixture) map[string]any { return map[string]any{"id": f.institution} }},
	"LatestReports":       {role: "institution"},
	"LeftOut":             {role: "charity", vars: func(f *planFixture) map[string]any { return map[string]any{"id": f.line} }},
	"MySessions":          {role: "village"},
	"OpenDisputes":        {role: "charity", vars: donationVars},
	"OpenLines": {allow: map[string]string{"donation_lines": "an item's lines in id order: MariaDB walks the primary key when the item has a tenth of all lines; " +
		"which of them are open (allocated < quantity) no index can tell"}, role: "charity", vars: func(f *planFixture) map[string]any { return map[string]any{"itemID": f.item} }},
	"PreviewAllocation": {role: "charity", vars: func(f *planFixture) map[string]any {
		return map[string]any{"input": map[string]any{"lineID": f.openLine, "method": "EVEN", "recipients": map[string]any{"everyVillageUnder": f.county}}}
	}},
	"Problems": {allow: map[string]string{"problems": openProblems, "org_units": inspectorAccount}, role: "inspector", vars: func(*planFixture) map[string]any {
		return map[string]any{"where": map[string]any{"statusNEQ": "RESOLVED"}}
	}},
	"PublicDelivery":   {vars: func(f *planFixture) map[string]any { return map[string]any{"id": f.received} }},
	"PublicDonations":  {},
	"ReceiptCheck":     {vars: func(f *planFixture) map[string]any { return map[string]any{"id": f.received} }},
	"ReceiptHistory":   {allow: map[string]string{"receipts": villageReceipts, "allocations": villageReceipts}, role: "village"},
	"ReliefTotals":     {role: "bureau"},
	"ResolvedDisputes": {role: "charity", vars: donationVars},
	"StaffCare":        {role: "care", vars: func(f *planFixture) map[string]any { return map[string]any{"id": f.staff} }},
	"StaffPlan":        {role: "care", vars: func(f *planFixture) map[string]any { return map[string]any{"id": f.staff} }},
	"Staffs":           {role: "care", vars: func(*planFixture) map[string]any { return map[string]any{"where": map[string]any{"frontline": true}} }},
	"Streets":          {role: "charity", vars: func(*planFixture) map[string]any { return map[string]any{"path": "430700/430702/"} }},
	"TravellerAids":    {allow: map[string]string{"traveller_aids": "the total counts every record in the bureau's units: one per county and day"}, role: "bureau"},
	"Viewer":           {role: "village"},
	"Villages":         {role: "charity", vars: func(*planFixture) map[string]any { return map[string]any{"path": "430700/430702/"} }},
	"Waiting":          {role: "charity", vars: donationVars},

	"bench-peer (a): a village's first 20 allocations": {role: "village", doc: `query { allocations(first: 20, orderBy: {field: CREATED_AT,
		direction: DESC}) { edges { node { id quantity status line { item { name } donation { receiptNo donorName } }
		receipt { receiptNo } } } } }`},
	"bench-peer (b): a donation's 128 allocations": {role: "charity", vars: donationVars, doc: `query($id: ID!) { node(id: $id) { ... on Donation { lines {
		allocations(first: 200) { edges { node { quantity status village { name } receipt { receiptNo receivedQuantity } } } } } } } }`},
	"allocations hasLineWith {donationID}": {allow: donationSorts, role: "charity", vars: donationVars, doc: `query($id: ID!) {
		allocations(first: 1000, where: {hasLineWith: [{donationID: $id}]}) { totalCount edges { node { id status } } } }`},
	"org units by level": {allow: map[string]string{"org_units": "the counties, by id (the API's default order): a dozen; the SPA's lists of a level ask for CODE, which the (level, code) index gives"}, role: "charity", doc: `query { orgUnits(first: 50, where: {level: COUNTY}) { totalCount edges { node { code name } } } }`},
}

// Why some screens may sort or read whole what they do.
const (
	donationAllocations = "a donation's allocations, one per recipient (128 here), sorted by id once found through its lines"
	villageReceipts     = "a village's receipts newest first: chosen by the village, a column of their allocations, and " +
		"ordered by the receipt's time, so no one index gives both; what is sorted is one village's receipts"
	overview = "the overview sums every allocation in the bureau's units, so it reads them all: " +
		"only totals kept on write would spare it that"
	openProblems     = "the problems not yet resolved, all of them, deadline first (status <> RESOLVED is no index range)"
	inspectorAccount = "an inspector's token check reads the org units of its group through org_units.inspection_group_covers, " +
		"which has no index (the edge has no inverse in ent/schema to index it by)"
)

var donationSorts = map[string]string{"allocations": donationAllocations, "donation_lines": donationAllocations}

func donationVars(f *planFixture) map[string]any { return map[string]any{"id": f.donation} }

// planFixture is what the screens' variables name in the generated ledger.
type planFixture struct {
	village                        string // the account of the village whose lists are read
	donation, line, item, received int    // a donation of 128 allocations, its line and item, one signed-for allocation of the village
	enterprise, institution, staff int
	openLine, county               int // a line with nothing allocated yet; 武陵区
}

// TestScreensReadThroughIndexes sends every query of the SPA's screens, as the role that
// uses the screen, to a ledger of tens of thousands of allocations, and reads the plan
// of every statement each sends: none may scan a table that grows with the work, or
// sort rows an index could have given in order.
func TestScreensReadThroughIndexes(t *testing.T) {
	docs := spaQueries(t)
	for name := range docs {
		if _, ok := screens[name]; !ok {
			t.Errorf("the SPA's query %s has no row in screens: who sends it, with what variables", name)
		}
	}
	for name, sc := range screens {
		if _, ok := docs[name]; !ok && sc.doc == "" {
			t.Errorf("screens names %s, which is no longer a query of the SPA", name)
		}
	}
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			start := time.Now()
			f := fillLedger(t, s.App.DB)
			t.Logf("%s: ledger filled in %v", db.Name, time.Since(start).Round(time.Millisecond))
			sizes := tableSizes(t, s.App.DB)
			least := int64(0)
			if db.Name == "mysql" {
				least = 1_000
			}
			clients := map[string]*apptest.Client{"": s.Public(t)}
			var mu sync.Mutex
			var sent []traced
			stop := s.App.Trace(func(query string, args []any) {
				mu.Lock()
				sent = append(sent, traced{query, args})
				mu.Unlock()
			})
			defer stop()
			for _, name := range slices.Sorted(maps.Keys(screens)) {
				sc := screens[name]
				doc := sc.doc
				if doc == "" {
					doc = docs[name]
				}
				if doc == "" {
					continue
				}
				role := sc.role
				if role == "village" {
					role = f.village
				}
				c, ok := clients[role]
				if !ok {
					c = s.As(t, role)
					clients[role] = c
				}
				var vars map[string]any
				if sc.vars != nil {
					vars = sc.vars(f)
				}
				mu.Lock()
				sent = sent[:0]
				mu.Unlock()
				r := c.Do(doc, vars)
				if len(r.Errors) > 0 {
					t.Errorf("%s as %s: %v", name, role, r.Errors)
					continue
				}
				mu.Lock()
				statements := slices.Clone(sent)
				mu.Unlock()
				for _, st := range statements {
					for _, p := range explain(t, s.App.DB, st) {
						if _, ok := sc.allow[p.table]; ok {
							continue
						}
						if why := p.flaw(sizes, least); why != "" {
							t.Errorf("%s (as %s): %s\n  statement: %s\n  plan: %s", name, role, why, st.query, p.detail)
						}
					}
				}
			}
		})
	}
}

// traced is one statement a request sent.
type traced struct {
	query string
	args  []any
}

// spaQueries are the query operations of the SPA's build by name.
func spaQueries(t *testing.T) map[string]string {
	out := map[string]string{}
	for _, text := range persistedQueries(t) {
		doc, err := parser.ParseQuery(&ast.Source{Input: text})
		if err != nil {
			t.Fatalf("a persisted query does not parse: %v", err)
		}
		for _, op := range doc.Operations {
			if op.Operation == ast.Query {
				out[op.Name] = text
			}
		}
	}
	return out
}

// step is one line of a statement's plan: the table it reads (by its real name), how,
// and whether it sorts.
type step struct {
	table string
	scan  bool // reads every row of the table (or of one of its indexes)
	// ordered: the scan walks an index in the order the statement asks for
	ordered bool
	sort    bool // sorts or groups through a temporary structure
	detail  string
}

// flaw says what is wrong with the step, or "". Tables of fewer than least rows are
// not judged: MariaDB rightly scans a table of a few hundred rows rather than use an
// index, and will not once the table is large, so its plans say something only of the
// tables the test filled (SQLite's planner, without ANALYZE's statistics as in
// production, plans alike at any size: there every table is judged).
func (p step) flaw(sizes map[string]int64, least int64) string {
	n, real := sizes[p.table]
	if !real || n < least { // a subquery's or derived table's rows, or a small table
		return ""
	}
	if _, fixed := fixedTables[p.table]; fixed {
		return ""
	}
	switch {
	case p.scan:
		return fmt.Sprintf("scans %s (%d rows) without an index", p.table, sizes[p.table])
	case p.sort:
		return fmt.Sprintf("sorts rows of %s (%d rows) that an index could give in order", p.table, sizes[p.table])
	}
	return ""
}

// explain reads the plan of st on db.
func explain(t *testing.T, db *database.DB, st traced) []step {
	t.Helper()
	// A statement WHERE FALSE (a filter that can match nothing) reads nothing.
	if verb := strings.ToUpper(strings.Fields(st.query)[0]); verb != "SELECT" && verb != "WITH" || strings.Contains(st.query, "WHERE FALSE") {
		return nil
	}
	aliases := tableAliases(st.query)
	if db.Dialect == "sqlite3" || db.Dialect == "sqlite" {
		return explainSQLite(t, db, st, aliases)
	}
	return explainMySQL(t, db, st, aliases)
}

var aliasPattern = regexp.MustCompile("(?i)`(\\w+)` AS `(\\w+)`")

// tableAliases maps the aliases ent gives tables (`allocations` AS `t1`) to the tables.
func tableAliases(query string) map[string]string {
	out := map[string]string{}
	for _, m := range aliasPattern.FindAllStringSubmatch(query, -1) {
		out[m[2]] = m[1]
	}
	return out
}

var sqlitePlan = regexp.MustCompile(`^(SCAN|SEARCH) (\w+)(?: AS (\w+))?(.*)$`)

func explainSQLite(t *testing.T, db *database.DB, st traced, aliases map[string]string) []step {
	rows, err := db.Query("EXPLAIN QUERY PLAN "+st.query, st.args...)
	if err != nil {
		t.Fatalf("EXPLAIN QUERY PLAN %s: %v", st.query, err)
	}
	defer rows.Close()
	var out []step
	outer := ""
	for rows.Next() {
		var id, parent, notused int
		var detail string
		if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		p := step{detail: detail}
		if strings.HasPrefix(detail, "USE TEMP B-TREE") {
			// The rows sorted are the outer loop's, with what joins to them.
			p.sort, p.table = true, outer
		} else if m := sqlitePlan.FindStringSubmatch(detail); m != nil {
			p.table = m[2]
			if real, ok := aliases[p.table]; ok {
				p.table = real
			}
			if outer == "" && parent == 0 {
				outer = p.table
			}
			p.scan = m[1] == "SCAN" && !strings.Contains(m[4], "COVERING INDEX")
			// A walk of an index in the order asked for stops at the LIMIT.
			p.ordered = m[1] == "SCAN" && strings.Contains(m[4], "USING INDEX")
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return limited(st.query, out)
}

// limited judges a statement's order by its LIMIT. Without one, a sort sorts what the
// statement returns (a page's edges by their parents' ids, a screen's whole short list):
// its cost is the answer's. With one, a sort reads every match to return a page, where
// an index in the order asked for would stop at the limit: that sort is a flaw. And an
// index walked in the order asked for under a LIMIT is no scan: it stops at the limit.
func limited(query string, steps []step) []step {
	if !strings.Contains(query, " LIMIT ") {
		for i := range steps {
			steps[i].sort = false
		}
		return steps
	}
	if slices.ContainsFunc(steps, func(p step) bool { return p.sort }) {
		return steps
	}
	for i, p := range steps {
		if p.ordered {
			steps[i].scan = false
		}
	}
	return steps
}

func explainMySQL(t *testing.T, db *database.DB, st traced, aliases map[string]string) []step {
	rows, err := db.Query("EXPLAIN "+st.query, st.args...)
	if err != nil {
		t.Fatalf("EXPLAIN %s: %v", st.query, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []step
	for rows.Next() {
		vals := make([]*string, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := map[string]string{}
		var parts []string
		for i, c := range cols {
			if vals[i] != nil {
				row[c] = *vals[i]
				parts = append(parts, c+"="+*vals[i])
			}
		}
		p := step{detail: strings.Join(parts, " "), table: row["table"]}
		if real, ok := aliases[p.table]; ok {
			p.table = real
		}
		// A walk of a whole index that holds every column the statement needs (a count)
		// is SQLite's SCAN … USING COVERING INDEX: allowed alike.
		p.scan = row["type"] == "ALL" || row["type"] == "index" && !strings.Contains(row["Extra"], "Using index")
		p.ordered = row["type"] == "index"
		p.sort = strings.Contains(row["Extra"], "filesort") || strings.Contains(row["Extra"], "temporary")
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return limited(st.query, out)
}

// tableSizes counts the rows of every table.
func tableSizes(t *testing.T, db *database.DB) map[string]int64 {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'table'`
	if db.Dialect == "mysql" {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()`
	}
	names := []string{}
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	_ = rows.Close()
	out := map[string]int64{}
	for _, n := range names {
		var c int64
		if err := db.QueryRow("SELECT COUNT(*) FROM " + n).Scan(&c); err != nil {
			t.Fatal(err)
		}
		out[n] = c
	}
	return out
}

// fillLedger writes the ledger the plans are read on straight into the database, the way
// internal/bench's generator does, and returns what the screens ask about.
func fillLedger(t *testing.T, db *database.DB) *planFixture {
	t.Helper()
	ctx := context.Background()
	f := &planFixture{}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	villages := intColumn(t, db, `SELECT id FROM org_units WHERE level = 'VILLAGE' AND path LIKE '430700/430702/%' ORDER BY code`)
	must(db.QueryRowContext(ctx, `SELECT code FROM org_units WHERE id = ?`, villages[0]).Scan(&f.village))
	f.village = "village-" + f.village
	var item, donor, user, town int // item: the open line's
	var townPath string
	must(db.QueryRowContext(ctx, `SELECT id FROM items WHERE name = '84消毒液'`).Scan(&item))
	must(db.QueryRowContext(ctx, `SELECT id FROM donors ORDER BY id LIMIT 1`).Scan(&donor))
	must(db.QueryRowContext(ctx, `SELECT id FROM users WHERE username = 'charity'`).Scan(&user))
	// The padding villages are in another county (汉寿县's 三阳港镇), as most of a
	// city's villages are outside the county a screen asks about.
	must(db.QueryRowContext(ctx, `SELECT id, path FROM org_units WHERE code = '430725101'`).Scan(&town, &townPath))
	items := intColumn(t, db, `SELECT id FROM items ORDER BY id`)
	f.item = item
	now := time.Now().UTC().Add(-time.Hour)

	var units, dons int
	must(db.QueryRowContext(ctx, `SELECT COUNT(*) FROM org_units`).Scan(&units))
	must(db.QueryRowContext(ctx, `SELECT COUNT(*) FROM donations`).Scan(&dons))
	o := database.NewBatch(db, `INSERT INTO org_units (created_at, updated_at, example, code, name, level, path, parent_id) VALUES `, 8)
	for i := range planOrgUnits - units {
		code := fmt.Sprintf("PLAN%06d", i)
		must(o.Add(ctx, now, now, false, code, fmt.Sprintf("示例村%04d", i), "VILLAGE", townPath+code+"/", town))
	}
	must(o.Flush(ctx))

	d := database.NewBatch(db, `INSERT INTO donations (created_at, updated_at, receipt_no, donated_on, purpose, donor_id, donor_name, public_token) VALUES `, 8)
	for i := range planDonations - dons {
		at := now.Add(-time.Duration(planDonations-i) * time.Minute)
		must(d.Add(ctx, at, at, fmt.Sprintf("PLAN-%07d", i), at, "示例", donor, "示例捐赠人", fmt.Sprintf("plan%07d", i)))
	}
	must(d.Flush(ctx))
	// Every generated donation has a line; the newest planLines lines went to every
	// village of 武陵区.
	ids := intColumn(t, db, `SELECT id FROM donations WHERE receipt_no LIKE 'PLAN-%' ORDER BY receipt_no`)
	l := database.NewBatch(db, `INSERT INTO donation_lines (quantity, entered_quantity, entered_unit, donation_id, item_id, allocated) VALUES `, 6)
	for i, id := range ids {
		// Lines of every item, all allocated but the first.
		it, allocated := items[i%len(items)], 3_000_000
		if i == 0 {
			it, allocated = item, 0
		}
		must(l.Add(ctx, 3_000_000, 120_000, "PACK", id, it, allocated))
	}
	must(l.Flush(ctx))
	lines := intColumn(t, db, `SELECT l.id FROM donation_lines l JOIN donations d ON d.id = l.donation_id
		WHERE d.receipt_no LIKE 'PLAN-%' ORDER BY d.receipt_no`)
	f.openLine = lines[0]
	lines = lines[len(lines)-planLines:]
	must(db.QueryRowContext(ctx, `SELECT id FROM org_units WHERE code = '430702'`).Scan(&f.county))
	a := database.NewBatch(db, `INSERT INTO allocations (created_at, updated_at, quantity, status, dispatched_at, line_id, village_id) VALUES `, 7)
	for li, line := range lines {
		status := "RECEIVED"
		if li >= len(lines)-planWaiting {
			status = "DISPATCHED"
		}
		at := now.Add(-time.Duration(len(lines)-li) * time.Minute)
		for vi, v := range villages {
			must(a.Add(ctx, at, at, 23_437+vi%2, status, at, line, v))
		}
	}
	must(a.Flush(ctx))
	concat := "CONCAT('P-', id)"
	key := "CONCAT('plan-', id)"
	if db.Dialect != "mysql" {
		concat, key = "'P-' || id", "'plan-' || id"
	}
	_, err := db.ExecContext(ctx, `INSERT INTO receipts (receipt_no, confirmed_at, received_quantity, rejected_quantity,
		idempotency_key, allocation_id, confirmed_by_id)
		SELECT `+concat+`, created_at, quantity, 0, `+key+`, id, ? FROM allocations WHERE status = 'RECEIVED' AND line_id IN (`+
		strings.Trim(strings.Repeat("?,", len(lines)), ",")+`)`, append([]any{user}, anyInts(lines)...)...)
	must(err)
	// The donation the charity office's screens open: an old one, all signed for.
	f.line = lines[len(lines)/2]
	must(db.QueryRowContext(ctx, `SELECT donation_id FROM donation_lines WHERE id = ?`, f.line).Scan(&f.donation))
	must(db.QueryRowContext(ctx, `SELECT id FROM allocations WHERE line_id = ? AND village_id = ?`, f.line, villages[0]).Scan(&f.received))
	_ = db.QueryRowContext(ctx, `SELECT id FROM enterprises ORDER BY id LIMIT 1`).Scan(&f.enterprise)
	_ = db.QueryRowContext(ctx, `SELECT id FROM institutions ORDER BY id LIMIT 1`).Scan(&f.institution)
	_ = db.QueryRowContext(ctx, `SELECT id FROM staffs ORDER BY id LIMIT 1`).Scan(&f.staff)
	if db.Dialect == "mysql" {
		// InnoDB's statistics catch up with bulk writes in the background; ANALYZE
		// makes them current before the plans are read, as they are on a server that
		// has run a while.
		for _, table := range []string{"org_units", "donations", "donation_lines", "allocations", "receipts"} {
			rows, err := db.QueryContext(ctx, "ANALYZE TABLE "+table)
			must(err)
			_ = rows.Close()
		}
	}
	return f
}

func anyInts(ids []int) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

func intColumn(t *testing.T, db *database.DB, q string) []int {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
