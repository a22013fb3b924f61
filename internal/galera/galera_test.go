// Package galera_test runs mzdesk on a three-node MariaDB Galera cluster on loopback,
// every node writable, with two replicas writing through two different nodes: the
// issue-21 scenario. It needs mariadbd, mariadb-install-db, galera-4 and rsync, and runs
// when MZ_TEST_GALERA is set (make test-galera, part of make test).
package galera_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql"

	"mzdesk/ent"
	"mzdesk/ent/allocation"
	"mzdesk/ent/auditevent"
	"mzdesk/ent/donor"
	"mzdesk/ent/item"
	"mzdesk/ent/orgunit"
	"mzdesk/ent/receipt"
	"mzdesk/internal/apptest"
	"mzdesk/internal/config"
	"mzdesk/internal/database"
	"mzdesk/internal/demo"
	"mzdesk/internal/quantity"
	"mzdesk/internal/viewer"
)

const provider = "/usr/lib/galera/libgalera_smm.so"

// node is one mariadbd of the cluster.
type node struct {
	name, dir, cnf string
	cmd            *exec.Cmd
	exited         chan struct{}
}

func (n *node) socket() string { return filepath.Join(n.dir, "mysqld.sock") }

// spec is the MZ_DB of the mzdesk database through this node. Its reads are causal
// (wsrep_sync_wait=1): a read waits until the node has applied what the cluster committed
// before it, so that a token issued through one node is known at once through another.
func (n *node) spec() string {
	return "mysql:root@unix(" + n.socket() + ")/mzdesk?wsrep_sync_wait=1"
}

// freePorts finds k ports free to listen on, outside the kernel's range of ephemeral
// ports: a node killed and started again must find its own ports still free, and in that
// range an outgoing connection made meanwhile (a state transfer's, another node's) may
// have been given one of them as its own (seen in CI: node2's restart failed with "Bind
// on TCP/IP port. Got error: 98: Address already in use").
func freePorts(t *testing.T, k int) []int {
	low := 32768 // Linux's default start of the ephemeral range
	if b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range"); err == nil {
		if f := strings.Fields(string(b)); len(f) == 2 {
			if n, err := strconv.Atoi(f[0]); err == nil {
				low = n
			}
		}
	}
	const first = 10000
	if low <= first+k {
		t.Fatalf("the ephemeral ports start at %d: no room below them for the nodes' ports", low)
	}
	var ports []int
	var ls []net.Listener
	for try := 0; len(ports) < k; try++ {
		if try == 1000 {
			t.Fatalf("found only %d free ports of %d below %d", len(ports), k, low)
		}
		p := first + rand.IntN(low-first)
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
		if err != nil {
			continue // taken, or picked already (its listener still holds it)
		}
		ls = append(ls, l)
		ports = append(ports, p)
	}
	for _, l := range ls {
		l.Close()
	}
	return ports
}

