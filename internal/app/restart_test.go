package app_test

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"mzdesk/internal/apptest"
	"mzdesk/internal/database"
)

// TestMySQLRestartUnderLoad takes MySQL away while the 128 village committees of 武陵区
// confirm the 3 t of 84消毒液, each retrying with its idempotency key as a phone's
// queue does: first a crash (SIGKILL), then an orderly stop (SIGTERM). The same mzdesk
// process must say UNAVAILABLE with a 503 while the database is away, be ready again
// once it is back without a restart, and end with exactly one receipt per village.
func TestMySQLRestartUnderLoad(t *testing.T) {
	if os.Getenv("MZ_TEST_MYSQL_DSN") == "" {
		t.Skip("MySQL tests run when MZ_TEST_MYSQL_DSN is set")
	}
	my := startMariaDB(t) // never the shared server: this test crashes it
	spec, drop, err := database.Scratch(my.dsn(), "mzdesk")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	_, base := startProcess(t, serverBinary(t), spec)

	charity := apptest.Login(t, base, "charity")
	id := lookupOver(t, charity)
	d := record3t(t, charity, id)
	line := d.CreateDonation.Lines[0].ID
	charity.MustDo(`mutation($ids: [ID!]!) { dispatchAllocations(ids: $ids) { id } }`,
		map[string]any{"ids": allocateToWuling(t, charity, line, id, "BASE")}, nil)
	var sent struct {
		Allocations struct {
			Edges []struct {
				Node struct {
					ID      string
					Village struct{ Code string }
				}
			}
		}
	}
	charity.MustDo(`query($l: ID!) { allocations(first: 200, where: {lineID: $l}) { edges { node { id village { code } } } } }`,
		map[string]any{"l": line}, &sent)
	if n := len(sent.Allocations.Edges); n != 128 {
		t.Fatalf("%d allocations dispatched, want one for each of the 128 villages", n)
	}

	// Every committee logs in while MySQL is up (a bcrypt check each, a few at a time).
	committees := make([]*committee, len(sent.Allocations.Edges))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i, e := range sent.Allocations.Edges {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			committees[i] = &committee{allocation: e.Node.ID, key: "restart-" + e.Node.Village.Code,
				client: apptest.Login(t, base, "village-"+e.Node.Village.Code)}
		}()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}

	// The committees confirm one after another, 50 ms apart, each retrying for up to a
	// minute until it holds a receipt; MySQL goes away twice while they do. Should the
	// test fail first, the phones give up before the servers are stopped.
	start := time.Now()
	load, giveUp := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(func() {
		giveUp()
		wg.Wait()
	})
	log := &attempts{}
	var holding atomic.Int32
	for i, c := range committees {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if pause(load, time.Duration(i)*50*time.Millisecond) && c.confirm(load, log) {
				holding.Add(1)
			}
		}()
	}
	// What else reaches the database must say UNAVAILABLE too, in words for people.
	probes := map[string]struct {
		client *apptest.Client
		query  string
		vars   map[string]any
	}{
		"a public query":             {apptest.PublicAt(t, base), `query($d: ID!) { donationTrail(id: $d) { donor } }`, map[string]any{"d": d.CreateDonation.ID}},
		"a mutation without a token": {apptest.PublicAt(t, base), confirmWithKey, map[string]any{"id": committees[0].allocation, "key": "no-token-at-all"}},
		"a login":                    {apptest.PublicAt(t, base), `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }`, map[string]any{"u": "charity", "p": apptest.Password}},
		"a query with a token":       {charity, `query($d: ID!) { donationProgress(id: $d) { confirmed } }`, map[string]any{"d": d.CreateDonation.ID}},
	}
	var outages []outage
	for _, o := range []struct {
		after int32 // receipts held before MySQL goes away
		sig   syscall.Signal
	}{{32, syscall.SIGKILL}, {96, syscall.SIGTERM}} {
		for holding.Load() < o.after && load.Err() == nil {
			time.Sleep(10 * time.Millisecond)
		}
		out := outage{sig: o.sig, from: time.Now()}
		my.stop(o.sig)
		if status := readyz(t, base); status == http.StatusOK {
			t.Errorf("/readyz answers 200 while MySQL is stopped (%v)", o.sig)
		}
		for name, p := range probes {
			r := p.client.Do(p.query, p.vars)
			if r.Status != http.StatusServiceUnavailable || r.Code() != "UNAVAILABLE" || len(r.Errors) != 1 ||
				driverWords(r.Errors[0].Message) {
				t.Errorf("%s while MySQL is stopped (%v): %d %+v, want 503 UNAVAILABLE in words for people", name, o.sig, r.Status, r.Errors)
			}
		}
		time.Sleep(2500 * time.Millisecond)
		my.start()
		out.back = time.Now()
		for readyz(t, base) != http.StatusOK {
			if time.Since(out.back) > 30*time.Second {
				t.Fatalf("/readyz still not ready 30 s after MySQL came back (%v)", o.sig)
			}
			time.Sleep(20 * time.Millisecond)
		}
		out.ready = time.Since(out.back)
		outages = append(outages, out)
	}
	wg.Wait()
	total := time.Since(start)

	// Figures: what failed while MySQL was away, and how soon receipts came again.
	for i, o := range outages {
		end := time.Now()
		if i+1 < len(outages) {
			end = outages[i+1].from
		}
		failed, villages, firstReceipt := log.around(o, end)
		t.Logf("%v: %d confirmations from %d villages failed; MySQL was away %v; /readyz was ready %v and the first receipt came %v after it was back",
			o.sig, failed, villages, o.back.Sub(o.from).Round(time.Millisecond), o.ready.Round(time.Millisecond), firstReceipt.Round(time.Millisecond))
		if failed == 0 {
			t.Errorf("%v: no confirmation failed: the outage tested nothing", o.sig)
		}
	}
	t.Logf("all confirmations took %v; failed answers by kind: %v", total.Round(time.Millisecond), log.kinds())
	for kind := range log.kinds() {
		if kind != "503 UNAVAILABLE" {
			t.Errorf("while MySQL was away a confirmation got %q, want 503 UNAVAILABLE only", kind)
		}
	}

	numbers := map[string]string{}
	for _, c := range committees {
		switch {
		case c.receiptNo == "":
			t.Errorf("%s has no receipt after a minute of retries", c.key)
		case numbers[c.receiptNo] != "":
			t.Errorf("%s and %s hold the same receipt %s", numbers[c.receiptNo], c.key, c.receiptNo)
		default:
			numbers[c.receiptNo] = c.key
		}
	}
	if t.Failed() {
		t.FailNow()
	}

	var got struct {
		Allocations struct {
			TotalCount int
			Edges      []struct {
				Node struct{ Receipt struct{ ReceiptNo string } }
			}
		}
		DonationProgress struct {
			Recipients, Confirmed, Disputed int
			Lines                           []struct{ Received string }
		}
	}
	charity.MustDo(`query($l: ID!, $d: ID!) {
		allocations(first: 200, where: {lineID: $l, hasReceipt: true}) { totalCount edges { node { receipt { receiptNo } } } }
		donationProgress(id: $d) { recipients confirmed disputed lines { received } } }`,
		map[string]any{"l": line, "d": d.CreateDonation.ID}, &got)
	if got.Allocations.TotalCount != 128 {
		t.Errorf("the donation has %d receipts, want 128", got.Allocations.TotalCount)
	}
	for _, e := range got.Allocations.Edges {
		if numbers[e.Node.Receipt.ReceiptNo] == "" {
			t.Errorf("receipt %s is stored but no committee was given it", e.Node.Receipt.ReceiptNo)
		}
	}
	if p := got.DonationProgress; p.Recipients != 128 || p.Confirmed != 128 || p.Disputed != 0 || p.Lines[0].Received != "3000" {
		t.Errorf("progress %+v, want 128/128 confirmed and 3000 kg received", p)
	}

	// A phone that retries once more, with the same key, gets the same receipt again.
	for _, c := range committees {
		var again struct{ ConfirmReceipt struct{ ReceiptNo string } }
		c.client.MustDo(confirmWithKey, map[string]any{"id": c.allocation, "key": c.key}, &again)
		if again.ConfirmReceipt.ReceiptNo != c.receiptNo {
			t.Errorf("%s confirmed again: receipt %s, want %s", c.key, again.ConfirmReceipt.ReceiptNo, c.receiptNo)
		}
	}

	// The sealer kept running through both outages: the audit chain links every event
	// and holds, moments after the last change.
	admin := apptest.Login(t, base, "admin")
	for wait := time.Now(); ; time.Sleep(100 * time.Millisecond) {
		var chain struct {
			VerifyAuditChain struct {
				OK               bool
				Events, Unsealed int
				Reason           string
			}
		}
		admin.MustDo(`{ verifyAuditChain { ok events unsealed reason } }`, nil, &chain)
		c := chain.VerifyAuditChain
		if c.OK && c.Unsealed == 0 {
			t.Logf("audit chain after the outages: %d events, all linked", c.Events)
			break
		}
		if !c.OK || time.Since(wait) > 5*time.Second {
			t.Fatalf("audit chain after the outages: %+v", c)
		}
	}
}

