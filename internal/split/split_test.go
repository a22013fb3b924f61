package split

import (
	"math"
	"testing"
	"testing/quick"
)

func even(n int) []uint64 {
	w := make([]uint64, n)
	for i := range w {
		w[i] = 1
	}
	return w
}

func TestBarrelsOverVillages(t *testing.T) {
	s, err := Shares(120, even(128))
	if err != nil {
		t.Fatal(err)
	}
	ones, zeros := 0, 0
	for i, v := range s {
		switch {
		case v == 1 && i < 120:
			ones++
		case v == 0 && i >= 120:
			zeros++
		default:
			t.Fatalf("share %d = %d", i, v)
		}
	}
	if ones != 120 || zeros != 8 {
		t.Errorf("%d with one barrel, %d without", ones, zeros)
	}
}

func TestThreeTonnesInGrams(t *testing.T) {
	s, _ := Shares(3_000_000, even(128)) // 23.4375 kg each: 64 get 23 438 g, 64 get 23 437 g
	var sum uint64
	for _, v := range s {
		sum += v
		if v != 23437 && v != 23438 {
			t.Fatalf("share %d", v)
		}
	}
	if sum != 3_000_000 {
		t.Errorf("sum %d", sum)
	}
}

func TestWeighted(t *testing.T) {
	s, _ := Shares(10, []uint64{1, 2, 7})
	if s[0] != 1 || s[1] != 2 || s[2] != 7 {
		t.Errorf("%v", s)
	}
	s, _ = Shares(10, []uint64{1, 1, 1}) // 3.33 each: the first gets the odd unit
	if s[0] != 4 || s[1] != 3 || s[2] != 3 {
		t.Errorf("%v", s)
	}
	if _, err := Shares(5, []uint64{0, 0}); err != ErrNoWeight {
		t.Errorf("zero weights: %v", err)
	}
}

// TestSumAndFairness: shares always add up, and none is more than one unit away from
// its exact quota, even near the limits of 64 bits.
func TestSumAndFairness(t *testing.T) {
	f := func(total uint64, ws []uint32) bool {
		if len(ws) == 0 {
			return true
		}
		weights := make([]uint64, len(ws))
		var sum float64
		for i, w := range ws {
			weights[i] = uint64(w) + 1
			sum += float64(weights[i])
		}
		total %= 1 << 50
		s, err := Shares(total, weights)
		if err != nil {
			return false
		}
		var got uint64
		for i, v := range s {
			got += v
			quota := float64(total) * float64(weights[i]) / sum
			if math.Abs(float64(v)-quota) > 1.0001+quota*1e-12 {
				return false
			}
		}
		return got == total
	}
	if err := quick.Check(f, nil); err != nil {
		t.Error(err)
	}
	s, err := Shares(math.MaxUint64/2, []uint64{math.MaxUint32, 1})
	if err != nil || s[0]+s[1] != math.MaxUint64/2 {
		t.Errorf("large: %v %v", s, err)
	}
}
