// Package ledger is the donation ledger: recording donations, splitting a line over its
// recipients, dispatching, confirming receipt, and the progress and public trail built
// from them. Every function works through the ent client it is given — in a mutation, the
// client of that mutation's transaction — and the viewer in the context, so that ent's
// privacy policies decide who may do what and a failure writes nothing.
package ledger

import (
	"io"
	"mzdesk/internal/apperr"
	"strconv"
)

// SplitMethod says how a line is split: EVEN, WEIGHTED or MANUAL.
type SplitMethod string

// SplitUnit is the smallest piece a split hands out: PACK or BASE.
type SplitUnit string

// WeightBy says what a WEIGHTED split weighs: POPULATION or HOUSEHOLDS.
type WeightBy string

// FirstBy says who gets the odd packs first when whole packs do not go round.
type FirstBy string

// Split methods, units and weights.
const (
	Even       SplitMethod = "EVEN"
	Weighted   SplitMethod = "WEIGHTED"
	Manual     SplitMethod = "MANUAL"
	Pack       SplitUnit   = "PACK"
	Base       SplitUnit   = "BASE"
	Population WeightBy    = "POPULATION"
	Households WeightBy    = "HOUSEHOLDS"

	ListOrder    FirstBy = "LIST"
	MostPopulous FirstBy = "POPULATION"
	TickedFirst  FirstBy = "TICKED"
	StreetFirst  FirstBy = "STREET"
)

// MarshalGQL writes the SplitMethod as its GraphQL enum value.
func (m SplitMethod) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(m))) }

// UnmarshalGQL reads a SplitMethod from its GraphQL enum value, refusing any other.
func (m *SplitMethod) UnmarshalGQL(v any) error { return enum(v, (*string)(m), Even, Weighted, Manual) }

// MarshalGQL writes the SplitUnit as its GraphQL enum value.
func (u SplitUnit) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(u))) }

// UnmarshalGQL reads a SplitUnit from its GraphQL enum value, refusing any other.
func (u *SplitUnit) UnmarshalGQL(v any) error { return enum(v, (*string)(u), Pack, Base) }

// MarshalGQL writes the WeightBy as its GraphQL enum value.
func (b WeightBy) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(b))) }

// UnmarshalGQL reads a WeightBy from its GraphQL enum value, refusing any other.
func (b *WeightBy) UnmarshalGQL(v any) error { return enum(v, (*string)(b), Population, Households) }

// MarshalGQL writes the FirstBy as its GraphQL enum value.
func (f FirstBy) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(f))) }

// UnmarshalGQL reads a FirstBy from its GraphQL enum value, refusing any other.
func (f *FirstBy) UnmarshalGQL(v any) error {
	return enum(v, (*string)(f), ListOrder, MostPopulous, TickedFirst, StreetFirst)
}

func enum[T ~string](v any, into *string, values ...T) error {
	s, _ := v.(string)
	for _, x := range values {
		if string(x) == s {
			*into = s
			return nil
		}
	}
	return apperr.Input("", "%v is not one of %v", v, values)
}
