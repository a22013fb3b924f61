package username

import "testing"

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"admin":                      "admin",
		"  village-430702001005    ": "village-430702001005",
		"ADMIN":                      "admin",
		"ａｄｍｉｎ":                      "admin", // full-width folds to ASCII
		"Village-430702001001\t":     "village-430702001001",
		"care.officer_2":             "care.officer_2",
	} {
		if got, err := Normalize(in); err != nil || got != want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{
		"", "   ", "\u0430dmin" /* Cyrillic а */, "adm\x00in", "ad\u200bmin", /* zero-width space */
		"admin\u202e", "ad min", "αdmin", "张三", "admin\x7f", string(make([]byte, 65)),
	} {
		if got, err := Normalize(in); err == nil {
			t.Errorf("Normalize(%q) accepted as %q", in, got)
		}
	}
	if Check("admin") != nil || Check("Admin") == nil || Check(" admin") == nil {
		t.Error("Check accepts only the one spelling")
	}
}
