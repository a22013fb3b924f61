// Package returnee describes residents who come back to an institution and the 14 days
// of isolation they keep before joining the others. It is its own small package because
// the ent schema stores returnees as JSON and the generated code must import their type.
package returnee

import "time"

// IsolationDays is how long a returning resident stays apart before joining others.
const IsolationDays = 14

// Returnee is a resident who came back to an institution, with the days of isolation
// before joining the others (ISO dates, China time). No identity numbers: staff refer to
// the person as they do on the ward.
type Returnee struct {
	Label          string  `json:"label"`
	ReturnedOn     string  `json:"returnedOn"`
	IsolationStart *string `json:"isolationStart,omitempty"`
	IsolationEnd   *string `json:"isolationEnd,omitempty"`
}

// Flagged reports whether the returnee joined, or may have joined, the others without
// 14 full days of isolation: no isolation recorded, or an isolation that ended early.
// One still in isolation is not flagged.
func (r Returnee) Flagged() bool {
	if r.IsolationStart == nil {
		return true
	}
	if r.IsolationEnd == nil {
		return false
	}
	return daysBetween(*r.IsolationStart, *r.IsolationEnd) < IsolationDays
}

// IsolatedDays is how many days the returnee has been, or was, isolated as of day.
func (r Returnee) IsolatedDays(day string) int {
	if r.IsolationStart == nil {
		return 0
	}
	end := day
	if r.IsolationEnd != nil {
		end = *r.IsolationEnd
	}
	return daysBetween(*r.IsolationStart, end)
}

func daysBetween(from, to string) int {
	a, err1 := time.Parse(time.DateOnly, from)
	b, err2 := time.Parse(time.DateOnly, to)
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(b.Sub(a).Hours() / 24)
}
