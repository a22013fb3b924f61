// Package quantity keeps amounts of donated goods exact: an amount is an integer count of
// thousandths of the item's base unit (grams of a kg item, millilitres of a litre item), so
// that 3 t split over 128 villages sums back to exactly 3 t and no float ever rounds a barrel.
package quantity

import (
	"errors"
	"io"
	"strconv"
	"strings"

	"mzdesk/internal/apperr"
)

// Scale is the number of stored units in one base unit.
const Scale = 1000

// Max is the largest amount accepted anywhere: a billion base units (a million tonnes).
// Anything above it is a typing error, and keeping far below int64 leaves room to multiply.
const Max Quantity = 1_000_000_000 * Scale

// Quantity is an exact amount in thousandths of a base unit.
type Quantity int64

// ErrSyntax reports text that is not a plain decimal number with at most three decimals.
var ErrSyntax = errors.New("not a decimal number with at most 3 decimals")

// ErrRange reports an amount beyond Max.
var ErrRange = errors.New("amount too large")

// Parse reads a plain decimal such as "3", "-2", "23.438" or "0.5". Exponents, thousands
// separators and more than three decimals are refused rather than rounded.
func Parse(s string) (Quantity, error) {
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" && frac == "" || hasDot && frac == "" || len(frac) > 3 || !digits(whole) || !digits(frac) {
		return 0, ErrSyntax
	}
	if len(strings.TrimLeft(whole, "0")) > 10 {
		return 0, ErrRange
	}
	var q int64
	if whole != "" {
		n, err := strconv.ParseInt(whole, 10, 64)
		if err != nil {
			return 0, ErrRange
		}
		q = n * Scale
	}
	if frac != "" {
		n, _ := strconv.ParseInt(frac+strings.Repeat("0", 3-len(frac)), 10, 64)
		q += n
	}
	if q > int64(Max) {
		return 0, ErrRange
	}
	if neg {
		q = -q
	}
	return Quantity(q), nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// String writes the amount as a plain decimal without trailing zeros: "3000", "23.438".
func (q Quantity) String() string { return string(q.appendDecimal(nil)) }

// appendDecimal appends the amount as String writes it.
func (q Quantity) appendDecimal(b []byte) []byte {
	n := int64(q)
	if n < 0 {
		b, n = append(b, '-'), -n
	}
	b = strconv.AppendInt(b, n/Scale, 10)
	if frac := n % Scale; frac != 0 {
		b = append(b, '.', byte('0'+frac/100), byte('0'+frac/10%10), byte('0'+frac%10))
		for b[len(b)-1] == '0' {
			b = b[:len(b)-1]
		}
	}
	return b
}

// Whole reports whether the amount is a whole number of base units, as counted goods
// (sticks, bottles) must be.
func (q Quantity) Whole() bool { return q%Scale == 0 }

// MarshalGQL writes the amount as a GraphQL string, since JSON numbers invite floats.
// A list of a donation's allocations writes hundreds, so it builds the text in place.
func (q Quantity) MarshalGQL(w io.Writer) {
	var buf [32]byte
	b := append(q.appendDecimal(append(buf[:0], '"')), '"')
	_, _ = w.Write(b)
}

// UnmarshalGQL accepts a decimal string, or an integer from clients that send whole numbers.
func (q *Quantity) UnmarshalGQL(v any) error {
	var s string
	switch v := v.(type) {
	case string:
		s = v
	case int:
		s = strconv.Itoa(v)
	case int64:
		s = strconv.FormatInt(v, 10)
	case interface{ String() string }: // json.Number
		s = v.String()
	default:
		return apperr.Input("", "a quantity must be a decimal string, not %T", v)
	}
	p, err := Parse(s)
	if err != nil {
		return apperr.Input("", "quantity %q: %v", s, err)
	}
	*q = p
	return nil
}
