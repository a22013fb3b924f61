// Command bench is mzdesk's benchmark (`make bench`): it starts the real binary on a
// database filled with generated allocations at several sizes, drives it over loopback
// with the operations the screens use, and writes a table of throughput at saturation,
// latency at a fixed arrival rate, SQL statements per request, the server's peak memory,
// and how much GraphQL over HTTP costs on top of the same SQL run directly.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"mzdesk/internal/database"
)

func main() {
	bin := flag.String("bin", "bin/mzdesk", "the mzdesk binary")
	dbKind := flag.String("db", "sqlite", "sqlite or mysql")
	dsn := flag.String("mysql", "root@tcp(127.0.0.1:3306)/", "MySQL server for -db mysql")
	sizes := flag.String("sizes", "10000,100000,1000000", "allocations to generate, comma-separated")
	duration := flag.Duration("duration", 5*time.Second, "how long each measurement runs")
	rate := flag.Int("rate", 500, "requests per second for the fixed-rate latency run (the targets are set at 500)")
	workers := flag.Int("workers", 16, "concurrent clients for the saturation run")
	out := flag.String("out", "docs/bench", "where the results table goes")
	flag.StringVar(&profileDir, "profile", "", "when set, write the server's CPU profile of each saturation run here")
	keep := flag.Bool("keep", false, "keep each size's database afterwards (with -peer, MariaDB's mzdesk_peer and SQLite's file), to look into its query plans")
	soakFor := flag.Duration("soak", 0, "when set, soak instead: the normal workload with 10% hostile traffic for this long, at the first size, into soak.md")
	soakRate := flag.Int("soak-rate", 100, "normal requests per second during the soak")
	peer := flag.Bool("peer", false, "instead, put mzdesk on MariaDB and SQLite beside PostGraphile on PostgreSQL (issue 19), into peer.md; uses the first of -sizes")
	pgURL := flag.String("pg", "postgres://postgres@127.0.0.1:5432", "PostgreSQL server for -peer")
	peerDir := flag.String("peer-dir", "internal/bench/peer", "where PostGraphile is installed (npm ci) for -peer")
	rounds := flag.Int("rounds", 3, "interleaved rounds for -peer")
	conns := flag.Int("conns", 50, "concurrent connections for -peer")
	flag.Parse()

	if *peer {
		n, err := strconv.Atoi(strings.TrimSpace(strings.Split(*sizes, ",")[0]))
		if err != nil {
			log.Fatal(err)
		}
		if err := runPeer(peerOptions{bin: *bin, mysqlDSN: *dsn, pgURL: *pgURL, pgDB: "mzdesk_peer", peerDir: *peerDir,
			out: *out, allocations: n, rounds: *rounds, conns: *conns, d: *duration, keep: *keep}); err != nil {
			log.Fatal(err)
		}
		return
	}

	if *soakFor > 0 {
		n, err := strconv.Atoi(strings.TrimSpace(strings.Split(*sizes, ",")[0]))
		if err != nil {
			log.Fatal(err)
		}
		spec, cleanup := freshDatabase(*dbKind, *dsn, n)
		err = soak(*bin, spec, n, *soakFor, *soakRate, *out)
		cleanup()
		if err != nil {
			log.Fatal(err)
		}
		return
	}

	var results []result
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			log.Fatalf("size %q: %v", s, err)
		}
		spec, cleanup := freshDatabase(*dbKind, *dsn, n)
		rs, err := runSize(*bin, spec, n, *duration, *rate, *workers)
		if *keep {
			log.Printf("%d allocations: kept %s", n, spec)
		} else {
			cleanup()
		}
		if err != nil {
			log.Fatalf("%d allocations: %v", n, err)
		}
		results = append(results, rs...)
	}
	path := filepath.Join(*out, "results-"+*dbKind+".md")
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(table(*dbKind, *rate, *workers, *duration, results)), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Print(table(*dbKind, *rate, *workers, *duration, results))
	log.Printf("written to %s", path)
}

// freshDatabase makes an empty database for one size and a function that removes it.
func freshDatabase(kind, dsn string, n int) (string, func()) {
	if kind == "sqlite" {
		dir, err := os.MkdirTemp("", "mzbench")
		if err != nil {
			log.Fatal(err)
		}
		return "sqlite:" + filepath.Join(dir, "bench.db"), func() { _ = os.RemoveAll(dir) }
	}
	spec, drop, err := database.Scratch(dsn, fmt.Sprintf("mzbench_%d", n))
	if err != nil {
		log.Fatal(err)
	}
	return spec, drop
}

// runSize starts mzdesk on spec (loading the demo data), adds n generated allocations,
// and measures every operation.
func runSize(bin, spec string, n int, d time.Duration, rate, workers int) ([]result, error) {
	srv, err := start(bin, spec)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	db, err := database.Open(spec)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	log.Printf("%d allocations: generating", n)
	start := time.Now()
	f, err := generate(context.Background(), db, n)
	if err != nil {
		return nil, fmt.Errorf("generating: %w", err)
	}
	log.Printf("%d allocations: generated in %v; measuring", n, time.Since(start).Round(time.Second))
	var out []result
	for _, op := range operations(srv, db, f) {
		r, err := measure(srv, op, d, rate, workers)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op.name, err)
		}
		r.size = n
		out = append(out, r)
		log.Printf("  %-22s %7.0f req/s  p95 %6.1f ms  %4.1f stmts/req  alone %.2f ms, as SQL %.2f ms (×%.1f)",
			op.name, r.throughput, ms(r.p95), r.statements, ms(r.serial), ms(r.sqlTime), r.overhead)
	}
	rss, err := srv.peakRSS()
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].rssMB = rss
	}
	return out, nil
}

// server is a running mzdesk.
type server struct {
	cmd   *exec.Cmd
	base  string
	debug string // the profiler's listener
}

func start(bin, spec string) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	debugPort, err := freePort()
	if err != nil {
		return nil, err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	debug := fmt.Sprintf("127.0.0.1:%d", debugPort)
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), "MZ_DB="+spec, "MZ_ADDR="+addr, "MZ_DEMO=1", "MZ_DEBUG_ADDR="+debug,
		"MZ_JWT_SECRET=bench-secret-bench-secret-bench-secret",
		"GOGC=800", "GOMEMLIMIT=320MiB") // production's settings (docs/deployment.md)
	logFile, err := os.CreateTemp("", "mzbench-server-*.log")
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, base: "http://" + addr, debug: "http://" + debug}
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if res, err := httpClient.Get(s.base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return s, nil
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	s.stop()
	return nil, fmt.Errorf("mzdesk did not start; see %s", logFile.Name())
}

func (s *server) stop() { stopProcess(s.cmd, 20*time.Second) }

// stopProcess interrupts cmd and waits for it to end, killing it past grace.
func stopProcess(cmd *exec.Cmd, grace time.Duration) {
	_ = cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(grace):
		_ = cmd.Process.Kill()
	}
}

// peakRSS reads the server's high-water mark of resident memory, in MB.
func (s *server) peakRSS() (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			kb, err := strconv.Atoi(strings.Fields(line)[1])
			return float64(kb) / 1024, err
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc")
}
