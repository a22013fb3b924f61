package control

import (
	"fmt"

	"mzdesk/internal/returnee"
)

// The "2+1+1" rule of the report: every day at least two whole-site disinfections, one
// of the residents' and staff rooms, one of the public areas; and temperatures taken.
const (
	MinFull            = 2
	MinRoom            = 1
	MinPublic          = 1
	MinTemperatureRuns = 1
)

// Counts are the figures of a daily report that compliance is judged on.
type Counts struct {
	Full, Room, Public          int
	TemperatureChecks, Abnormal int
	Returnees                   []returnee.Returnee
}

// Check judges a day's report. It lists every reason the report falls short, in words
// the institution can act on; an empty list is compliance.
func Check(day string, c Counts) []string {
	var problems []string
	if c.Full < MinFull {
		problems = append(problems, fmt.Sprintf("全面消毒 %d 次，少于每日 %d 次", c.Full, MinFull))
	}
	if c.Room < MinRoom {
		problems = append(problems, fmt.Sprintf("住房消毒 %d 次，少于每日 %d 次", c.Room, MinRoom))
	}
	if c.Public < MinPublic {
		problems = append(problems, fmt.Sprintf("公共区域消毒 %d 次，少于每日 %d 次", c.Public, MinPublic))
	}
	if c.TemperatureChecks < MinTemperatureRuns {
		problems = append(problems, "今日未测体温")
	}
	if c.Abnormal > 0 {
		problems = append(problems, fmt.Sprintf("%d 人次体温异常，须按规定报告处置", c.Abnormal))
	}
	for _, r := range c.Returnees {
		if r.Flagged() {
			problems = append(problems, fmt.Sprintf("返院人员「%s」隔离不足 %d 天", r.Label, returnee.IsolationDays))
		}
	}
	return problems
}
