package relief

import (
	"testing"

	"mzdesk/ent/reliefpayment"
)

func TestAmounts(t *testing.T) {
	for in, want := range map[string]int64{"1800000": 180000000, "0.5": 50, "12.34": 1234, "0": 0, "9999999999999.99": 999999999999999} {
		if got, ok := fen(in); !ok || got != want {
			t.Errorf("fen(%q) = %d %v, want %d", in, got, ok, want)
		}
	}
	for _, bad := range []string{"1.234", "-1", "1,000", "一千", "", "1e30", "1.8E7", "1e1000000", "10000000000000", ".5", "5.", " 5", "١٢"} {
		if _, ok := fen(bad); ok {
			t.Errorf("fen(%q) accepted", bad)
		}
	}
}

// FuzzParse feeds the importer arbitrary bytes: it answers with rows or errors, never
// a panic.
func FuzzParse(f *testing.F) {
	template, _ := Write(nil)
	demo, _ := Write([]Row{
		{County: "武陵区", Programme: reliefpayment.ProgrammeMINIMUM_LIVING, Month: "2020-02", Stage: reliefpayment.StagePRE_ALLOCATED, AmountFen: 252_840_000_00},
		{County: "鼎城区", Programme: reliefpayment.ProgrammeTEMPORARY, Month: "2020-01", Stage: reliefpayment.StagePAID, Persons: 608, AmountFen: 57_600_000, PaidOn: "2020-01-28"},
	})
	f.Add(template)
	f.Add(demo)
	f.Add([]byte("PK\x03\x04 not really a zip"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, errs, err := Parse(b)
		if err == nil && len(errs) == 0 {
			for _, r := range rows {
				if r.AmountFen < 0 || r.Persons < 0 {
					t.Fatalf("negative figures accepted: %+v", r)
				}
			}
		}
	})
}

// FuzzAmount checks that an amount read from a cell is exact and never negative.
func FuzzAmount(f *testing.F) {
	for _, s := range []string{"1800000", "0.5", "12.34", "1.8E7", "-1", "1e30", "١٢"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if v, ok := fen(s); ok && v < 0 {
			t.Fatalf("fen(%q) = %d", s, v)
		}
	})
}
