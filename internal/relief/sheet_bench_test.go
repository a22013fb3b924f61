package relief_test

import (
	"testing"

	"mzdesk/internal/relief"
	"mzdesk/internal/relief/relieftest"
)

// BenchmarkHostileSheets parses each sheet of relieftest.Hostiles: issue 16 wants each
// refused within 100 ms, with under 20 MB of heap growth (B/op, all that one parse
// allocates, bounds it from above).
func BenchmarkHostileSheets(b *testing.B) {
	for _, h := range relieftest.Hostiles() {
		sheet, err := relieftest.Workbook(h.Rows)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(h.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, errs, err := relief.Parse(sheet); err == nil && len(errs) == 0 {
					b.Fatal("accepted")
				}
			}
		})
	}
}

// BenchmarkLargestSheet parses the largest sheet a county office may send, MaxRows good
// rows, for comparison with the hostile ones: what any sheet within the limits costs.
func BenchmarkLargestSheet(b *testing.B) {
	sheet, err := relieftest.Workbook(relieftest.Rows(relief.MaxRows+1, func(n int) string { return relieftest.Row(n, "1800.5") }))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if rows, errs, err := relief.Parse(sheet); err != nil || len(errs) > 0 || len(rows) != relief.MaxRows {
			b.Fatal(len(rows), errs, err)
		}
	}
}