const confirmWithKey = `mutation($id: ID!, $key: String!) { confirmReceipt(input: {allocationID: $id, idempotencyKey: $key}) { receiptNo } }`

// committee is one village committee's phone: its allocation, the idempotency key it
// chose once, and the receipt it got.
type committee struct {
	client     *apptest.Client
	allocation string
	key        string
	receiptNo  string
}

// confirm sends the confirmation until the server gives a receipt or ctx ends, waiting a
// little longer after each failure, and logs every attempt.
func (c *committee) confirm(ctx context.Context, log *attempts) bool {
	for wait := 50 * time.Millisecond; ; wait = min(2*wait, 400*time.Millisecond) {
		r, err := c.client.Try(confirmWithKey, map[string]any{"id": c.allocation, "key": c.key})
		var kind string
		switch {
		case err != nil:
			kind = err.Error()
		case r.Status != http.StatusOK || len(r.Errors) > 0:
			kind = fmt.Sprintf("%d %s", r.Status, cmp.Or(r.Code(), "(no code)"))
		default:
			var out struct{ ConfirmReceipt struct{ ReceiptNo string } }
			if err := json.Unmarshal(r.Data, &out); err != nil {
				kind = err.Error()
				break
			}
			c.receiptNo = out.ConfirmReceipt.ReceiptNo
		}
		log.add(c.key, kind)
		if kind == "" {
			return true
		}
		if !pause(ctx, wait) {
			return false
		}
	}
}

