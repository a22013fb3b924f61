package chinatime

import (
	"testing"
	"time"
)

// A day sent from a phone as 00:00+08:00 comes back from MySQL as 16:00 UTC the day
// before; every reading of it must still say the day the phone meant.
func TestDaysReadBackInUTC(t *testing.T) {
	sent := time.Date(2020, 3, 17, 0, 0, 0, 0, time.FixedZone("", 8*3600))
	back := sent.UTC()
	if back.Day() != 16 {
		t.Fatalf("the case needs a UTC day before: %v", back)
	}
	cases := []struct{ name, got, want string }{
		{"Day", Day(back), "2020-03-17"},
		{"ChineseDay", ChineseDay(back), "2020年3月17日"},
		{"Minute", Minute(back), "2020-03-17 00:00"},
		{"StartOfDay", StartOfDay(back.Add(23 * time.Hour)).Format(time.RFC3339), "2020-03-17T00:00:00+08:00"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	d, err := ParseDay("2020-03-17")
	if err != nil || !d.Equal(sent) {
		t.Errorf("ParseDay = %v, %v; want %v", d, err, sent)
	}
}
