package quantity

import (
	"bytes"
	"errors"
	"strconv"
	"testing"
)

func TestParseAndString(t *testing.T) {
	for in, want := range map[string]string{
		"3": "3", "23.438": "23.438", "0.5": "0.5", "-2": "-2", "007.100": "7.1", "+1": "1", "1000000000": "1000000000",
	} {
		q, err := Parse(in)
		if err != nil || q.String() != want {
			t.Errorf("Parse(%q) = %v %v, want %s", in, q, err, want)
		}
	}
	for _, bad := range []string{"", ".", "1.", "1.2345", "1e3", "1,000", "abc", "--1", "0x10", "1 000"} {
		if _, err := Parse(bad); !errors.Is(err, ErrSyntax) {
			t.Errorf("Parse(%q): %v, want ErrSyntax", bad, err)
		}
	}
	if _, err := Parse("99999999999"); !errors.Is(err, ErrRange) {
		t.Errorf("absurd amount: %v", err)
	}
	for q, want := range map[Quantity]string{0: `"0"`, 3_000_000: `"3000"`, 23_438: `"23.438"`, -500: `"-0.5"`,
		1_010: `"1.01"`, -Max: `"-1000000000"`, Max - 1: `"999999999.999"`, 100: `"0.1"`} {
		var gql bytes.Buffer
		q.MarshalGQL(&gql)
		if gql.String() != want {
			t.Errorf("MarshalGQL(%d) = %s, want %s", int64(q), gql.String(), want)
		}
	}
}

func TestToBase(t *testing.T) {
	barrel := Quantity(25 * Scale)
	cases := []struct {
		amount string
		unit   Unit
		base   Unit
		pack   Quantity
		want   string
	}{
		{"3", T, KG, 0, "3000"},
		{"120", PACK, KG, barrel, "3000"},
		{"200", JIN, KG, 0, "100"},
		{"1", G, KG, 0, "0.001"},
		{"100", STICK, STICK, 0, "100"},
		{"10", BOTTLE, BOTTLE, 0, "10"},
		{"2", PACK, PIECE, 500 * Scale, "1000"},
		{"1500", ML, L, 0, "1.5"},
	}
	for _, c := range cases {
		q, _ := Parse(c.amount)
		got, err := ToBase(q, c.unit, c.base, c.pack)
		if err != nil || got.String() != c.want {
			t.Errorf("%s %s of a %s item = %v %v, want %s", c.amount, c.unit, c.base, got, err, c.want)
		}
	}
	for name, c := range map[string]struct {
		amount string
		unit   Unit
		base   Unit
		pack   Quantity
	}{
		"kg of sticks":       {"5", KG, STICK, 0},
		"litres of kg item":  {"5", L, KG, 0},
		"half a stick":       {"0.5", STICK, STICK, 0},
		"pack without size":  {"1", PACK, KG, 0},
		"finer than a gram":  {"0.001", G, KG, 0},
		"unknown unit":       {"1", Unit("FURLONG"), KG, 0},
		"a million tonnes +": {"1000001", T, KG, 0},
	} {
		q, _ := Parse(c.amount)
		if _, err := ToBase(q, c.unit, c.base, c.pack); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestInUnit writes base amounts back in the unit they were given in, and only when exact:
// every unit back and forth through ToBase, then the amounts no unit can hold.
func TestInUnit(t *testing.T) {
	barrel := Quantity(25 * Scale)
	for _, c := range []struct {
		base Unit
		pack Quantity
	}{{KG, barrel}, {L, 0}, {PIECE, 500 * Scale}, {STICK, 0}} {
		for _, u := range Units {
			for _, amount := range []string{"0", "1", "2", "120", "0.5", "23.438"} {
				a, _ := Parse(amount)
				q, err := ToBase(a, u, c.base, c.pack)
				if err != nil {
					continue
				}
				// Packs are written whole only: half a barrel reads in kilograms.
				want := u != PACK || a.Whole()
				if back, ok := InUnit(q, u, c.base, c.pack); ok != want || (ok && back != a) {
					t.Errorf("%s %s of a %s item is %s, back %v %v", amount, u, c.base, q, back, ok)
				}
			}
		}
	}
	for name, c := range map[string]struct {
		q    string
		unit Unit
		base Unit
		pack Quantity
	}{
		"half a barrel":       {"12.5", PACK, KG, barrel},
		"a pack with no size": {"25", PACK, KG, 0},
		"kilograms of sticks": {"1", KG, STICK, 0},
		"a gram in tonnes":    {"0.001", T, KG, 0},
		"a millilitre in kg":  {"0.001", KG, L, 0},
	} {
		q, _ := Parse(c.q)
		if v, ok := InUnit(q, c.unit, c.base, c.pack); ok {
			t.Errorf("%s: %s %s written as %s %s", name, c.q, c.base, v, c.unit)
		}
	}
}

func TestFormat(t *testing.T) {
	if s := Format(3000*Scale, KG, "桶", 25*Scale); s != "3000 千克（120 桶）" {
		t.Error(s)
	}
	if s := Format(23438, KG, "桶", 25*Scale); s != "23.438 千克" {
		t.Error(s)
	}
	if s := Format(100*Scale, STICK, "", 0); s != "100 根" {
		t.Error(s)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"3", "23.438", "-0.5", "1e3", "", "99999999999.999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s)
		if err != nil {
			return
		}
		back, err := Parse(q.String())
		if err != nil || back != q {
			t.Fatalf("%q → %v → %q → %v %v", s, q, q.String(), back, err)
		}
		var gql bytes.Buffer
		q.MarshalGQL(&gql)
		if gql.String() != strconv.Quote(q.String()) {
			t.Fatalf("%q: MarshalGQL wrote %s", s, gql.String())
		}
		if q > Max || q < -Max {
			t.Fatalf("%q parsed beyond Max: %v", s, q)
		}
	})
}
