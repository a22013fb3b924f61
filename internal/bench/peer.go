package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"mzdesk/internal/database"
	"mzdesk/internal/quantity"
)

// The peer benchmark (`make bench-peer`, issue 19) puts mzdesk beside PostGraphile 4.14 on
// the same data: the generator of `make bench` fills MariaDB and SQLite through mzdesk, the
// tables PostGraphile needs are copied from MariaDB into PostgreSQL, and both servers answer
// the same two reads, interleaved, at 50 connections. Every answer is checked against the
// first one, and the first answers of all systems against each other.

// peerOptions are the flags of -peer.
type peerOptions struct {
	bin, mysqlDSN, pgURL, pgDB, peerDir, out string
	allocations, rounds, conns               int
	d                                        time.Duration
	keep                                     bool // keep MariaDB's database and SQLite's file afterwards
}

// system is one server under load: mzdesk on a database, or PostGraphile on PostgreSQL.
type system struct {
	name   string
	pid    int     // the server's process
	srv    *server // mzdesk's, for its profile; nil for PostGraphile
	dbComm string  // the database's processes, by name in /proc; "" when in-process (SQLite)
	// a and b post the two queries and return the raw answer.
	a, b func() ([]byte, error)
	// canonA and canonB reduce an answer to its essential values, comparable across systems.
	canonA, canonB func([]byte) (any, error)
}

// peerResult is one system's figures on one query, summed over the rounds.
type peerResult struct {
	sys, query     string
	requests, errs int
	firstErr       error
	elapsed        time.Duration
	lat            []time.Duration
	cpuServer      time.Duration
	cpuDB          time.Duration
	dbRSSMB        float64
	rounds         []roundResult // each round on its own
}

// roundResult is one round's throughput (req/s) and p99 (ms).
type roundResult struct{ rate, p99 float64 }

func runPeer(o peerOptions) error {
	ctx := context.Background()
	loadBefore, _ := os.ReadFile("/proc/loadavg")

	// mzdesk on MariaDB: its data is the source of PostgreSQL's copy.
	mspec, dropMaria, err := database.Scratch(o.mysqlDSN, "mzdesk_peer")
	if err != nil {
		return err
	}
	if !o.keep {
		defer dropMaria()
	}
	maria, mariaDB, mariaFix, err := startGenerated(ctx, o.bin, mspec, o.allocations)
	if err != nil {
		return fmt.Errorf("mzdesk on MariaDB: %w", err)
	}
	defer maria.stop()
	defer mariaDB.Close()

	dir, err := os.MkdirTemp("", "mzpeer")
	if err != nil {
		return err
	}
	if o.keep {
		log.Printf("SQLite's file is kept: %s", filepath.Join(dir, "peer.db"))
	} else {
		defer func() { _ = os.RemoveAll(dir) }()
	}
	lite, liteDB, liteFix, err := startGenerated(ctx, o.bin, "sqlite:"+filepath.Join(dir, "peer.db"), o.allocations)
	if err != nil {
		return fmt.Errorf("mzdesk on SQLite: %w", err)
	}
	defer lite.stop()
	defer liteDB.Close()

	log.Printf("copying MariaDB's tables into PostgreSQL database %s", o.pgDB)
	counts, err := copyToPostgres(ctx, mariaDB, o.pgURL, o.pgDB)
	if err != nil {
		return fmt.Errorf("PostgreSQL: %w", err)
	}
	pg, err := startPostGraphile(o.peerDir, o.pgURL+"/"+o.pgDB)
	if err != nil {
		return err
	}
	defer pg.stop()

	onMaria, err := mzSystem("mzdesk on MariaDB", maria, mariaFix, "mariadbd")
	if err != nil {
		return err
	}
	onLite, err := mzSystem("mzdesk on SQLite", lite, liteFix, "")
	if err != nil {
		return err
	}
	systems := []system{pgSystem(pg, mariaFix), onMaria, onLite}
	// The first answers of every system must agree in their essential values.
	for q := range 2 {
		var want any
		for _, s := range systems {
			call, canon := s.a, s.canonA
			if q == 1 {
				call, canon = s.b, s.canonB
			}
			raw, err := call()
			if err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
			got, err := canon(raw)
			if err != nil {
				return fmt.Errorf("%s: %w: %s", s.name, err, raw)
			}
			if want == nil {
				want = got
			} else if !reflect.DeepEqual(got, want) {
				return fmt.Errorf("%s answers query %c differently from PostGraphile:\n%v\n%v", s.name, 'a'+q, got, want)
			}
		}
	}

	results := map[string]*peerResult{}
	var machine0, machine1 [2]uint64
	machine0 = machineTicks()
	self0, _ := cpuOf(os.Getpid())
	start := time.Now()
	for round := 1; round <= o.rounds; round++ {
		for q, query := range []string{"a", "b"} {
			for _, s := range systems {
				key := s.name + "/" + query
				r := results[key]
				if r == nil {
					r = &peerResult{sys: s.name, query: query}
					results[key] = r
				}
				call, canon := s.a, s.canonA
				if q == 1 {
					call, canon = s.b, s.canonB
				}
				// With -profile, mzdesk's CPU profile over its last round of each query.
				var profiled sync.WaitGroup
				if profileDir != "" && s.srv != nil && round == o.rounds {
					profiled.Go(func() {
						name := fmt.Sprintf("peer-%s-%s.pprof", s.name[strings.LastIndex(s.name, " ")+1:], query)
						if err := s.srv.profile(name, o.d-time.Second); err != nil {
							log.Printf("profile of %s: %v", name, err)
						}
					})
				}
				err := loadRun(s, call, canon, o.conns, o.d, r)
				profiled.Wait()
				if err != nil {
					return err
				}
				log.Printf("round %d, query (%s), %-20s %6.0f req/s so far, %d errors", round, query, s.name,
					float64(r.requests)/r.elapsed.Seconds(), r.errs)
			}
		}
	}
	machine1 = machineTicks()
	self1, _ := cpuOf(os.Getpid())
	loadAfter, _ := os.ReadFile("/proc/loadavg")
	rss := map[string]float64{}
	for _, s := range systems {
		rss[s.name], err = peakRSSOf(s.pid)
		if err != nil {
			return err
		}
	}
	use := machineUse{busy: 100 * float64(machine1[0]-machine0[0]) / float64(max(1, machine1[1]-machine0[1])),
		all: time.Duration(machine1[0]-machine0[0]) * clockTick, generator: self1 - self0}
	for _, r := range results {
		use.measured += r.cpuServer + r.cpuDB
	}
	report := peerTable(o, systems, results, rss, counts, strings.TrimSpace(string(loadBefore)),
		strings.TrimSpace(string(loadAfter)), use, time.Since(start))
	fmt.Print(report)
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(o.out, "peer.md"), []byte(report), 0o644)
}