// pause waits for d unless ctx ends first, and says whether ctx is still going.
func pause(ctx context.Context, d time.Duration) bool {
	select {
	case <-ctx.Done():
		return false
	case <-time.After(d):
		return true
	}
}

// outage is one time MySQL went away: how, when, when it was back, and how long the
// server then took to say it was ready.
type outage struct {
	sig        syscall.Signal
	from, back time.Time
	ready      time.Duration
}

// attempts logs every confirmation sent: when, and how it failed ("" for a receipt).
type attempts struct {
	mu   sync.Mutex
	list []attempt
}

type attempt struct {
	at   time.Time
	key  string // the committee's idempotency key
	kind string
}

func (a *attempts) add(key, kind string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.list = append(a.list, attempt{time.Now(), key, kind})
}

// kinds counts the failed attempts by their HTTP status and extensions.code, or error.
func (a *attempts) kinds() map[string]int {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := map[string]int{}
	for _, at := range a.list {
		if at.kind != "" {
			out[at.kind]++
		}
	}
	return out
}

// around counts the failed attempts, and the committees they came from, between the
// outage's start and end, and measures how long after MySQL was back the first receipt
// came (attempts are logged in the order they ended).
func (a *attempts) around(o outage, end time.Time) (failed, committees int, firstReceipt time.Duration) {
	a.mu.Lock()
	defer a.mu.Unlock()
	who := map[string]bool{}
	firstReceipt = -1
	for _, at := range a.list {
		if at.at.Before(o.from) || !at.at.Before(end) {
			continue
		}
		if at.kind != "" {
			failed++
			who[at.key] = true
		} else if at.at.After(o.back) && firstReceipt < 0 {
			firstReceipt = at.at.Sub(o.back)
		}
	}
	return failed, len(who), firstReceipt
}

// driverWords says whether an error message repeats the MySQL driver's, which mean
// nothing to a village committee and tell strangers where the database is.
func driverWords(msg string) bool {
	return strings.Contains(msg, "tcp") || strings.Contains(msg, "connection") || strings.Contains(msg, "transaction")
}

// readyz is the status /readyz answers.
func readyz(t *testing.T, base string) int {
	t.Helper()
	res, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatalf("the mzdesk process stopped answering: %v", err)
	}
	res.Body.Close()
	return res.StatusCode
}

