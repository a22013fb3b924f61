package galera_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mzdesk/ent/donor"
	"mzdesk/ent/item"
	"mzdesk/ent/orgunit"
	"mzdesk/internal/apptest"
	"mzdesk/internal/database"
	"mzdesk/internal/demo"
	"mzdesk/internal/viewer"
)

// TestGaleraThroughput measures confirmReceipt at 16 connections for 20 s: on the plain
// MariaDB that MZ_TEST_MYSQL_DSN names with one replica, then on a three-node Galera
// cluster with two replicas writing through two nodes (8 connections each). It prints
// confirmations per second and the answers by code, for docs/bench/galera.md. It runs
// when MZ_GALERA_BENCH is set (to "single": the single node only); it is a measurement,
// not part of make test.
func TestGaleraThroughput(t *testing.T) {
	if os.Getenv("MZ_GALERA_BENCH") == "" || os.Getenv("MZ_TEST_MYSQL_DSN") == "" {
		t.Skip("set MZ_GALERA_BENCH=1 and MZ_TEST_MYSQL_DSN to measure")
	}
	const workers, d = 16, 20 * time.Second

	single := apptest.StartOn(t, scratch(t))
	one := confirmLoad(t, []*apptest.Server{single}, workers, d)
	t.Logf("single MariaDB node, one replica: %s", one)
	if os.Getenv("MZ_GALERA_BENCH") == "single" {
		return
	}

	nodes := cluster(t)
	nodes[0].start(t, "--wsrep-new-cluster")
	nodes[1].start(t)
	nodes[2].start(t)
	admin, err := sql.Open("mysql", "root@unix("+nodes[0].socket()+")/")
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE DATABASE mzdesk CHARACTER SET utf8mb4`); err != nil {
		t.Fatal(err)
	}
	a := apptest.StartOn(t, nodes[1].spec(), series("A"))
	b := apptest.StartOn(t, nodes[2].spec(), series("B"))
	two := confirmLoad(t, []*apptest.Server{a, b}, workers, d)
	t.Logf("Galera, two replicas writing through two nodes: %s", two)
}

func scratch(t *testing.T) string {
	dsn := os.Getenv("MZ_TEST_MYSQL_DSN")
	spec, drop, err := database.Scratch(dsn, fmt.Sprintf("mzgalerabench_%d", os.Getpid()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(drop)
	return spec
}

type load struct {
	ok, sent int64
	codes    map[string]int
	// said is the first message of each code other than success.
	said map[string]string
	d    time.Duration
	// retries is how many times the replicas ran a mutation again after its transaction
	// lost a conflict (on Galera, mostly certification conflicts): the cost of hot rows.
	retries float64
}

func (l load) String() string {
	return fmt.Sprintf("%.0f confirmations/s (%d of %d answered ok in %v), %.0f retries after conflicts, answers by code %v, first of each %v",
		float64(l.ok)/l.d.Seconds(), l.ok, l.sent, l.d, l.retries, l.codes, l.said)
}

// mutationRetries sums the replicas' count of mutations run again after a conflict.
func mutationRetries(t *testing.T, replicas []*apptest.Server) float64 {
	var sum float64
	for _, r := range replicas {
		res, err := http.Get(r.URL + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "mzdesk_graphql_mutation_retries_total "); ok {
				n, err := strconv.ParseFloat(v, 64)
				if err != nil {
					t.Fatal(err)
				}
				sum += n
			}
		}
	}
	return sum
}

// deliveries is how many deliveries each village gets to confirm: more than 16
// connections confirm in 20 s on this machine. Should they all be confirmed sooner, the
// run ends there and its rate is over the time it took.
const deliveries = 100

// confirmLoad dispatches deliveries to each of 武陵区's 128 villages, logs each village
// in, and then confirms them from workers connections spread over the replicas for d,
// each village's deliveries in turn.
func confirmLoad(t *testing.T, replicas []*apptest.Server, workers int, d time.Duration) load {
	ctx := viewer.SystemContext(context.Background(), viewer.Seed)
	c := replicas[0].App.Client
	charity := replicas[0].As(t, "charity")
	disinfectant := c.Item.Query().Where(item.Name("84消毒液")).OnlyIDX(ctx)
	giver := c.Donor.Query().Where(donor.Name("常德市子琳医疗科技有限公司")).OnlyIDX(ctx)
	wuling := c.OrgUnit.Query().Where(orgunit.Code(demo.WulingCode)).OnlyIDX(ctx)
	var don struct {
		CreateDonation struct{ Lines []struct{ ID string } }
	}
	charity.MustDo(`mutation($in: CreateDonationInput!) { createDonation(input: $in) { lines { id } } }`, map[string]any{"in": map[string]any{
		"donorID": giver, "donatedOn": "2020-02-20T00:00:00Z",
		"lines": []any{map[string]any{"itemID": disinfectant, "quantity": fmt.Sprint(128 * deliveries), "unit": "KG"}},
	}}, &don)
	pools := map[string][]string{} // village id → its dispatched allocations
	for range deliveries {
		var out struct {
			AllocateDonation struct {
				Allocations []struct {
					ID      string
					Village struct{ ID string }
				}
			}
		}
		charity.MustDo(`mutation($in: AllocateInput!) { allocateDonation(input: $in) { allocations { id village { id } } } }`, map[string]any{"in": map[string]any{
			"lineID": don.CreateDonation.Lines[0].ID, "method": "EVEN", "amount": "128", "unit": "KG",
			"recipients": map[string]any{"everyVillageUnder": wuling},
		}}, &out)
		var ids []string
		for _, x := range out.AllocateDonation.Allocations {
			ids = append(ids, x.ID)
			pools[x.Village.ID] = append(pools[x.Village.ID], x.ID)
		}
		charity.MustDo(`mutation($ids: [ID!]!) { dispatchAllocations(ids: $ids) { id } }`, map[string]any{"ids": ids}, nil)
	}
	type village struct {
		clients []*apptest.Client
		pool    []string
		next    atomic.Int64
	}
	var villages []*village
	for _, v := range c.OrgUnit.Query().Where(orgunit.LevelEQ(orgunit.LevelVILLAGE), orgunit.PathHasPrefix("430700/430702/")).AllX(ctx) {
		x := &village{pool: pools[fmt.Sprint(v.ID)]}
		tok := replicas[0].As(t, "village-"+v.Code).Token
		for _, r := range replicas {
			cl := r.Public(t)
			cl.Token = tok
			x.clients = append(x.clients, cl)
		}
		villages = append(villages, x)
	}
	retriedBefore := mutationRetries(t, replicas)
	var (
		mu    sync.Mutex
		res   = load{codes: map[string]int{}, said: map[string]string{}, d: d}
		wg    sync.WaitGroup
		turn  atomic.Int64
		out   atomic.Bool // a village has confirmed all its deliveries: the run ends
		start = time.Now()
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Since(start) < d && !out.Load() {
				v := villages[int(turn.Add(1))%len(villages)]
				k := int(v.next.Add(1)) - 1
				if k >= len(v.pool) {
					out.Store(true)
					return
				}
				r, err := v.clients[w%len(v.clients)].Try(`mutation($id: ID!, $key: String!) { confirmReceipt(input: {allocationID: $id, idempotencyKey: $key}) { receiptNo } }`,
					map[string]any{"id": v.pool[k], "key": "bench-confirm-" + v.pool[k]})
				code := "NETWORK"
				var out struct{ ConfirmReceipt struct{ ReceiptNo string } }
				if err == nil {
					code = r.Code()
					if code == "" && json.Unmarshal(r.Data, &out) == nil && out.ConfirmReceipt.ReceiptNo == "" {
						code = "NO_NUMBER"
					}
				}
				mu.Lock()
				res.sent++
				res.codes[code]++
				if code == "" {
					res.ok++
				} else if _, ok := res.said[code]; !ok && err == nil && len(r.Errors) > 0 {
					res.said[code] = r.Errors[0].Message
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if out.Load() {
		res.d = time.Since(start)
		t.Logf("the villages confirmed all %d deliveries each after %v", deliveries, res.d.Round(time.Millisecond))
	}
	res.retries = mutationRetries(t, replicas) - retriedBefore
	return res
}
