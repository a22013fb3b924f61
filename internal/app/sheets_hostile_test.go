package app_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"mzdesk/internal/apptest"
	"mzdesk/internal/relief"
)

// hostileSheet returns the relief template with its sheet replaced by the header and
// the rows row(n) writes for n = 2, 3, …, until row returns "": a few KB of zip can
// stand for millions of cells.
func hostileSheet(t *testing.T, row func(n int) string) []byte {
	t.Helper()
	template, err := relief.Write(nil)
	if err != nil {
		t.Fatal(err)
	}
	in, err := zip.NewReader(bytes.NewReader(template), int64(len(template)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	z := zip.NewWriter(&out)
	z.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	for _, f := range in.File {
		w, err := z.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name != "xl/worksheets/sheet1.xml" {
			r, _ := f.Open()
			_, _ = io.Copy(w, r)
			r.Close()
			continue
		}
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
			`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">`)
		for i, c := range relief.Columns {
			fmt.Fprintf(w, `<c r="%c1" t="inlineStr"><is><t>%s</t></is></c>`, 'A'+i, c)
		}
		fmt.Fprint(w, `</row>`)
		for n := 2; ; n++ {
			r := row(n)
			if r == "" {
				break
			}
			fmt.Fprint(w, r)
		}
		fmt.Fprint(w, `</sheetData></worksheet>`)
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// validRow is a row of the template with amount as its 金额 cell.
func validRow(n int, amount string) string {
	cells := []string{"武陵区", "临时救助", "2020-02", "发放", "10", amount, ""}
	var b strings.Builder
	fmt.Fprintf(&b, `<row r="%d">`, n)
	for i, c := range cells {
		fmt.Fprintf(&b, `<c r="%c%d" t="inlineStr"><is><t>%s</t></is></c>`, 'A'+i, n, c)
	}
	b.WriteString(`</row>`)
	return b.String()
}

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
	rows := func(last int, row func(n int) string) func(int) string {
		return func(n int) string {
			if n > last {
				return ""
			}
			return row(n)
		}
	}
	longDigits := strings.Repeat("9", 1000)
	for _, c := range []struct {
		name   string
		sheet  func(int) string
		column string
	}{
		{"12,000 rows, each with a cell in column XFD", rows(12_001, func(n int) string {
			return fmt.Sprintf(`<row r="%d"><c r="XFD%d"><v>1</v></c></row>`, n, n)
		}), "XFD"},
		{"1,048,575 rows, padded", rows(1_048_575, func(int) string { return `<row><c/></row>` }), "A"},
		{"one row numbered 1,048,575", rows(2, func(int) string {
			return validRow(1_048_575, "1")
		}), "A"},
		{"10,000 amounts of 1e1000000", rows(10_001, func(n int) string { return validRow(n, "1e1000000") }), "金额(元)"},
		{"10,000 amounts of 1,000 digits", rows(10_001, func(n int) string { return validRow(n, longDigits) }), "金额(元)"},
	} {
		sheet := hostileSheet(t, c.sheet)
		var (
			code int
			res  relief.ImportResult
		)
		start := time.Now()
		grew := heapGrowth(func() { code, res = importSheet(t, s, bureau.Token, sheet) })
		t.Logf("%s: %d bytes, refused in %v, heap grew %d KB", c.name, len(sheet), time.Since(start), grew>>10)
		if code != http.StatusUnprocessableEntity || len(res.Errors) == 0 || len(res.Errors) > relief.MaxErrors || res.Errors[0].Column != c.column {
			t.Errorf("%s: %d %+v", c.name, code, res.Errors[:min(len(res.Errors), 3)])
		}
		if grew > 20<<20 {
			t.Errorf("%s: the heap grew by %d MB", c.name, grew>>20)
		}
	}
	if code, res := importSheet(t, s, bureau.Token, hostileSheet(t, rows(2, func(n int) string { return validRow(n, "12.5") }))); code != 200 || len(res.Errors) > 0 {
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