// The peer data's totals, those of the measurements in issue 19.
const peerOrgUnits, peerDonations = 2010, 1000

// startGenerated starts mzdesk on spec with the demo data, adds n generated allocations,
// and pads org units and donations to the peer data's totals.
func startGenerated(ctx context.Context, bin, spec string, n int) (*server, *database.DB, *fixture, error) {
	srv, err := start(bin, spec)
	if err != nil {
		return nil, nil, nil, err
	}
	db, err := database.Open(spec)
	if err != nil {
		srv.stop()
		return nil, nil, nil, err
	}
	log.Printf("%s: generating %d allocations", strings.SplitN(spec, ":", 2)[0], n)
	f, err := generate(ctx, db, n)
	if err == nil {
		err = pad(ctx, db, peerOrgUnits, peerDonations, f.donor)
	}
	if err != nil {
		srv.stop()
		_ = db.Close()
		return nil, nil, nil, err
	}
	return srv, db, f, nil
}

// peerTables are the tables PostGraphile needs for the two queries, with the columns they
// read, their keys (PostGraphile derives its relations from the foreign keys) and an index
// for each list read, as mzdesk has on MariaDB.
var peerTables = []struct{ name, columns, ddl string }{
	{"org_units", "id, code, name, level", `CREATE TABLE org_units (id bigint PRIMARY KEY, code text NOT NULL, name text NOT NULL, level text NOT NULL)`},
	{"donors", "id, name", `CREATE TABLE donors (id bigint PRIMARY KEY, name text NOT NULL)`},
	{"items", "id, name", `CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL)`},
	{"donations", "id, receipt_no, donor_id, donor_name, created_at", `CREATE TABLE donations (id bigint PRIMARY KEY, receipt_no text NOT NULL,
		donor_id bigint NOT NULL REFERENCES donors, donor_name text, created_at timestamptz NOT NULL);
		CREATE INDEX ON donations (donor_id)`},
	{"donation_lines", "id, donation_id, item_id, quantity", `CREATE TABLE donation_lines (id bigint PRIMARY KEY,
		donation_id bigint NOT NULL REFERENCES donations, item_id bigint NOT NULL REFERENCES items, quantity bigint NOT NULL);
		CREATE INDEX ON donation_lines (donation_id); CREATE INDEX ON donation_lines (item_id)`},
	{"allocations", "id, line_id, village_id, quantity, status, created_at", `CREATE TABLE allocations (id bigint PRIMARY KEY,
		line_id bigint NOT NULL REFERENCES donation_lines, village_id bigint REFERENCES org_units, quantity bigint NOT NULL,
		status text NOT NULL, created_at timestamptz NOT NULL);
		CREATE INDEX ON allocations (line_id); CREATE INDEX ON allocations (village_id, created_at)`},
	{"receipts", "id, allocation_id, receipt_no, received_quantity", `CREATE TABLE receipts (id bigint PRIMARY KEY,
		allocation_id bigint NOT NULL UNIQUE REFERENCES allocations, receipt_no text NOT NULL, received_quantity bigint NOT NULL)`},
}

