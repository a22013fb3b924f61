package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"fmt"
	"io"
	"log"
	"maps"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"mzdesk/internal/database"
	"mzdesk/internal/relief"
)

// soak runs the benchmark's normal workload (the screens' reads and confirmations) at a
// fixed arrival rate for d, with a tenth as many hostile requests beside it: documents of
// a megabyte, bodies sent a byte a second, alias floods and relief sheets of a few KB
// that stand for millions of cells. It reports the normal requests' latency, every 5xx
// answer, and the server's peak resident memory, into out/soak.md.
func soak(bin, spec string, n int, d time.Duration, rate int, out string) error {
	srv, err := start(bin, spec)
	if err != nil {
		return err
	}
	defer srv.stop()
	db, err := database.Open(spec)
	if err != nil {
		return err
	}
	defer db.Close()
	log.Printf("soak: generating %d allocations", n)
	f, err := generate(context.Background(), db, n)
	if err != nil {
		return fmt.Errorf("generating: %w", err)
	}
	ops := operations(srv, db, f)
	var normal []operation
	for _, op := range ops {
		if op.rate == 0 { // not the login: bcrypt, slow on purpose, is not a screen's load
			normal = append(normal, op)
		}
	}
	bureau, err := login(srv.base, "bureau")
	if err != nil {
		return err
	}
	hostile := hostileRequests(srv.base, bureau)

	var (
		mu        sync.Mutex
		latencies []time.Duration
		failures  = map[string]int{}
		fives     atomic.Int64
		hostileN  atomic.Int64
		hostile4  atomic.Int64
		wg        sync.WaitGroup
		confirmMu sync.Mutex
	)
	deadline := time.Now().Add(d)
	log.Printf("soak: %v at %d requests a second, and %d hostile ones", d, rate, max(rate/10, 1))
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	for i := 0; time.Now().Before(deadline); i++ {
		<-tick.C
		op := normal[i%len(normal)]
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			t0 := time.Now()
			err := op.call(i)
			if err != nil && op.reset != nil && strings.Contains(err.Error(), "pool is too small") {
				confirmMu.Lock() // the village confirmed its whole pool: dispatch it again
				_ = op.reset()
				confirmMu.Unlock()
				return
			}
			dt := time.Since(t0)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if strings.HasPrefix(err.Error(), "5") || err == errBusy {
					fives.Add(1)
				}
				failures[op.name+": "+firstLine(err.Error())]++
				return
			}
			latencies = append(latencies, dt)
		}(i)
		if i%10 == 0 { // a tenth as many hostile requests
			h := hostile[(i/10)%len(hostile)]
			wg.Add(1)
			go func() {
				defer wg.Done()
				status, err := h.send()
				hostileN.Add(1)
				switch {
				case err != nil:
					mu.Lock()
					failures["hostile "+h.name+": "+firstLine(err.Error())]++
					mu.Unlock()
				case status >= 500:
					fives.Add(1)
					mu.Lock()
					failures[fmt.Sprintf("hostile %s: %d", h.name, status)]++
					mu.Unlock()
				case status >= 400:
					hostile4.Add(1)
				}
			}()
		}
	}
	wg.Wait()
	rss, err := srv.peakRSS()
	if err != nil {
		return err
	}
	slices.Sort(latencies)
	var b strings.Builder
	_, _ = fmt.Fprintf(&b, "# Soak: %v of the normal workload with 10%% hostile traffic\n\n", d)
	_, _ = fmt.Fprintf(&b, "`make soak` (not part of `make test`): `go run ./internal/bench -soak %v -db %s`, %d generated allocations, "+
		"normal requests at %d a second (the village's to-receive list, confirmReceipt, a donation's progress, the bureau's dashboard, in turn), "+
		"and one hostile request for every ten: a 1 MB document of repeated fields, a 230 KB document of 8,000 fields, "+
		"101 aliases of viewer, a body announced as 100 KB and sent a byte a second, and a relief sheet of a few KB standing for "+
		"12,000 rows each with a cell in column XFD. Measured on %s.\n\n", d, dbKind(spec), n, rate, time.Now().UTC().Format("2006-01-02 15:04 MST"))
	_, _ = fmt.Fprintf(&b, "| measure | result | target |\n|---|---|---|\n")
	_, _ = fmt.Fprintf(&b, "| normal requests answered | %d | |\n", len(latencies))
	_, _ = fmt.Fprintf(&b, "| normal p50 | %.1f ms | |\n", ms(percentile(latencies, 0.50)))
	_, _ = fmt.Fprintf(&b, "| normal p95 | %.1f ms | ≤ 50 ms |\n", ms(percentile(latencies, 0.95)))
	_, _ = fmt.Fprintf(&b, "| normal p99 | %.1f ms | |\n", ms(percentile(latencies, 0.99)))
	_, _ = fmt.Fprintf(&b, "| hostile requests (answered 4xx) | %d (%d) | |\n", hostileN.Load(), hostile4.Load())
	_, _ = fmt.Fprintf(&b, "| 5xx answers | %d | 0 |\n", fives.Load())
	_, _ = fmt.Fprintf(&b, "| peak RSS (VmHWM) | %.0f MB | ≤ 250 MB |\n", rss)
	if len(failures) > 0 {
		_, _ = fmt.Fprintf(&b, "\nRequests that failed:\n\n")
		for _, k := range slices.Sorted(maps.Keys(failures)) {
			_, _ = fmt.Fprintf(&b, "- %s: %d\n", k, failures[k])
		}
	}
	fmt.Print(b.String())
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "soak.md"), []byte(b.String()), 0o644)
}

