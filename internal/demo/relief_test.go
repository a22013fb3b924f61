package demo

import (
	"testing"

	"mzdesk/internal/relief"
)

// TestReliefSheetRoundTrip writes the demo returns as a county office's sheet and reads
// them back unchanged: the report's totals survive the spreadsheet.
func TestReliefSheetRoundTrip(t *testing.T) {
	rows := ReliefRows()
	b, err := relief.Write(rows)
	if err != nil {
		t.Fatal(err)
	}
	back, errs, err := relief.Parse(b)
	if err != nil || len(errs) > 0 || len(back) != len(rows) {
		t.Fatalf("%d rows back, errors %v %v", len(back), errs, err)
	}
	var pre, temp int64
	persons := 0
	for i, r := range back {
		if r != rows[i] {
			t.Fatalf("row %d: %+v, want %+v", i+2, r, rows[i])
		}
		switch {
		case r.Stage == "PRE_ALLOCATED":
			pre += r.AmountFen
		case r.Programme == "TEMPORARY":
			temp += r.AmountFen
			persons += r.Persons
		}
	}
	if pre != PreAllocatedFen || temp != TemporaryPaidFen || persons != TemporaryPersons {
		t.Errorf("totals %d, %d, %d", pre, temp, persons)
	}
}