// copyToPostgres makes database dbName afresh and copies the peer tables into it with
// COPY through psql, returning each table's row count.
func copyToPostgres(ctx context.Context, src *database.DB, url, dbName string) (map[string]int, error) {
	if err := psql(url+"/postgres", nil, "DROP DATABASE IF EXISTS "+dbName+" WITH (FORCE)", "CREATE DATABASE "+dbName); err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, t := range peerTables {
		if err := psql(url+"/"+dbName, nil, t.ddl); err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		n, err := dumpText(ctx, src, t.name, t.columns, &buf)
		if err != nil {
			return nil, err
		}
		counts[t.name] = n
		if err := psql(url+"/"+dbName, &buf, fmt.Sprintf("COPY %s (%s) FROM STDIN", t.name, t.columns)); err != nil {
			return nil, err
		}
	}
	return counts, psql(url+"/"+dbName, nil, "VACUUM ANALYZE")
}

// dumpText writes a table's rows in PostgreSQL's COPY text format.
func dumpText(ctx context.Context, db *database.DB, table, columns string, w *bytes.Buffer) (int, error) {
	rows, err := db.QueryContext(ctx, "SELECT "+columns+" FROM "+table+" ORDER BY id")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]nullable, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	esc := strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`)
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return 0, err
		}
		for i, v := range vals {
			if i > 0 {
				w.WriteByte('\t')
			}
			if v.null {
				w.WriteString(`\N`)
			} else {
				w.WriteString(esc.Replace(v.s))
			}
		}
		w.WriteByte('\n')
		n++
	}
	return n, rows.Err()
}

// nullable scans any column as text: times in RFC 3339, which PostgreSQL reads.
type nullable struct {
	s    string
	null bool
}

func (n *nullable) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		n.null = true
	case time.Time:
		n.s, n.null = v.UTC().Format(time.RFC3339Nano), false
	case []byte:
		n.s, n.null = string(v), false
	default:
		n.s, n.null = fmt.Sprint(v), false
	}
	return nil
}

func psql(url string, stdin io.Reader, statements ...string) error {
	args := []string{"-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url}
	for _, s := range statements {
		args = append(args, "-c", s)
	}
	cmd := exec.Command("psql", args...)
	cmd.Stdin = stdin
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("psql %s: %w: %s", statements[0][:min(40, len(statements[0]))], err, out)
	}
	return nil
}

// postgraphile is the running peer.
type postgraphile struct {
	cmd *exec.Cmd
	url string
}

func startPostGraphile(dir, dbURL string) (*postgraphile, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	// The CLI's script runs under node itself (its #! line execs node), so cmd's pid is
	// the server's: no npx in between.
	cmd := exec.Command(filepath.Join(dir, "node_modules", ".bin", "postgraphile"), "-c", dbURL, "-s", "public",
		"--host", "127.0.0.1", "--port", strconv.Itoa(port), "--disable-query-log", "--no-setof-functions-contain-nulls")
	cmd.Env = append(os.Environ(), "NODE_ENV=production")
	logFile, err := os.CreateTemp("", "mzpeer-postgraphile-*.log")
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &postgraphile{cmd: cmd, url: fmt.Sprintf("http://127.0.0.1:%d/graphql", port)}
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(300 * time.Millisecond) {
		if _, err := postJSON(p.url, "", `{ __typename }`, nil); err == nil {
			return p, nil
		}
	}
	p.stop()
	return nil, fmt.Errorf("PostGraphile did not start; see %s", logFile.Name())
}

func (p *postgraphile) stop() { stopProcess(p.cmd, 10*time.Second) }

// peerClient asks for answers as they are, without Accept-Encoding, as the load tool of
// issue 19's first measurement did: PostGraphile does not compress, and mzdesk compresses
// only for a client that accepts it, so both sides write the same uncompressed JSON.
var peerClient = &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256, DisableCompression: true}}

// postJSON posts a GraphQL request and returns the raw answer, failing on any error in it.
func postJSON(url, token, query string, vars map[string]any) ([]byte, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := peerClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	switch {
	case err != nil:
		return nil, err
	case res.StatusCode == http.StatusServiceUnavailable:
		return nil, errBusy
	case res.StatusCode != http.StatusOK || !bytes.HasPrefix(raw, []byte(`{"data":`)):
		return nil, fmt.Errorf("%d: %.300s", res.StatusCode, raw)
	}
	return raw, nil
}

// The essential values of an answer, the same whichever system gave it.
type (
	listRow struct {
		Quantity, Status, Donation, Item, Donor, Receipt string
	}
	progressRow struct {
		Quantity, Status, Village, Receipt, Received string
	}
)

func pgSystem(p *postgraphile, f *fixture) system {
	village, donation := f.villages[0].id, f.progress
	return system{
		name: "PostGraphile 4.14.1",
		pid:  p.cmd.Process.Pid, dbComm: "postgres",
		a: func() ([]byte, error) {
			return postJSON(p.url, "", `query($v: BigInt!) { allAllocations(first: 20, condition: {villageId: $v},
				orderBy: [CREATED_AT_DESC, ID_DESC]) { nodes { id quantity status donationLineByLineId { itemByItemId { name }
				donationByDonationId { receiptNo donorByDonorId { name } } } receiptByAllocationId { receiptNo } } } }`,
				map[string]any{"v": strconv.Itoa(village)})
		},
		b: func() ([]byte, error) {
			return postJSON(p.url, "", `query($id: BigInt!) { donationById(id: $id) { donationLinesByDonationId { nodes {
				allocationsByLineId(first: 200) { nodes { quantity status orgUnitByVillageId { name }
				receiptByAllocationId { receiptNo receivedQuantity } } } } } } }`, map[string]any{"id": strconv.Itoa(donation)})
		},
		canonA: func(raw []byte) (any, error) {
			var out struct {
				Data struct {
					AllAllocations struct {
						Nodes []struct {
							Quantity             string
							Status               string
							DonationLineByLineID struct {
								ItemByItemID         struct{ Name string }
								DonationByDonationID struct {
									ReceiptNo      string
									DonorByDonorID struct{ Name string }
								}
							} `json:"donationLineByLineId"`
							ReceiptByAllocationID *struct{ ReceiptNo string } `json:"receiptByAllocationId"`
						}
					}
				}
			}
			if err := json.Unmarshal(raw, &out); err != nil {
				return nil, err
			}
			var rows []listRow
			for _, n := range out.Data.AllAllocations.Nodes {
				l := n.DonationLineByLineID
				r := listRow{Quantity: fen(n.Quantity), Status: n.Status, Donation: l.DonationByDonationID.ReceiptNo,
					Item: l.ItemByItemID.Name, Donor: l.DonationByDonationID.DonorByDonorID.Name}
				if n.ReceiptByAllocationID != nil {
					r.Receipt = n.ReceiptByAllocationID.ReceiptNo
				}
				rows = append(rows, r)
			}
			return rows, nil
		},
		canonB: func(raw []byte) (any, error) {
			var out struct {
				Data struct {
					DonationByID struct {
						DonationLinesByDonationID struct {
							Nodes []struct {
								AllocationsByLineID struct {
									Nodes []struct {
										Quantity, Status      string
										OrgUnitByVillageID    *struct{ Name string } `json:"orgUnitByVillageId"`
										ReceiptByAllocationID *struct {
											ReceiptNo, ReceivedQuantity string
										} `json:"receiptByAllocationId"`
									}
								} `json:"allocationsByLineId"`
							}
						} `json:"donationLinesByDonationId"`
					} `json:"donationById"`
				}
			}
			if err := json.Unmarshal(raw, &out); err != nil {
				return nil, err
			}
			var rows []progressRow
			for _, l := range out.Data.DonationByID.DonationLinesByDonationID.Nodes {
				for _, n := range l.AllocationsByLineID.Nodes {
					r := progressRow{Quantity: fen(n.Quantity), Status: n.Status}
					if n.OrgUnitByVillageID != nil {
						r.Village = n.OrgUnitByVillageID.Name
					}
					if rc := n.ReceiptByAllocationID; rc != nil {
						r.Receipt, r.Received = rc.ReceiptNo, fen(rc.ReceivedQuantity)
					}
					rows = append(rows, r)
				}
			}
			return sortedProgress(rows), nil
		},
	}
}

// fen turns PostgreSQL's stored thousandths (a BigInt, sent as a string) into mzdesk's
// decimal text, so that quantities compare exactly.
func fen(s string) string {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return "bad:" + s
	}
	return quantity.Quantity(n).String()
}

func sortedProgress(rows []progressRow) []progressRow {
	sort.Slice(rows, func(i, j int) bool { return rows[i].Receipt+rows[i].Village < rows[j].Receipt+rows[j].Village })
	return rows
}

// mzSystem is mzdesk with its JWT checks and row rules on: a village's token for (a), the
// charity office's for (b).
func mzSystem(name string, srv *server, f *fixture, dbComm string) (system, error) {
	villageTok, err := login(srv.base, f.villages[0].username)
	if err != nil {
		return system{}, fmt.Errorf("%s: village login: %w", name, err)
	}
	charityTok, err := login(srv.base, "charity")
	if err != nil {
		return system{}, fmt.Errorf("%s: charity login: %w", name, err)
	}
	return system{
		name: name, pid: srv.cmd.Process.Pid, srv: srv, dbComm: dbComm,
		a: func() ([]byte, error) {
			return postJSON(srv.base+"/graphql", villageTok, `query { allocations(first: 20, orderBy: {field: CREATED_AT,
				direction: DESC}) { edges { node { id quantity status line { item { name } donation { receiptNo donorName } }
				receipt { receiptNo } } } } }`, nil)
		},
		b: func() ([]byte, error) {
			return postJSON(srv.base+"/graphql", charityTok, `query($id: ID!) { node(id: $id) { ... on Donation { lines {
				allocations(first: 200) { edges { node { quantity status village { name } receipt { receiptNo receivedQuantity } } } } } } } }`,
				map[string]any{"id": f.progress})
		},
		canonA: func(raw []byte) (any, error) {
			var out struct {
				Data struct {
					Allocations struct {
						Edges []struct {
							Node struct {
								Quantity, Status string
								Line             struct {
									Item     struct{ Name string }
									Donation struct{ ReceiptNo, DonorName string }
								}
								Receipt *struct{ ReceiptNo string }
							}
						}
					}
				}
			}
			if err := json.Unmarshal(raw, &out); err != nil {
				return nil, err
			}
			var rows []listRow
			for _, e := range out.Data.Allocations.Edges {
				n := e.Node
				r := listRow{Quantity: n.Quantity, Status: n.Status, Donation: n.Line.Donation.ReceiptNo,
					Item: n.Line.Item.Name, Donor: n.Line.Donation.DonorName}
				if n.Receipt != nil {
					r.Receipt = n.Receipt.ReceiptNo
				}
				rows = append(rows, r)
			}
			return rows, nil
		},
		canonB: func(raw []byte) (any, error) {
			var out struct {
				Data struct {
					Node struct {
						Lines []struct {
							Allocations struct {
								Edges []struct {
									Node struct {
										Quantity, Status string
										Village          *struct{ Name string }
										Receipt          *struct{ ReceiptNo, ReceivedQuantity string }
									}
								}
							}
						}
					}
				}
			}
			if err := json.Unmarshal(raw, &out); err != nil {
				return nil, err
			}
			var rows []progressRow
			for _, l := range out.Data.Node.Lines {
				for _, e := range l.Allocations.Edges {
					n := e.Node
					r := progressRow{Quantity: n.Quantity, Status: n.Status}
					if n.Village != nil {
						r.Village = n.Village.Name
					}
					if n.Receipt != nil {
						r.Receipt, r.Received = n.Receipt.ReceiptNo, n.Receipt.ReceivedQuantity
					}
					rows = append(rows, r)
				}
			}
			return sortedProgress(rows), nil
		},
	}, nil
}

// loadRun drives one system with one query from conns clients for d, adding to r. Every
// answer is compared byte for byte with the run's first; one that differs is reduced to
// its essential values and counted as an error unless those agree.
func loadRun(s system, call func() ([]byte, error), canon func([]byte) (any, error), conns int, d time.Duration, r *peerResult) error {
	first, err := call()
	if err != nil {
		return fmt.Errorf("%s: %w", s.name, err)
	}
	want, err := canon(first)
	if err != nil {
		return err
	}
	srv0, db0 := processTicks(s.pid, s.dbComm)
	var (
		mu      sync.Mutex
		lat     []time.Duration
		errs    int
		dbRSS   float64
		stopRSS = make(chan struct{})
		rssDone = make(chan struct{})
	)
	var firstErr atomic.Value
	go func() { // the database's memory, sampled: its processes come and go
		defer close(rssDone)
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stopRSS:
				return
			case <-t.C:
				dbRSS = max(dbRSS, rssOf(s.dbComm))
			}
		}
	}()
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			bad := 0
			for time.Now().Before(deadline) {
				t0 := time.Now()
				raw, err := call()
				el := time.Since(t0)
				if err == nil && !bytes.Equal(raw, first) {
					var got any
					if got, err = canon(raw); err == nil && !reflect.DeepEqual(got, want) {
						err = fmt.Errorf("answer differs: %.300s", raw)
					}
				}
				if err != nil {
					bad++
					firstErr.CompareAndSwap(nil, err)
					continue
				}
				mine = append(mine, el)
			}
			mu.Lock()
			lat = append(lat, mine...)
			errs += bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(stopRSS)
	<-rssDone
	srv1, db1 := processTicks(s.pid, s.dbComm)
	r.requests += len(lat)
	r.errs += errs
	if e, ok := firstErr.Load().(error); ok && r.firstErr == nil {
		r.firstErr = e
	}
	r.elapsed += elapsed
	slices.Sort(lat)
	r.rounds = append(r.rounds, roundResult{float64(len(lat)) / elapsed.Seconds(), ms(percentile(lat, .99))})
	r.lat = append(r.lat, lat...)
	r.cpuServer += srv1 - srv0
	r.cpuDB += diffTicks(db0, db1)
	r.dbRSSMB = max(r.dbRSSMB, dbRSS)
	return nil
}

// clockTick is the kernel's USER_HZ: /proc counts CPU time in hundredths of a second.
const clockTick = 10 * time.Millisecond

// processTicks reads the CPU time (user + system) of the server and of each database process.
func processTicks(pid int, dbComm string) (time.Duration, map[int]time.Duration) {
	srv, _ := cpuOf(pid)
	db := map[int]time.Duration{}
	if dbComm != "" {
		for _, p := range pidsNamed(dbComm) {
			if t, ok := cpuOf(p); ok {
				db[p] = t
			}
		}
	}
	return srv, db
}

// diffTicks is the CPU the database spent between two readings; a process that started in
// between counts from zero.
func diffTicks(before, after map[int]time.Duration) time.Duration {
	var d time.Duration
	for p, t := range after {
		d += t - before[p]
	}
	return d
}

func cpuOf(pid int) (time.Duration, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	// The command name, in parentheses, may hold spaces: fields count from after it.
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+2:]))
	utime, _ := strconv.Atoi(f[11])
	stime, _ := strconv.Atoi(f[12])
	return time.Duration(utime+stime) * clockTick, true
}

func pidsNamed(comm string) []int {
	entries, _ := os.ReadDir("/proc")
	var out []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid)); err == nil && strings.TrimSpace(string(b)) == comm {
			out = append(out, pid)
		}
	}
	return out
}

// rssOf sums the resident memory of the processes named comm, in MB. PostgreSQL's shared
// buffers count once in each backend that touched them, so its sum is an upper bound.
func rssOf(comm string) float64 {
	if comm == "" {
		return 0
	}
	var kb int
	for _, p := range pidsNamed(comm) {
		kb += statusKB(p, "VmRSS:")
	}
	return float64(kb) / 1024
}

func statusKB(pid int, field string) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, field) {
			kb, _ := strconv.Atoi(strings.Fields(line)[1])
			return kb
		}
	}
	return 0
}

func peakRSSOf(pid int) (float64, error) {
	kb := statusKB(pid, "VmHWM:")
	if kb == 0 {
		return 0, fmt.Errorf("no VmHWM for process %d", pid)
	}
	return float64(kb) / 1024, nil
}

// machineUse is where the machine's CPU went over the rounds: busy is the share of all
// its CPU time in use; of the time in use (all), measured went to the servers and
// databases under test, generator to this process's clients, and the rest elsewhere.
type machineUse struct {
	busy                     float64
	all, measured, generator time.Duration
}

// machineTicks reads the whole machine's busy and total CPU ticks.
func machineTicks() [2]uint64 {
	b, _ := os.ReadFile("/proc/stat")
	f := strings.Fields(strings.SplitN(string(b), "\n", 2)[0])[1:]
	var busy, total uint64
	for i, s := range f {
		v, _ := strconv.ParseUint(s, 10, 64)
		total += v
		if i != 3 && i != 4 { // idle and iowait
			busy += v
		}
	}
	return [2]uint64{busy, total}
}

func peerTable(o peerOptions, systems []system, rs map[string]*peerResult, rss map[string]float64, counts map[string]int,
	loadBefore, loadAfter string, use machineUse, took time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# mzdesk beside PostGraphile on the same data\n\n")
	fmt.Fprintf(&b, "Written by `make bench-peer` on %s. %d interleaved rounds of %v per system and query, %d connections, closed loop. "+
		"Data (as copied into PostgreSQL): %d org units, %d donations, %d donation lines, %d allocations, %d receipts; "+
		"query (b)'s donation has 128 allocations.\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), o.rounds, o.d, o.conns, counts["org_units"], counts["donations"],
		counts["donation_lines"], counts["allocations"], counts["receipts"])
	share := func(d time.Duration) float64 { return 100 * d.Seconds() / max(use.all.Seconds(), 1e-9) }
	other := max(0, use.all-use.measured-use.generator)
	fmt.Fprintf(&b, "**Machine load**: 2 cores, shared; load average %s before and %s after; the whole machine was %.0f%% busy over the %v of the rounds. "+
		"Of the CPU time in use, %.0f%% went to the servers and databases measured (a database's count includes any other work it did meanwhile), "+
		"%.0f%% to the load generator, and %.0f%% to other processes.\n\n",
		loadBefore, loadAfter, use.busy, took.Round(time.Second), share(use.measured), share(use.generator), share(other))
	b.WriteString("| query | system | req/s | p50 ms | p99 ms | errors | CPU ms/request: server + database | server peak RSS MB | database RSS MB (sampled sum) |\n")
	b.WriteString("|---|---|---:|---:|---:|---:|---|---:|---:|\n")
	for _, q := range []string{"a", "b"} {
		for _, s := range systems {
			r := rs[s.name+"/"+q]
			slices.Sort(r.lat)
			n := float64(max(1, r.requests))
			dbRSS := "in-process"
			if s.dbComm != "" {
				dbRSS = fmt.Sprintf("%.0f", r.dbRSSMB)
			}
			fmt.Fprintf(&b, "| (%s) | %s | %.0f | %.1f | %.1f | %d | %.2f + %.2f = %.2f | %.0f | %s |\n", q, s.name,
				float64(r.requests)/r.elapsed.Seconds(), ms(percentile(r.lat, .5)), ms(percentile(r.lat, .99)), r.errs,
				ms(r.cpuServer)/n, ms(r.cpuDB)/n, ms(r.cpuServer+r.cpuDB)/n, rss[s.name], dbRSS)
		}
	}
	b.WriteString("\nRatios, mzdesk over PostGraphile (throughput: above 1 is mzdesk faster; p99 and CPU: below 1 is mzdesk better):\n\n")
	b.WriteString("| query | system | req/s × | p99 × | CPU/request × |\n|---|---|---:|---:|---:|\n")
	for _, q := range []string{"a", "b"} {
		peer := rs[systems[0].name+"/"+q]
		for _, s := range systems[1:] {
			r := rs[s.name+"/"+q]
			thr := func(x *peerResult) float64 { return float64(x.requests) / x.elapsed.Seconds() }
			p99 := func(x *peerResult) float64 { return ms(percentile(x.lat, .99)) }
			cpu := func(x *peerResult) float64 { return ms(x.cpuServer+x.cpuDB) / float64(max(1, x.requests)) }
			fmt.Fprintf(&b, "| (%s) | %s | %.2f | %.2f | %.2f |\n", q, s.name, thr(r)/thr(peer), p99(r)/p99(peer), cpu(r)/cpu(peer))
		}
	}
	b.WriteString("\nThe same ratios round by round, each mzdesk round against PostGraphile's round of the same query just before it " +
		"(the table above pools all rounds, so a round on a slower machine widens each system's spread):\n\n")
	b.WriteString("| query | system | req/s × by round | p99 × by round |\n|---|---|---|---|\n")
	for _, q := range []string{"a", "b"} {
		peer := rs[systems[0].name+"/"+q]
		for _, s := range systems[1:] {
			var rates, p99s []string
			for i, round := range rs[s.name+"/"+q].rounds {
				rates = append(rates, fmt.Sprintf("%.2f", round.rate/peer.rounds[i].rate))
				p99s = append(p99s, fmt.Sprintf("%.2f", round.p99/peer.rounds[i].p99))
			}
			fmt.Fprintf(&b, "| (%s) | %s | %s | %s |\n", q, s.name, strings.Join(rates, ", "), strings.Join(p99s, ", "))
		}
	}
	for _, q := range []string{"a", "b"} {
		for _, s := range systems {
			if r := rs[s.name+"/"+q]; r.firstErr != nil {
				fmt.Fprintf(&b, "\nFirst error of %s on (%s): %v\n", s.name, q, r.firstErr)
			}
		}
	}
	b.WriteString(peerMethod)
	return b.String()
}

// peerMethod is the part of docs/bench/peer.md that says how to run the benchmark and what it measures.
const peerMethod = `
## How to run

    make bench-peer                       # 3 rounds of 10 s (builds mzdesk, npm ci in internal/bench/peer)
    make bench-peer PEER_FLAGS='-duration 30s -rounds 5'

It needs the local MariaDB (root, no password) and PostgreSQL 15 (127.0.0.1:5432, trust, user
postgres) and creates its own databases, mzdesk_peer on both (dropped and made afresh each run; the
MariaDB one is dropped at the end). It is a benchmark: ` + "`make test`" + ` and CI do not run it.

## What it measures

- **Data**: mzdesk's demo data plus the generator of ` + "`make bench`" + ` (internal/bench/generate.go) at 100,000
  allocations, written into MariaDB and into SQLite through a running mzdesk. The tables PostGraphile needs
  (org units, donors, items, donations, donation lines, allocations, receipts) are copied row for row from
  MariaDB into PostgreSQL, with their foreign keys (PostGraphile's relations) and an index for each list read.
- **Queries**: (a) a village's first 20 allocations, newest first, each with its donation, item, donor and
  receipt; (b) one donation with its 128 allocations, their recipients and receipts. The donor in (a) is the
  donation's donorName on mzdesk (the donor's public name, what a village may see) and the joined donor row's
  name on PostGraphile: the same text for this data. mzdesk answers with its
  JWT checks and row rules on (a village's token for (a), the charity office's for (b)); PostGraphile runs
  without authentication (its default CLI, NODE_ENV=production, query log off, pool of 10).
- **Checks**: before the rounds, the first answers of all three systems are reduced to their essential values
  (quantities, statuses, receipt numbers, item, donor and village names) and must agree. During the runs every
  answer is compared byte for byte with its run's first; one that differs counts as an error unless its
  essential values agree.
- **Load**: per round, query and system in turn (interleaved), 50 clients in a closed loop for the duration;
  req/s is answers checked per second, p50/p99 their latency. The clients send no Accept-Encoding, so both
  systems answer uncompressed JSON (PostGraphile never compresses; mzdesk gzips for phones that ask).
- **CPU**: user + system time from /proc of the server process (mzdesk or node) and of every database process
  (mariadbd; postgres with all its backends), per request. SQLite runs inside mzdesk. Other work on the
  same database server during a run (other engineers' tests) is counted in too: read the machine load above.
- **PostgreSQL's plan for (b)**: the generator gives receipts only to (b)'s donation, so the receipts table
  holds 128 rows and PostgreSQL's planner scans it once per allocation (128 sequential scans) rather than
  using the unique index on allocation_id: EXPLAIN ANALYZE of PostGraphile's statement showed about 10 ms of
  execution, nearly all of it in those scans, on the busy machine. That is most of PostgreSQL's CPU per (b)
  request; it is the planner's choice on this data and is left as it is.
- **Memory**: the server's peak RSS (VmHWM) over the whole benchmark; the database's, sampled every 0.5 s as
  the sum of its processes' RSS (PostgreSQL's shared buffers count in each backend: an upper bound).
`
