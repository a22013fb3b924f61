package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"mzdesk/internal/database"
)

// profileDir, when set, receives a CPU profile of the server for each saturation run.
var profileDir string

var httpClient = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256}}

// operation is one thing the screens do, and the same reads done directly in SQL.
type operation struct {
	name string
	// call makes one request; i numbers the calls so that writes can each take their own row.
	call func(i int) error
	// direct runs the SQL the request boils down to, through database/sql, for the
	// overhead ratio; nil when the operation is mostly bcrypt or writes.
	direct func(i int) error
	// empty sends the same client's request for nothing ({ __typename }): the round trip,
	// the token's check and GraphQL's fixed cost, the part of the overhead that no read
	// can shed; nil leaves the empty request out of the report.
	empty func(i int) error
	// rate, when set, replaces the fixed arrival rate: a login is a bcrypt check, slow on purpose.
	rate int
	// reset, when set, restores what the calls use up, before each run.
	reset func() error
}

type result struct {
	size       int
	op         string
	throughput float64
	p50, p95   time.Duration
	p99        time.Duration
	statements float64
	overhead   float64
	// shedPct is the share of the fixed-rate requests the server turned away (503) because
	// it was at capacity; the latencies are those of the requests it served.
	shedPct float64
	// serial and sqlTime are one request's median time with nothing else running, over
	// GraphQL and as direct SQL: the two sides of the overhead ratio; emptyTime is an
	// empty request's (measureSerial).
	serial, sqlTime, emptyTime time.Duration
	rssMB                      float64
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// percentile is the latency below which the fraction p of sorted falls (0 for none).
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))]
}