// cluster writes three nodes' configurations (32 MB buffer pools, rsync state transfer,
// ports of their own) and their data directories under a temporary directory.
func cluster(t *testing.T) []*node {
	for _, bin := range []string{"mariadbd", "mariadb-install-db", "rsync"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Fatalf("%s is missing: apt-get install -y mariadb-server galera-4 rsync", bin)
		}
	}
	if _, err := os.Stat(provider); err != nil {
		t.Fatalf("the Galera provider is missing (%v): apt-get install -y galera-4", err)
	}
	root, err := os.MkdirTemp("", "mzdesk-galera-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("the nodes' data directories and error logs are kept in %s", root)
			return
		}
		_ = os.RemoveAll(root)
	})
	// The nodes run as mysql, as packaged: run by root, the rsync daemon of a state
	// transfer drops to nobody, who may not write the joiner's data directory.
	mysqlUser, err := user.Lookup("mysql")
	if err != nil {
		t.Fatalf("no mysql user to run the nodes as: %v", err)
	}
	uid, _ := strconv.Atoi(mysqlUser.Uid)
	gid, _ := strconv.Atoi(mysqlUser.Gid)
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	ports := freePorts(t, 12)
	var gcomm []string
	for i := range 3 {
		gcomm = append(gcomm, fmt.Sprintf("127.0.0.1:%d", ports[4*i+1]))
	}
	nodes := make([]*node, 3)
	var wg sync.WaitGroup
	for i := range 3 {
		n := &node{name: fmt.Sprintf("node%d", i), dir: filepath.Join(root, fmt.Sprintf("node%d", i))}
		n.cnf = filepath.Join(root, n.name+".cnf")
		nodes[i] = n
		p := ports[4*i : 4*i+4]
		cnf := fmt.Sprintf(`[mysqld]
user=mysql
datadir=%[1]s
socket=%[1]s/mysqld.sock
pid-file=%[1]s/mysqld.pid
tmpdir=%[1]s.tmp
log-error=%[1]s/error.log
port=%[2]d
bind-address=127.0.0.1
skip-name-resolve
performance_schema=OFF
innodb_buffer_pool_size=32M
innodb_log_file_size=16M
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
innodb_flush_log_at_trx_commit=0
max_connections=200
wsrep_on=ON
wsrep_provider=%[3]s
wsrep_cluster_name=mzdesk_test
wsrep_cluster_address=gcomm://%[4]s
wsrep_node_name=%[5]s
wsrep_node_address=127.0.0.1:%[6]d
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:%[6]d;ist.recv_addr=127.0.0.1:%[7]d;gcache.size=64M;evs.suspect_timeout=PT3S;evs.inactive_timeout=PT6S;evs.install_timeout=PT6S"
wsrep_sst_method=rsync
wsrep_sst_receive_address=127.0.0.1:%[8]d
wsrep_slave_threads=2
`, n.dir, p[0], provider, strings.Join(gcomm, ","), n.name, p[1], p[2], p[3])
		if err := os.WriteFile(n.cnf, []byte(cnf), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, d := range []string{n.dir, n.dir + ".tmp"} {
			if err := os.Mkdir(d, 0o750); err != nil {
				t.Fatal(err)
			}
			if err := os.Chown(d, uid, gid); err != nil {
				t.Fatal(err)
			}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, err := exec.Command("mariadb-install-db", "--defaults-file="+n.cnf, "--auth-root-authentication-method=normal", "--user=mysql",
				"--skip-test-db").CombinedOutput()
			if err != nil {
				t.Errorf("mariadb-install-db %s: %v\n%s", n.name, err, out)
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	t.Cleanup(func() {
		for _, n := range nodes {
			n.kill()
		}
	})
	return nodes
}

// start runs the node's mariadbd and waits until it is synced with the cluster.
func (n *node) start(t *testing.T, args ...string) {
	t.Helper()
	n.cmd = exec.Command("mariadbd", append([]string{"--defaults-file=" + n.cnf}, args...)...)
	n.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := n.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	n.exited = make(chan struct{})
	go func() { n.cmd.Wait(); close(n.exited) }() //nolint:errcheck // a killed node exits non-zero
	deadline := time.Now().Add(150 * time.Second)
	for time.Now().Before(deadline) {
		if synced(n) {
			return
		}
		select {
		case <-n.exited:
			log, _ := os.ReadFile(filepath.Join(n.dir, "error.log"))
			t.Fatalf("%s exited while starting:\n%s", n.name, tail(string(log), 3000))
		case <-time.After(300 * time.Millisecond):
		}
	}
	log, _ := os.ReadFile(filepath.Join(n.dir, "error.log"))
	t.Fatalf("%s did not sync in time:\n%s", n.name, tail(string(log), 3000))
}

func tail(s string, k int) string {
	if len(s) > k {
		return s[len(s)-k:]
	}
	return s
}

func synced(n *node) bool {
	db, err := sql.Open("mysql", "root@unix("+n.socket()+")/")
	if err != nil {
		return false
	}
	defer db.Close()
	var name, state string
	err = db.QueryRow(`SHOW STATUS LIKE 'wsrep_local_state'`).Scan(&name, &state)
	return err == nil && state == "4"
}

// kill ends the node at once, as a crash would (kill -9), and waits for it to be gone.
func (n *node) kill() {
	if n.cmd == nil || n.cmd.Process == nil {
		return
	}
	_ = syscall.Kill(-n.cmd.Process.Pid, syscall.SIGKILL)
	<-n.exited
	n.cmd = nil
}

// phone is a village committee's phone (or the charity office's browser) behind a load
// balancer with failover: it sends to its own replica, and a request that got no answer
// or UNAVAILABLE is sent again, to the other replica after the first try, as the
// phone's offline queue and HAProxy would. Every answer's code is counted.
type phone struct {
	clients [2]*apptest.Client
	home    int
	codes   *codes
}

type codes struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *codes) add(code string) {
	c.mu.Lock()
	c.n[code]++
	c.mu.Unlock()
}

func (c *codes) get(code string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[code]
}

func (p *phone) do(t *testing.T, q string, vars map[string]any) *apptest.Response {
	for try := 0; ; try++ {
		c := p.clients[(p.home+try)%2]
		r, err := c.Try(q, vars)
		code := "NETWORK"
		if err == nil {
			code = r.Code()
		}
		p.codes.add(code)
		if code != "NETWORK" && code != "UNAVAILABLE" {
			return r
		}
		if try == 40 {
			t.Errorf("no answer after %d tries: %v %+v", try, err, r)
			return r
		}
		time.Sleep(time.Duration(100+50*try) * time.Millisecond)
	}
}

// login logs username in through the phone's replicas, with the same failover.
func login(t *testing.T, urls [2]string, home int, cs *codes, username string) *phone {
	p := &phone{clients: [2]*apptest.Client{apptest.PublicAt(t, urls[0]), apptest.PublicAt(t, urls[1])}, home: home, codes: cs}
	r := p.do(t, `mutation($u:String!,$p:String!){login(username:$u,password:$p){token}}`, map[string]any{"u": username, "p": apptest.Password})
	var out struct{ Login struct{ Token string } }
	if r == nil || r.Code() != "" || json.Unmarshal(r.Data, &out) != nil {
		t.Fatalf("login %s: %+v", username, r)
	}
	for _, c := range p.clients {
		c.Token = out.Login.Token
	}
	return p
}

func (p *phone) must(t *testing.T, q string, vars map[string]any, out any) {
	t.Helper()
	r := p.do(t, q, vars)
	if r.Code() != "" {
		t.Fatalf("%s: %+v", q, r.Errors)
	}
	if out != nil {
		if err := json.Unmarshal(r.Data, out); err != nil {
			t.Fatal(err)
		}
	}
}

// TestGalera is issue 21's scenario on a three-node cluster: two concurrent migrations
// through two nodes, two replicas on two nodes, 128 confirmations split between them
// with one node killed (kill -9) in the middle and restarted, 50 racers confirming one
// delivery with one key, and rounds of 20 racing 200 kg allocations on 250 kg lines.
// It asserts exact totals, no over-allocation, no INTERNAL answer, receipt numbers
// without gaps and audit events that name the right rows.
func TestGalera(t *testing.T) {
	if os.Getenv("MZ_TEST_GALERA") == "" {
		t.Skip("set MZ_TEST_GALERA=1 (make test-galera) to start a three-node Galera cluster")
	}
	logs := countAuditLogs(t)
	start := time.Now()
	nodes := cluster(t)
	nodes[0].start(t, "--wsrep-new-cluster")
	nodes[1].start(t)
	nodes[2].start(t)
	t.Logf("cluster up after %v", time.Since(start).Round(time.Millisecond))
	admin, err := sql.Open("mysql", "root@unix("+nodes[0].socket()+")/")
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE DATABASE mzdesk CHARACTER SET utf8mb4`); err != nil {
		t.Fatal(err)
	}

	// Two mzdesk migrate at once, through two nodes: each file is applied once.
	var wg sync.WaitGroup
	applied := make([][]string, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := database.Open(nodes[i+1].spec())
			if err != nil {
				t.Errorf("node %d: %v", i+1, err)
				return
			}
			defer db.Close()
			if applied[i], err = db.Migrate(context.Background()); err != nil {
				t.Errorf("migrating through node%d: %v", i+1, err)
			}
		}()
	}
	wg.Wait()
	dir, _ := database.Dir("mysql")
	files, _ := dir.Files()
	if len(applied[0])+len(applied[1]) != len(files) {
		t.Fatalf("two concurrent migrations applied %d and %d files, want %d in all", len(applied[0]), len(applied[1]), len(files))
	}
	t.Logf("migrated after %v", time.Since(start).Round(time.Millisecond))

	// Each replica numbers its receipts in a series of its own, as docs/deployment.md
	// has writers on different nodes do.
	a := apptest.StartOn(t, nodes[1].spec(), series("A"))
	b := apptest.StartOn(t, nodes[2].spec(), series("B"))
	urls := [2]string{a.URL, b.URL}
	cs := &codes{n: map[string]int{}}
	ctx := viewer.SystemContext(context.Background(), viewer.Seed)
	c := a.App.Client
	charity := login(t, urls, 0, cs, "charity")
	disinfectant := c.Item.Query().Where(item.Name("84消毒液")).OnlyIDX(ctx)
	giver := c.Donor.Query().Where(donor.Name("常德市子琳医疗科技有限公司")).OnlyIDX(ctx)
	wuling := c.OrgUnit.Query().Where(orgunit.Code(demo.WulingCode)).OnlyIDX(ctx)
	t.Logf("replicas up after %v", time.Since(start).Round(time.Millisecond))

	// 3 t in 120 barrels, split evenly over the 128 villages of 武陵区 and dispatched.
	var d struct {
		CreateDonation struct {
			ID    string
			Lines []struct{ ID string }
		}
	}
	charity.must(t, `mutation($in: CreateDonationInput!) { createDonation(input: $in) { id lines { id } } }`, map[string]any{"in": map[string]any{
		"donorID": giver, "donatedOn": "2020-02-20T00:00:00Z", "purpose": "定向捐赠武陵区128个村(居)",
		"lines": []any{map[string]any{"itemID": disinfectant, "quantity": "120", "unit": "PACK"}},
	}}, &d)
	var alloc struct {
		AllocateDonation struct{ Allocations []struct{ ID string } }
	}
	charity.must(t, `mutation($in: AllocateInput!) { allocateDonation(input: $in) { allocations { id } } }`, map[string]any{"in": map[string]any{
		"lineID": d.CreateDonation.Lines[0].ID, "method": "EVEN", "recipients": map[string]any{"everyVillageUnder": wuling},
	}}, &alloc)
	var allocIDs []string
	for _, x := range alloc.AllocateDonation.Allocations {
		allocIDs = append(allocIDs, x.ID)
	}
	if len(allocIDs) != 128 {
		t.Fatalf("%d allocations, want 128", len(allocIDs))
	}
	charity.must(t, `mutation($ids: [ID!]!) { dispatchAllocations(ids: $ids) { id } }`, map[string]any{"ids": allocIDs}, nil)

	// 128 confirmations, half through each replica; node2 (replica b's) is killed after
	// the first 40 and restarted once all are in.
	villages := c.OrgUnit.Query().Where(orgunit.LevelEQ(orgunit.LevelVILLAGE), orgunit.PathHasPrefix("430700/430702/")).
		Order(orgunit.ByCode()).AllX(ctx)
	var done atomic.Int32
	killed := make(chan struct{})
	go func() {
		for done.Load() < 40 {
			time.Sleep(20 * time.Millisecond)
		}
		t.Logf("kill -9 node2 after %d confirmations", done.Load())
		nodes[2].kill()
		close(killed)
	}()
	numbers := make(chan string, len(villages))
	sem := make(chan struct{}, 8)
	for i, v := range villages {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			p := login(t, urls, i%2, cs, "village-"+v.Code)
			var mine struct {
				Allocations struct {
					Edges []struct{ Node struct{ ID string } }
				}
			}
			p.must(t, `{ allocations(first: 10, where: {status: DISPATCHED}) { edges { node { id } } } }`, nil, &mine)
			if len(mine.Allocations.Edges) != 1 {
				t.Errorf("%s sees %d deliveries to confirm", v.Code, len(mine.Allocations.Edges))
				return
			}
			var out struct{ ConfirmReceipt struct{ ReceiptNo string } }
			p.must(t, `mutation($id: ID!, $key: String!) { confirmReceipt(input: {allocationID: $id, idempotencyKey: $key}) { receiptNo } }`,
				map[string]any{"id": mine.Allocations.Edges[0].Node.ID, "key": "confirm-" + v.Code}, &out)
			numbers <- out.ConfirmReceipt.ReceiptNo
			done.Add(1)
		}()
	}
	wg.Wait()
	close(numbers)
	<-killed
	t.Logf("128 confirmations after %v", time.Since(start).Round(time.Millisecond))
	taken := map[string]bool{}
	for n := range numbers {
		if taken[n] {
			t.Errorf("receipt number %s given twice", n)
		}
		taken[n] = true
	}
	perSeries := map[string]int{}
	for n := range taken {
		if len(n) == len("430702-A000001") {
			perSeries[n[7:8]]++
		}
	}
	for series, count := range perSeries {
		for i := 1; i <= count; i++ {
			if n := fmt.Sprintf("430702-%s%06d", series, i); !taken[n] {
				t.Errorf("no receipt %s among the %d numbers answered", n, len(taken))
			}
		}
	}
	if len(taken) != 128 || perSeries["A"]+perSeries["B"] != 128 {
		t.Errorf("128 confirmations answered %d numbers, %v by series", len(taken), perSeries)
	}
	nodes[2].start(t)
	t.Logf("node2 back after %v", time.Since(start).Round(time.Millisecond))
	waitReady(t, b.URL)

	// 50 racers confirm one delivery with one key, through both replicas: one receipt,
	// the same answer for all.
	zhihe := c.OrgUnit.Query().Where(orgunit.Code(demo.ZhiheCode)).OnlyIDX(ctx)
	line := d.CreateDonation.Lines[0].ID
	var extra struct {
		CreateDonation struct{ Lines []struct{ ID string } }
	}
	charity.must(t, `mutation($in: CreateDonationInput!) { createDonation(input: $in) { lines { id } } }`, map[string]any{"in": map[string]any{
		"donorID": giver, "donatedOn": "2020-02-21T00:00:00Z",
		"lines": []any{
			map[string]any{"itemID": disinfectant, "quantity": "25", "unit": "KG"},
			map[string]any{"itemID": disinfectant, "quantity": "250", "unit": "KG"},
			map[string]any{"itemID": disinfectant, "quantity": "250", "unit": "KG"},
			map[string]any{"itemID": disinfectant, "quantity": "250", "unit": "KG"},
		},
	}}, &extra)
	var one struct {
		AllocateDonation struct{ Allocations []struct{ ID string } }
	}
	charity.must(t, `mutation($in: AllocateInput!) { allocateDonation(input: $in) { allocations { id } } }`, map[string]any{"in": map[string]any{
		"lineID": extra.CreateDonation.Lines[0].ID, "method": "EVEN", "recipients": map[string]any{"villageIDs": []int{zhihe}},
	}}, &one)
	target := one.AllocateDonation.Allocations[0].ID
	charity.must(t, `mutation($ids: [ID!]!) { dispatchAllocations(ids: $ids) { id } }`, map[string]any{"ids": []string{target}}, nil)
	zhihePhone := login(t, urls, 0, cs, "village-"+demo.ZhiheCode)
	answers := make(chan string, 50)
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := &phone{clients: zhihePhone.clients, home: i % 2, codes: cs}
			r := p.do(t, `mutation($id: ID!) { confirmReceipt(input: {allocationID: $id, idempotencyKey: "same-key-galera"}) { receiptNo } }`,
				map[string]any{"id": target})
			var out struct{ ConfirmReceipt struct{ ReceiptNo string } }
			if r.Code() != "" || json.Unmarshal(r.Data, &out) != nil {
				t.Errorf("same-key racer: %+v", r.Errors)
				return
			}
			answers <- out.ConfirmReceipt.ReceiptNo
		}()
	}
	wg.Wait()
	close(answers)
	got := map[string]int{}
	for n := range answers {
		got[n]++
	}
	rs := c.Receipt.Query().Where(receipt.AllocationID(mustAtoi(t, target))).AllX(ctx)
	if len(rs) != 1 || len(got) != 1 || got[rs[0].ReceiptNo] != 50 {
		t.Errorf("50 same-key racers: %d receipts, answers %v, want all the one receipt's number", len(rs), got)
	}

	// Three rounds of 20 racing 200 kg allocations of a 250 kg line, through both
	// replicas: exactly one fits each time.
	for _, l := range extra.CreateDonation.Lines[1:] {
		results := make(chan string, 20)
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p := &phone{clients: charity.clients, home: i % 2, codes: cs}
				r := p.do(t, `mutation($in: AllocateInput!) { allocateDonation(input: $in) { leftover } }`, map[string]any{"in": map[string]any{
					"lineID": l.ID, "method": "MANUAL", "shares": []any{map[string]any{"recipientID": zhihe, "quantity": "200", "unit": "KG"}},
				}})
				results <- r.Code()
			}()
		}
		wg.Wait()
		close(results)
		outcome := map[string]int{}
		for r := range results {
			outcome[r]++
		}
		if outcome[""] != 1 || outcome["BAD_USER_INPUT"] != 19 {
			t.Errorf("20 racing 200 kg allocations of a 250 kg line: %v, want one through and 19 refused", outcome)
		}
	}
	_ = line
	t.Logf("racers done after %v", time.Since(start).Round(time.Millisecond))

	// What the cluster holds, read through replica a.
	for _, l := range c.DonationLine.Query().WithAllocations().AllX(ctx) {
		var sum quantity.Quantity
		for _, x := range l.Edges.Allocations {
			if x.Status != allocation.StatusCANCELLED {
				sum += x.Quantity
			}
		}
		if sum > l.Quantity || l.Allocated != sum {
			t.Errorf("line %d of %s has %s allocated (its total says %s)", l.ID, l.Quantity, sum, l.Allocated)
		}
	}
	var progress struct {
		DonationProgress struct {
			Recipients, Confirmed int
			Lines                 []struct{ Received string }
		}
	}
	charity.must(t, `query($id: ID!) { donationProgress(id: $id) { recipients confirmed lines { received } } }`,
		map[string]any{"id": d.CreateDonation.ID}, &progress)
	if pr := progress.DonationProgress; pr.Recipients != 128 || pr.Confirmed != 128 || pr.Lines[0].Received != "3000" {
		t.Errorf("progress %+v, want 128 of 128 confirmed and 3000 kg received", pr)
	}
	bySeries := map[string][]string{}
	for _, r := range c.Receipt.Query().AllX(ctx) {
		if n, ok := strings.CutPrefix(r.ReceiptNo, "430702-"); ok && len(n) == 7 {
			bySeries[n[:1]] = append(bySeries[n[:1]], r.ReceiptNo)
		} else {
			t.Errorf("receipt number %s is in no replica's series", r.ReceiptNo)
		}
	}
	for series, nos := range bySeries {
		slices.Sort(nos)
		for i, n := range nos {
			if want := fmt.Sprintf("430702-%s%06d", series, i+1); n != want {
				t.Errorf("receipt numbers have a gap: %s where %s should be", n, want)
				break
			}
		}
	}
	if len(bySeries["A"])+len(bySeries["B"]) != len(villages)+1 { // and Zhihe's racers' one
		t.Errorf("receipts in series A and B: %d and %d", len(bySeries["A"]), len(bySeries["B"]))
	}
	for _, sid := range allocIDs {
		auditNames(t, ctx, c, mustAtoi(t, sid))
	}
	if n := cs.get("INTERNAL"); n != 0 {
		t.Errorf("%d answers were INTERNAL", n)
	}
	// Conflicts and a node killed are expected here: the sealer and the watch warn of
	// them and try again; an error would be a fault someone has to look at.
	if n := logs.errors.Load(); n != 0 {
		t.Errorf("the audit sealer or watch logged %d errors", n)
	}
	t.Logf("answers by code: %v; the audit sealer and watch warned %d times; %v in all",
		cs.n, logs.warnings.Load(), time.Since(start).Round(time.Millisecond))
}

// series gives a replica its own series of receipt numbers.
func series(s string) func(*config.Config) {
	return func(c *config.Config) { c.ReceiptSeries = s }
}

// auditLogs counts the audit sealer's and watch's warnings and errors, and writes every
// record to stderr.
type auditLogs struct {
	slog.Handler
	*auditCounts
}

type auditCounts struct{ warnings, errors atomic.Int32 }

// countAuditLogs makes the default logger count the audit loops' records until the test
// and its clean-up are over.
func countAuditLogs(t *testing.T) *auditCounts {
	h := auditLogs{Handler: slog.NewTextHandler(os.Stderr, nil), auditCounts: &auditCounts{}}
	before := slog.Default()
	t.Cleanup(func() { slog.SetDefault(before) })
	slog.SetDefault(slog.New(h))
	return h.auditCounts
}

func (h auditLogs) Handle(ctx context.Context, r slog.Record) error {
	if strings.HasPrefix(r.Message, "sealing the audit chain") || strings.HasPrefix(r.Message, "checking the audit chain") {
		switch r.Level {
		case slog.LevelWarn:
			h.warnings.Add(1)
		case slog.LevelError:
			h.errors.Add(1)
		}
	}
	return h.Handler.Handle(ctx, r)
}

func (h auditLogs) WithAttrs(as []slog.Attr) slog.Handler {
	return auditLogs{h.Handler.WithAttrs(as), h.auditCounts}
}

func (h auditLogs) WithGroup(name string) slog.Handler {
	return auditLogs{h.Handler.WithGroup(name), h.auditCounts}
}

// auditNames checks that an allocation's creation is in the audit log under its own id,
// with its own village and line.
func auditNames(t *testing.T, ctx context.Context, c *ent.Client, id int) {
	x := c.Allocation.GetX(ctx, id)
	events := c.AuditEvent.Query().Where(auditevent.EntityType("Allocation"), auditevent.EntityID(id), auditevent.Action("OpCreate")).AllX(ctx)
	if len(events) != 1 {
		t.Errorf("allocation %d has %d creation events, want 1", id, len(events))
		return
	}
	var after struct {
		VillageID *int `json:"village_id"`
		LineID    int  `json:"line_id"`
	}
	if err := json.Unmarshal([]byte(events[0].After), &after); err != nil || after.VillageID == nil ||
		*after.VillageID != *x.VillageID || after.LineID != x.LineID {
		t.Errorf("allocation %d (village %d, line %d): its creation event says %s", id, *x.VillageID, x.LineID, events[0].After)
	}
}

func waitReady(t *testing.T, base string) {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if r, err := http.Get(base + "/readyz"); err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				return
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Errorf("%s/readyz did not come back", base)
}

func mustAtoi(t *testing.T, s string) int {
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
}
