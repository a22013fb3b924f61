package app_test

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"mzdesk/internal/apptest"
)

// serverBinary builds mzdesk once for the tests that need a process to kill.
func serverBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "mzdesk")
	out, err := exec.Command("go", "build", "-o", bin, "mzdesk").CombinedOutput()
	if err != nil {
		t.Fatalf("building mzdesk: %v\n%s", err, out)
	}
	return bin
}

// startProcess runs the mzdesk binary on spec with the demo data and waits until it is
// ready; the process dies with the test at the latest, whatever the test did to it.
func startProcess(t *testing.T, bin, spec string) (*exec.Cmd, string) {
	t.Helper()
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "MZ_DB="+spec, "MZ_ADDR="+addr, "MZ_DEMO=1", "MZ_JWT_SECRET=fault-secret-fault-secret-fault-secret")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	for range 300 {
		if res, err := http.Get("http://" + addr + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return cmd, "http://" + addr
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("mzdesk did not start")
	return nil, ""
}

// TestKillMidAllocation kills the server (SIGKILL) while it writes a split over the 128
// villages, at several moments: after a restart the line has all 128 allocations or none.
func TestKillMidAllocation(t *testing.T) {
	bin := serverBinary(t)
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			spec := db.New(t)
			for i, delay := range []time.Duration{5 * time.Millisecond, 30 * time.Millisecond, 80 * time.Millisecond, 200 * time.Millisecond} {
				cmd, base := startProcess(t, bin, spec)
				charity := apptest.Login(t, base, "charity")
				id := lookupOver(t, charity)
				var d created
				charity.MustDo(createDonation, map[string]any{"in": map[string]any{
					"donorID": id.giver, "donatedOn": "2020-02-20T00:00:00Z",
					"lines": []any{map[string]any{"itemID": id.disinfectant, "quantity": "120", "unit": "PACK"}},
				}}, &d)
				body, _ := json.Marshal(map[string]any{"query": `mutation($in: AllocateInput!) { allocateDonation(input: $in) { leftover } }`,
					"variables": map[string]any{"in": map[string]any{"lineID": d.CreateDonation.Lines[0].ID, "method": "EVEN",
						"recipients": map[string]any{"everyVillageUnder": id.wuling}}}})
				go func() { // the answer never comes: the server dies first, or just after
					req, _ := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("Authorization", "Bearer "+charity.Token)
					if res, err := http.DefaultClient.Do(req); err == nil {
						res.Body.Close()
					}
				}()
				time.Sleep(delay)
				_ = cmd.Process.Kill()
				_ = cmd.Wait()

				cmd, base = startProcess(t, bin, spec) // recovery: the database after a crash
				var out struct{ Allocations struct{ TotalCount int } }
				apptest.Login(t, base, "charity").MustDo(`query($l: ID!) { allocations(where: {lineID: $l}) { totalCount } }`,
					map[string]any{"l": d.CreateDonation.Lines[0].ID}, &out)
				_ = cmd.Process.Kill()
				_ = cmd.Wait()
				if n := out.Allocations.TotalCount; n != 0 && n != 128 {
					t.Errorf("kill %d after %v: %d allocations survived, want all 128 or none", i, delay, n)
				}
				t.Logf("kill after %v: %d allocations", delay, out.Allocations.TotalCount)
			}
		})
	}
}

// lookupOver finds the demo rows the scenario needs through the API alone.
func lookupOver(t *testing.T, c *apptest.Client) ids {
	var out struct {
		Items, Donors, OrgUnits struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	c.MustDo(`{ items(first: 1, where: {name: "84消毒液"}) { edges { node { id } } }
		donors(first: 1, where: {name: "常德市子琳医疗科技有限公司"}) { edges { node { id } } }
		orgUnits(first: 1, where: {code: "430702"}) { edges { node { id } } } }`, nil, &out)
	return ids{disinfectant: mustAtoi(out.Items.Edges[0].Node.ID), giver: mustAtoi(out.Donors.Edges[0].Node.ID),
		wuling: mustAtoi(out.OrgUnits.Edges[0].Node.ID)}
}
