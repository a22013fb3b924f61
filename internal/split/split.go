// Package split divides a whole number of units among recipients in proportion to their
// weights, exactly: every share is a whole number of units and the shares add up to the
// total. The largest-remainder method decides who gets the units that do not divide
// (120 barrels over 128 villages: 120 villages get one, 8 get none), and ties go to the
// recipient listed first, so the same input always gives the same split.
package split

import (
	"errors"
	"math/bits"
	"sort"
)

// ErrNoWeight reports weights that are all zero: nothing to divide by.
var ErrNoWeight = errors.New("every recipient has weight zero")

// Shares divides total units among len(weights) recipients in proportion to weights.
// Weights must not be negative. Use weight 1 each for an even split.
func Shares(total uint64, weights []uint64) ([]uint64, error) {
	var sum uint64
	for _, w := range weights {
		var carry uint64
		sum, carry = bits.Add64(sum, w, 0)
		if carry != 0 {
			return nil, errors.New("weights too large")
		}
	}
	if sum == 0 {
		return nil, ErrNoWeight
	}
	shares := make([]uint64, len(weights))
	rems := make([]uint64, len(weights))
	var given uint64
	for i, w := range weights {
		hi, lo := bits.Mul64(total, w) // total·w fits 128 bits; sum > hi, so Div64 is safe
		shares[i], rems[i] = bits.Div64(hi, lo, sum)
		given += shares[i]
	}
	order := make([]int, len(weights))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return rems[order[a]] > rems[order[b]] })
	for _, i := range order[:total-given] { // fewer than len(weights) units remain
		shares[i]++
	}
	return shares, nil
}
