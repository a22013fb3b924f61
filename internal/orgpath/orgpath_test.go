package orgpath

import "testing"

func TestCounty(t *testing.T) {
	for path, want := range map[string]string{
		"430700/430702/430702001/430702001001/": "430702",
		"430700/430725/":                        "430725",
		"430700/":                               "430700",
	} {
		if got := County(path); got != want {
			t.Errorf("County(%q) = %q, want %q", path, got, want)
		}
	}
}
