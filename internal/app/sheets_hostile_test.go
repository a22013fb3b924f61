package app_test

import (
	"io"
	"net/http"
	"runtime"
	"runtime/debug"
	"sync"
	"testing"
	"time"

	"mzdesk/internal/apptest"
	"mzdesk/internal/relief"
	"mzdesk/internal/relief/relieftest"
)

// heapGrowth runs f and returns how far the heap grew above where it started, sampled
// every millisecond, with the collector set to run often so that what is measured is
// what f holds on to, not garbage waiting for a collection.
func heapGrowth(f func()) uint64 {
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	base, peak := m.HeapAlloc, m.HeapAlloc
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapAlloc)
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	return peak - base
}

// TestHostileSheets posts the relief sheets an attacker would: each is refused with a
// 4xx naming the problem, holding little memory, and a role that may not import relief
// figures is refused before it has sent its sheet.
func TestHostileSheets(t *testing.T) {
	s := apptest.Start(t, apptest.Databases()[0])
	bureau := s.As(t, "bureau")
	for _, c := range relieftest.Hostiles() {
		sheet, err := relieftest.Workbook(c.Rows)
		if err != nil {
			t.Fatal(err)
		}
		var (
			code int
			res  relief.ImportResult
		)
		start := time.Now()
		grew := heapGrowth(func() { code, res = importSheet(t, s, bureau.Token, sheet) })
		t.Logf("%s: %d bytes, refused in %v, heap grew %d KB", c.Name, len(sheet), time.Since(start), grew>>10)
		if code != http.StatusUnprocessableEntity || len(res.Errors) == 0 || len(res.Errors) > relief.MaxErrors || res.Errors[0].Column != c.Column {
			t.Errorf("%s: %d %+v", c.Name, code, res.Errors[:min(len(res.Errors), 3)])
		}
		if grew > 20<<20 {
			t.Errorf("%s: the heap grew by %d MB", c.Name, grew>>20)
		}
	}
	good, err := relieftest.Workbook(relieftest.Rows(2, func(n int) string { return relieftest.Row(n, "12.5") }))
	if err != nil {
		t.Fatal(err)
	}
	if code, res := importSheet(t, s, bureau.Token, good); code != 200 || len(res.Errors) > 0 {
		t.Errorf("a good row in the same form: %d %+v", code, res)
	}

	// A village committee may never import relief figures: it is answered while its
	// sheet is still on the way, without the server waiting to read it.
	village := s.As(t, "village-430702001001")
	body, send := io.Pipe()
	defer send.Close()
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/relief/import", body)
	req.ContentLength = 5 << 20
	req.Header.Set("Authorization", "Bearer "+village.Token)
	go func() { _, _ = send.Write([]byte("PK")) }()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("a village's sheet: %d, want 403", res.StatusCode)
	}
}
