package control

import (
	"errors"
	"testing"

	"mzdesk/internal/apperr"

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

// TestReportCountsAgree refuses a report with more abnormal temperatures than checks,
// naming the field, and takes one with as many.
func TestReportCountsAgree(t *testing.T) {
	in := ReportInput{FullDisinfections: 2, RoomDisinfections: 1, PublicDisinfections: 1, TemperatureChecks: 3, AbnormalTemperatures: 4}
	var bad *apperr.InputError
	if err := checkReport("2020-03-17", in); !errors.As(err, &bad) || bad.Field != "abnormalTemperatures" {
		t.Errorf("4 abnormal of 3 checks: %v", err)
	}
	in.AbnormalTemperatures = 3
	if err := checkReport("2020-03-17", in); err != nil {
		t.Errorf("3 abnormal of 3 checks: %v", err)
	}
}