func dbKind(spec string) string { kind, _, _ := strings.Cut(spec, ":"); return kind }

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 120 {
		s = s[:120]
	}
	return s
}

// hostileRequest is one kind of attack, which answers with a status.
type hostileRequest struct {
	name string
	send func() (int, error)
}

func hostileRequests(base, bureau string) []hostileRequest {
	post := func(path, contentType string, body []byte, token string) (int, error) {
		req, _ := http.NewRequest(http.MethodPost, base+path, bytes.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := httpClient.Do(req)
		if err != nil {
			return 0, err
		}
		defer res.Body.Close()
		_, _ = io.Copy(io.Discard, res.Body)
		return res.StatusCode, nil
	}
	doc := func(q string) []byte {
		b := []byte(`{"query":"`)
		b = append(b, q...)
		return append(b, `"}`...)
	}
	big := doc("{" + strings.Repeat(" viewer{id}", 90_000) + " }")
	fields := doc("{" + strings.Repeat(" publicDonations(first:1){id}", 8000) + " }")
	var aliases strings.Builder
	for i := range 101 {
		_, _ = fmt.Fprintf(&aliases, " a%d: viewer { id }", i)
	}
	flood := doc("{" + aliases.String() + " }")
	sheet := xfdSheet()
	return []hostileRequest{
		{"1 MB document", func() (int, error) { return post("/graphql", "application/json", big, "") }},
		{"8,000 fields", func() (int, error) { return post("/graphql", "application/json", fields, "") }},
		{"alias flood", func() (int, error) { return post("/graphql", "application/json", flood, bureau) }},
		{"trickling body", func() (int, error) { return trickle(base) }},
		{"XFD sheet", func() (int, error) {
			return post("/relief/import", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", sheet, bureau)
		}},
	}
}

// trickle announces a 100 KB body and sends a byte a second until the server answers
// or hangs up; the answer's status, or 0 when it closed without one.
func trickle(base string) (int, error) {
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		return 0, err
	}
	defer c.Close()
	_, _ = fmt.Fprintf(c, "POST /graphql HTTP/1.1\r\nHost: mzdesk\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
	answered := make(chan string, 1)
	go func() {
		buf := make([]byte, 64)
		n, _ := c.Read(buf)
		answered <- string(buf[:n])
	}()
	for range 60 {
		select {
		case line := <-answered:
			var status int
			_, _ = fmt.Sscanf(line, "HTTP/1.1 %d", &status)
			return status, nil
		case <-time.After(time.Second):
			if _, err := c.Write([]byte(" ")); err != nil {
				return 0, nil
			}
		}
	}
	return 0, fmt.Errorf("a trickling body was still being read after a minute")
}

// xfdSheet is the relief template whose sheet holds 12,000 rows, each with one cell in
// column XFD: about 3 KB of zip.
func xfdSheet() []byte {
	template, err := relief.Write(nil)
	if err != nil {
		log.Fatal(err)
	}
	in, err := zip.NewReader(bytes.NewReader(template), int64(len(template)))
	if err != nil {
		log.Fatal(err)
	}
	var out bytes.Buffer
	z := zip.NewWriter(&out)
	z.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	for _, f := range in.File {
		w, _ := z.Create(f.Name)
		if f.Name != "xl/worksheets/sheet1.xml" {
			r, _ := f.Open()
			_, _ = io.Copy(w, r)
			r.Close()
			continue
		}
		_, _ = fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
			`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
		for n := 1; n <= 12_000; n++ {
			_, _ = fmt.Fprintf(w, `<row r="%d"><c r="XFD%d"><v>1</v></c></row>`, n, n)
		}
		_, _ = fmt.Fprint(w, `</sheetData></worksheet>`)
	}
	if err := z.Close(); err != nil {
		log.Fatal(err)
	}
	return out.Bytes()
}