// measure runs op at saturation (workers clients as fast as they can), then at a fixed
// arrival rate for latency, and counts its statements from the server's metrics.
func measure(srv *server, op operation, d time.Duration, rate, workers int) (result, error) {
	r := result{op: op.name}
	var next atomic.Int64
	var (
		failedMu sync.Mutex
		failed   int
		firstErr error
	)
	var shed atomic.Int64
	// call makes one request and says whether it was served; one turned away because
	// the server was at capacity is counted apart from failures.
	call := func() bool {
		err := op.call(int(next.Add(1)))
		switch {
		case errors.Is(err, errBusy):
			shed.Add(1)
			return false
		case err != nil:
			failedMu.Lock()
			failed++
			if firstErr == nil {
				firstErr = err
			}
			failedMu.Unlock()
		}
		return true
	}
	if op.reset != nil {
		if err := op.reset(); err != nil {
			return r, err
		}
	}
	stmts0, reqs0, err := srv.counters()
	if err != nil {
		return r, err
	}
	deadline := time.Now().Add(d)
	var done atomic.Int64
	var wg sync.WaitGroup
	if profileDir != "" {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := srv.profile(fmt.Sprintf("%s-%s.pprof", op.name, time.Now().Format("150405")), d); err != nil {
				log.Printf("profile of %s: %v", op.name, err)
			}
		}()
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				if call() {
					done.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	r.throughput = float64(done.Load()) / d.Seconds()
	stmts1, reqs1, err := srv.counters()
	if err != nil {
		return r, err
	}
	if reqs1 > reqs0 {
		r.statements = (stmts1 - stmts0) / (reqs1 - reqs0)
	}

	if op.reset != nil {
		if err := op.reset(); err != nil {
			return r, err
		}
	}
	// Open loop: requests start on schedule whether or not earlier ones finished.
	var mu sync.Mutex
	var lat []time.Duration
	if op.rate > 0 {
		rate = op.rate
	}
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	end := time.Now().Add(d)
	shed.Store(0)
	sent := 0
	for now := range tick.C {
		if now.After(end) {
			break
		}
		sent++
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			if call() {
				mu.Lock()
				lat = append(lat, time.Since(start))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	r.shedPct = 100 * float64(shed.Load()) / float64(sent)
	slices.Sort(lat)
	r.p50, r.p95, r.p99 = percentile(lat, .50), percentile(lat, .95), percentile(lat, .99)
	if failed > 0 {
		return r, fmt.Errorf("%d failed calls, first: %v", failed, firstErr)
	}

	if op.direct != nil {
		if err := measureSerial(op, &r, func() int { return int(next.Add(1)) }); err != nil {
			return r, err
		}
	}
	return r, nil
}

// serialRounds is how many times measureSerial times each side.
const serialRounds = 300

// measureSerial times one request at a time with nothing else running: the request, the
// same reads sent directly through database/sql, and an empty request, interleaved call by
// call so that all three meet the same machine (on a shared machine, timing each side in a
// block of its own let the ratio move by half between runs of the same code), and each
// side's median, which a few calls delayed by other work on the machine do not move.
func measureSerial(op operation, r *result, next func() int) error {
	var req, sql, empty []time.Duration
	timed := func(into *[]time.Duration, f func(int) error, i int) error {
		start := time.Now()
		err := f(i)
		*into = append(*into, time.Since(start))
		return err
	}
	for i := range serialRounds {
		if err := timed(&sql, op.direct, i); err != nil {
			return fmt.Errorf("direct SQL: %w", err)
		}
		if err := timed(&req, op.call, next()); err != nil {
			return err
		}
		if op.empty != nil {
			if err := timed(&empty, op.empty, i); err != nil {
				return fmt.Errorf("empty request: %w", err)
			}
		}
	}
	median := func(d []time.Duration) time.Duration {
		slices.Sort(d)
		return percentile(d, .5)
	}
	r.serial, r.sqlTime, r.emptyTime = median(req), median(sql), median(empty)
	r.overhead = float64(r.serial) / float64(r.sqlTime)
	return nil
}

// profile saves the server's CPU profile over the next d.
func (s *server) profile(name string, d time.Duration) error {
	res, err := http.Get(fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", s.debug, int(d.Seconds())))
	if err != nil {
		return err
	}
	defer res.Body.Close()
	f, err := os.Create(filepath.Join(profileDir, strings.ReplaceAll(name, " ", "_")))
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, res.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// counters reads the statements sent and GraphQL requests served so far.
func (s *server) counters() (stmts, reqs float64, err error) {
	res, err := httpClient.Get(s.base + "/metrics")
	if err != nil {
		return 0, 0, err
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		f := strings.Fields(line)
		if len(f) != 2 {
			continue
		}
		v, _ := strconv.ParseFloat(f[1], 64)
		switch {
		case strings.HasPrefix(line, "mzdesk_sql_statements_total "):
			stmts = v
		case strings.HasPrefix(line, `mzdesk_http_requests_total{route="graphql"`):
			reqs += v
		}
	}
	return stmts, reqs, sc.Err()
}

// errBusy is a request the server turned away: it was at capacity.
var errBusy = errors.New("turned away: the server is at capacity")

// gql posts a GraphQL request and fails on any error in the answer.
func gql(base, token, query string, vars map[string]any, into any) error {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := httpClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	switch {
	case res.StatusCode == http.StatusServiceUnavailable:
		return errBusy
	case into == nil && bytes.HasPrefix(raw, []byte(`{"data":`)):
		return nil // errors come first in the answer: none here, and nothing to read
	}
	var out struct {
		Data   json.RawMessage
		Errors []struct{ Message string }
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return fmt.Errorf("%d: %s", res.StatusCode, raw)
	}
	if len(out.Errors) > 0 {
		return fmt.Errorf("%s", out.Errors[0].Message)
	}
	if into != nil {
		return json.Unmarshal(out.Data, into)
	}
	return nil
}

func login(base, username string) (string, error) {
	var out struct{ Login struct{ Token string } }
	err := gql(base, "", `mutation($u: String!) { login(username: $u, password: "demo-2020") { token } }`,
		map[string]any{"u": username}, &out)
	return out.Login.Token, err
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// operations are the five the issue names, each with its direct-SQL twin where the
// request is a read.
func operations(srv *server, db *database.DB, f *fixture) []operation {
	ctx := context.Background()
	tokens := map[int]string{}
	for _, v := range f.villages {
		tok, err := login(srv.base, v.username)
		if err != nil {
			panic(err)
		}
		tokens[v.id] = tok
	}
	charity, _ := login(srv.base, "charity")
	bureau, _ := login(srv.base, "bureau")
	villageOf := func(i int) village { return f.villages[i%len(f.villages)] }
	emptyAs := func(token func(i int) string) func(i int) error {
		return func(i int) error { return gql(srv.base, token(i), `{ __typename }`, nil, nil) }
	}

	// Each confirmation takes the next dispatched allocation of a village, round robin;
	// before each run the pool is dispatched again, its receipts gone.
	var cursor sync.Map
	nextDispatched := func(v village) (int, error) {
		c, _ := cursor.LoadOrStore(v.id, new(atomic.Int64))
		k := int(c.(*atomic.Int64).Add(1)) - 1
		pool := f.dispatched[v.id]
		if k >= len(pool) {
			return 0, fmt.Errorf("village %d confirmed all %d of its dispatched allocations: the pool is too small for this rate", v.id, len(pool))
		}
		return pool[k], nil
	}
	// The pool is dispatched again in one transaction, and only then does the round
	// start over: a confirmation between the two statements would find its allocation
	// dispatched while its last receipt, under the same idempotency key, still stood.
	redispatch := func() error {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("dispatching the pool again: %w", err)
		}
		defer func() { _ = tx.Rollback() }()
		for _, q := range []string{
			`UPDATE allocations SET status = 'DISPATCHED' WHERE id IN (SELECT allocation_id FROM receipts WHERE idempotency_key LIKE 'bench-confirm-%')`,
			`DELETE FROM receipts WHERE idempotency_key LIKE 'bench-confirm-%'`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("dispatching the pool again: %w", err)
			}
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("dispatching the pool again: %w", err)
		}
		cursor.Clear()
		return nil
	}
	return []operation{
		{
			name: "village to-receive list",
			call: func(i int) error {
				v := villageOf(i)
				return gql(srv.base, tokens[v.id], `query ToReceive { allocations(first: 50, where: {status: DISPATCHED},
					orderBy: {field: CREATED_AT, direction: DESC}) { edges { node { id quantity status dispatchedAt
					line { item { name } donation { receiptNo donorName } } } } } }`, nil, nil)
			},
			direct: func(i int) error {
				v := villageOf(i)
				return directRead(ctx, db, []string{
					`SELECT id, quantity, status, dispatched_at, line_id FROM allocations WHERE village_id = ? AND status = 'DISPATCHED' ORDER BY created_at DESC LIMIT 51`,
					`SELECT l.id, l.item_id, l.donation_id FROM donation_lines l WHERE l.id IN (SELECT line_id FROM allocations WHERE village_id = ? AND status = 'DISPATCHED')`,
					`SELECT id, name FROM items`,
					`SELECT id, receipt_no, donor_id FROM donations WHERE id IN (SELECT donation_id FROM donation_lines WHERE id IN (SELECT line_id FROM allocations WHERE village_id = ? AND status = 'DISPATCHED'))`,
					fmt.Sprintf(`SELECT id, name, kind FROM donors WHERE id IN (%d)`, f.donor), // the donations' donors, as the server asks
				}, v.id)
			},
			empty: emptyAs(func(i int) string { return tokens[villageOf(i).id] }),
		},
		{
			name: "confirmReceipt",
			call: func(i int) error {
				v := villageOf(i)
				id, err := nextDispatched(v)
				if err != nil {
					return err
				}
				return gql(srv.base, tokens[v.id], `mutation($id: ID!, $key: String!) { confirmReceipt(input: {allocationID: $id,
					idempotencyKey: $key}) { receiptNo } }`, map[string]any{"id": id, "key": fmt.Sprintf("bench-confirm-%d", id)}, nil)
			},
			reset: redispatch,
		},
		{
			name: "donation progress (128)",
			call: func(int) error {
				return gql(srv.base, charity, `query Progress($id: ID!) { donationProgress(id: $id) { recipients confirmed disputed stale
					lines { donated allocated received } } node(id: $id) { ... on Donation { lines { allocations(first: 200) {
					edges { node { quantity status village { name } receipt { receiptNo receivedQuantity } } } } } } } }`,
					map[string]any{"id": f.progress}, nil)
			},
			direct: func(int) error {
				return directRead(ctx, db, []string{
					`SELECT id FROM donations WHERE id = ?`,
					`SELECT id, quantity FROM donation_lines WHERE donation_id = ?`,
					`SELECT a.id, a.quantity, a.status, a.line_id FROM allocations a JOIN donation_lines l ON l.id = a.line_id WHERE l.donation_id = ? AND a.status <> 'CANCELLED'`,
					`SELECT r.id, r.received_quantity, r.allocation_id FROM receipts r JOIN allocations a ON a.id = r.allocation_id JOIN donation_lines l ON l.id = a.line_id WHERE l.donation_id = ?`,
					`SELECT o.id, o.name FROM org_units o WHERE o.id IN (SELECT a.village_id FROM allocations a JOIN donation_lines l ON l.id = a.line_id WHERE l.donation_id = ?)`,
				}, f.progress)
			},
			empty: emptyAs(func(int) string { return charity }),
		},
		{
			name: "bureau dashboard",
			call: func(int) error {
				return gql(srv.base, bureau, `query Dashboard { controlDashboard { institutions reported compliant openProblems
					overdueProblems byKind { kind count } byCounty { county count } inspectionsByWeek { group week count } }
					reliefTotals(groupBy: [PROGRAMME]) { programme stage persons amountFen } }`, nil, nil)
			},
		},
		{
			name: "login",
			rate: 5,
			call: func(i int) error {
				_, err := login(srv.base, villageOf(i).username)
				return err
			},
		},
	}
}

func directRead(ctx context.Context, db *database.DB, queries []string, arg int) error {
	for _, q := range queries {
		var args []any
		for range strings.Count(q, "?") {
			args = append(args, arg)
		}
		rows, err := db.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
		}
		if err := rows.Close(); err != nil {
			return err
		}
	}
	return nil
}

// table writes the results as Markdown.
func table(db string, rate, workers int, d time.Duration, rs []result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# mzdesk benchmark on %s\n\n", db)
	fmt.Fprintf(&b, "Written by `make bench` on %s. Saturation: %d clients for %v; latency: %d requests/s for %v, open loop. "+
		"Latencies are of the requests served; turned away: the share answered 503 because the server was at capacity. "+
		"Overhead: a request's median time over GraphQL and HTTP divided by that of the same reads sent directly through database/sql, "+
		"one at a time, the two interleaved call by call (%d of each).\n\n",
		time.Now().UTC().Format("2006-01-02"), workers, d, rate, d, serialRounds)
	b.WriteString("| allocations | operation | req/s at saturation | p50 ms | p95 ms | p99 ms | turned away % | SQL statements / request | overhead × | server peak RSS MB |\n")
	b.WriteString("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range rs {
		over := "–"
		if r.overhead > 0 {
			over = fmt.Sprintf("%.1f", r.overhead)
		}
		fmt.Fprintf(&b, "| %d | %s | %.0f | %.1f | %.1f | %.1f | %.1f | %.1f | %s | %.0f |\n",
			r.size, r.op, r.throughput, ms(r.p50), ms(r.p95), ms(r.p99), r.shedPct, r.statements, over, r.rssMB)
	}
	b.WriteString("\nThe overhead in parts, one request at a time, medians: the request over GraphQL and HTTP, the same reads " +
		"through database/sql, and the same client's request for nothing (`{ __typename }`: the round trip, the token's " +
		"check and GraphQL's fixed cost, which no read can shed). Past an empty request: what the request costs beyond " +
		"an empty one, over the direct reads.\n\n")
	b.WriteString("| allocations | operation | request ms | direct SQL ms | empty request ms | overhead × | past an empty request × |\n")
	b.WriteString("|---:|---|---:|---:|---:|---:|---:|\n")
	for _, r := range rs {
		if r.overhead == 0 {
			continue
		}
		empty, past := "–", "–"
		if r.emptyTime > 0 {
			empty, past = fmt.Sprintf("%.2f", ms(r.emptyTime)), fmt.Sprintf("%.1f", float64(r.serial-r.emptyTime)/float64(r.sqlTime))
		}
		fmt.Fprintf(&b, "| %d | %s | %.2f | %.2f | %s | %.1f | %s |\n", r.size, r.op, ms(r.serial), ms(r.sqlTime), empty, r.overhead, past)
	}
	return b.String()
}
