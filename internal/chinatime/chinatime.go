// Package chinatime is the one clock mzdesk's users live by: China Standard Time (UTC+8, no
// daylight saving). Instants are stored as the database gives them back — MySQL in UTC, a
// phone's offset on SQLite — so every day and every time a person reads is formatted
// here, in this zone, or a donation made at 00:00+08:00 would print as the day before.
package chinatime

import "time"

// Zone is China Standard Time.
var Zone = time.FixedZone("CST", 8*3600)

// Today is the current date in China, as YYYY-MM-DD.
func Today() string { return Day(time.Now()) }

// Day is the date t falls on in China, as YYYY-MM-DD.
func Day(t time.Time) string { return t.In(Zone).Format(time.DateOnly) }

// Minute is t in China to the minute, as on printed papers and exports.
func Minute(t time.Time) string { return t.In(Zone).Format("2006-01-02 15:04") }

// ChineseDay is the date t falls on in China, written the way Chinese papers write it
// (2020年3月17日).
func ChineseDay(t time.Time) string { return t.In(Zone).Format("2006年1月2日") }

// ParseDay reads a YYYY-MM-DD date as the start of that day in China.
func ParseDay(s string) (time.Time, error) { return time.ParseInLocation(time.DateOnly, s, Zone) }

// StartOfDay is midnight in China of the day t falls on.
func StartOfDay(t time.Time) time.Time {
	t = t.In(Zone)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, Zone)
}
