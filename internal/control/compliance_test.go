package control

import (
	"testing"

	. "mzdesk/internal/returnee"
)

func date(s string) *string { return &s }

func TestTwoPlusOnePlusOne(t *testing.T) {
	if p := Check("2020-03-17", Counts{Full: 1, Room: 1, Public: 1, TemperatureChecks: 2}); len(p) != 1 {
		t.Errorf("one full disinfection: %v, want one problem", p)
	}
	if p := Check("2020-03-17", Counts{Full: 2, Room: 1, Public: 1, TemperatureChecks: 2}); len(p) != 0 {
		t.Errorf("2+1+1: %v, want compliant", p)
	}
}

func TestReturnees(t *testing.T) {
	day := "2020-03-17"
	tenDays := Returnee{Label: "王奶奶", ReturnedOn: "2020-03-01", IsolationStart: date("2020-03-01"), IsolationEnd: date("2020-03-11")}
	if !tenDays.Flagged() || tenDays.IsolatedDays(day) != 10 {
		t.Error("a returnee isolated 10 days is not flagged")
	}
	full := Returnee{Label: "李爷爷", IsolationStart: date("2020-03-01"), IsolationEnd: date("2020-03-15")}
	still := Returnee{Label: "张奶奶", IsolationStart: date("2020-03-10")}
	none := Returnee{Label: "赵爷爷"}
	if full.Flagged() || still.Flagged() || !none.Flagged() {
		t.Error("14 days, still isolated, or never isolated judged wrong")
	}
	if p := Check(day, Counts{Full: 2, Room: 1, Public: 1, TemperatureChecks: 1, Returnees: []Returnee{tenDays, full}}); len(p) != 1 {
		t.Errorf("%v", p)
	}
}