// mariaDB is a MariaDB server of one test's own, on a data directory that outlives its
// restarts, so that the test may crash it: the shared server is never touched.
type mariaDB struct {
	t      *testing.T
	bin    string
	dir    string
	user   string // the account mariadbd runs as: ours
	port   int
	log    *os.File
	cmd    *exec.Cmd
	exited chan struct{}
}

// startMariaDB makes a fresh data directory and starts a server on it. Without the
// MariaDB programs the test is skipped on a developer's machine but fails in CI, which
// has them.
func startMariaDB(t *testing.T) *mariaDB {
	t.Helper()
	var server string
	install, err := mariaDBProgram("mariadb-install-db")
	if err == nil {
		server, err = mariaDBProgram("mariadbd")
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI needs MariaDB's own programs to restart a server of the test's own: %v", err)
		}
		t.Skipf("needs MariaDB's programs to restart a server of the test's own: %v", err)
	}
	me, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	m := &mariaDB{t: t, bin: server, dir: t.TempDir(), user: me.Username}
	out, err := exec.Command(install, append(m.options(), "--auth-root-authentication-method=normal", "--skip-test-db")...).CombinedOutput()
	if err != nil {
		t.Fatalf("mariadb-install-db: %v\n%s", err, out)
	}
	if m.log, err = os.Create(filepath.Join(m.dir, "mariadbd.log")); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	m.port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	t.Cleanup(func() {
		if m.cmd != nil {
			_ = m.cmd.Process.Kill()
			<-m.exited
		}
		m.log.Close()
	})
	m.start()
	return m
}

// mariaDBProgram finds a MariaDB program on PATH, or in /usr/sbin, which Debian keeps
// off ordinary users' PATH.
func mariaDBProgram(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	return exec.LookPath(filepath.Join("/usr/sbin", name))
}

// options are what both mariadb-install-db and mariadbd are given: no option files (the
// shared server's), and a small server quick to start — a small buffer pool and redo log,
// no binary log, no DNS — whose writes stay as durable as in production. mariadbd
// refuses to run as root unless told to; as anyone else --user is ignored.
func (m *mariaDB) options() []string {
	return []string{"--no-defaults", "--datadir=" + filepath.Join(m.dir, "data"), "--user=" + m.user,
		"--skip-name-resolve", "--skip-log-bin", "--innodb-buffer-pool-size=64M", "--innodb-log-file-size=8M"}
}

// dsn reaches the server as root, which has no password.
func (m *mariaDB) dsn() string { return fmt.Sprintf("root@tcp(127.0.0.1:%d)/", m.port) }

// start runs mariadbd on the data directory and port it had before, and returns once it
// answers: after a crash, once it has recovered.
func (m *mariaDB) start() {
	m.t.Helper()
	// Its own socket too: the default one is the shared server's.
	cmd := exec.Command(m.bin, append(m.options(), "--bind-address=127.0.0.1", fmt.Sprintf("--port=%d", m.port),
		"--socket="+filepath.Join(m.dir, "sock"))...)
	cmd.Stdout, cmd.Stderr = m.log, m.log
	if err := cmd.Start(); err != nil {
		m.t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	m.cmd, m.exited = cmd, exited
	db, err := sql.Open("mysql", m.dsn())
	if err != nil {
		m.t.Fatal(err)
	}
	defer db.Close()
	for deadline := time.Now().Add(60 * time.Second); ; {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := db.PingContext(ctx)
		cancel()
		if err == nil {
			return
		}
		select {
		case <-m.exited:
			m.t.Fatalf("mariadbd exited while starting: %v\n%s", m.cmd.ProcessState, m.logTail())
		default:
		}
		if time.Now().After(deadline) {
			m.t.Fatalf("mariadbd did not answer within 60 s: %v\n%s", err, m.logTail())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop sends sig to mariadbd and waits until it has exited.
func (m *mariaDB) stop(sig syscall.Signal) {
	m.t.Helper()
	if err := m.cmd.Process.Signal(sig); err != nil {
		m.t.Fatal(err)
	}
	select {
	case <-m.exited:
	case <-time.After(60 * time.Second):
		m.t.Fatalf("mariadbd did not exit within 60 s of %v\n%s", sig, m.logTail())
	}
}

// logTail is the end of the server's log, for a failure message.
func (m *mariaDB) logTail() string {
	b, _ := os.ReadFile(m.log.Name())
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return strings.Join(lines[max(0, len(lines)-20):], "\n")
}
