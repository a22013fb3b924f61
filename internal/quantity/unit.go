package quantity

import (
	"errors"
	"fmt"
	"io"
	"strconv"

	"mzdesk/internal/apperr"
)

// Unit is a unit a person writes an amount in. Items are stored in one of the base units
// (KG, L, PIECE, BOTTLE, STICK, BOX); the others convert to them.
type Unit string

// Units the report and the charity office use.
const (
	T      Unit = "T"      // 吨, 1000 kg
	KG     Unit = "KG"     // 千克
	JIN    Unit = "JIN"    // 斤, 0.5 kg
	G      Unit = "G"      // 克
	L      Unit = "L"      // 升
	ML     Unit = "ML"     // 毫升
	PIECE  Unit = "PIECE"  // 个/件
	BOTTLE Unit = "BOTTLE" // 瓶
	STICK  Unit = "STICK"  // 根
	BOX    Unit = "BOX"    // 箱
	PACK   Unit = "PACK"   // the item's own pack (桶 for 84消毒液), of the item's pack size
)

// Units lists every unit in the order the SPA offers them.
var Units = []Unit{T, KG, JIN, G, L, ML, PIECE, BOTTLE, STICK, BOX, PACK}

// BaseUnits are the units an item can be stored in.
var BaseUnits = []Unit{KG, L, PIECE, BOTTLE, STICK, BOX}

// perBase says how many thousandths of a base unit one unit is, for units that convert
// by a fixed factor. Counted units convert only to themselves.
var perBase = map[Unit]struct {
	base  Unit
	milli int64
}{
	T:   {KG, 1000 * Scale},
	KG:  {KG, Scale},
	JIN: {KG, Scale / 2},
	G:   {KG, 1},
	L:   {L, Scale},
	ML:  {L, 1},
}

// Valid reports whether u is a known unit.
func (u Unit) Valid() bool {
	for _, k := range Units {
		if u == k {
			return true
		}
	}
	return false
}

// ToBase converts an amount written in unit u into the base unit of an item stored in
// base with packs of packSize (zero when the item has no pack). It refuses units that
// do not fit the item (kg of sticks), packs of an item without a pack size, results that
// are not exact, and counted goods that do not come out whole.
func ToBase(amount Quantity, u Unit, base Unit, packSize Quantity) (Quantity, error) {
	if !u.Valid() {
		return 0, fmt.Errorf("unknown unit %q: %w", u, ErrUnit)
	}
	var milli int64
	switch u {
	case PACK:
		if packSize <= 0 {
			return 0, fmt.Errorf("this item has no pack size: %w", ErrUnit)
		}
		milli = int64(packSize)
	case base:
		milli = Scale
	default:
		f, ok := perBase[u]
		if !ok || f.base != base {
			return 0, fmt.Errorf("unit %s does not fit an item counted in %s: %w", u, base, ErrUnit)
		}
		milli = f.milli
	}
	if amount > Max || amount < -Max {
		return 0, ErrRange
	}
	product := int64(amount) * milli // |amount| ≤ 1e12 and milli ≤ 1e6 fit in int64
	if product%Scale != 0 {
		return 0, fmt.Errorf("%s %s is finer than the smallest stored amount", amount, u)
	}
	q := Quantity(product / Scale)
	if q > Max || q < -Max {
		return 0, ErrRange
	}
	if counted(base) && !q.Whole() {
		return 0, fmt.Errorf("%s is counted in whole %s", base, base)
	}
	return q, nil
}

// InUnit writes q, an amount in an item's base unit, in unit u when that is exact to the
// thousandth and, for packs, a whole number of them: what a sheet counted in 桶 reads in
// again. ok is false when u does not fit the item or the amount is not exact in it.
func InUnit(q Quantity, u Unit, base Unit, packSize Quantity) (v Quantity, ok bool) {
	one, err := ToBase(Scale, u, base, packSize) // one u, in the base unit
	if err != nil || one <= 0 || q > Max || q < -Max {
		return 0, false
	}
	product := int64(q) * Scale // |q| ≤ 1e12, so this fits in int64
	if product%int64(one) != 0 {
		return 0, false
	}
	v = Quantity(product / int64(one))
	return v, u != PACK || v.Whole()
}

// IsBase reports whether items can be stored in u.
func (u Unit) IsBase() bool {
	for _, b := range BaseUnits {
		if u == b {
			return true
		}
	}
	return false
}

func counted(base Unit) bool { return base != KG && base != L }

// MarshalGQL writes the unit as its GraphQL enum value.
func (u Unit) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(u))) }

// UnmarshalGQL reads a GraphQL enum value.
func (u *Unit) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok || !Unit(s).Valid() {
		return apperr.Input("", "unknown unit %v", v)
	}
	*u = Unit(s)
	return nil
}

// Values lists every unit, so that ent and GraphQL share one Unit enum. Whether a unit is
// a base unit is checked where an item is written (IsBase).
func (Unit) Values() []string {
	vs := make([]string, len(Units))
	for i, u := range Units {
		vs[i] = string(u)
	}
	return vs
}

// names are the units as people write them in Chinese.
var names = map[Unit]string{
	T: "吨", KG: "千克", JIN: "斤", G: "克", L: "升", ML: "毫升",
	PIECE: "个", BOTTLE: "瓶", STICK: "根", BOX: "箱",
}

// Format writes an amount of an item the way the charity office writes it on paper:
// "3000 千克（120 桶）", "23.438 千克", "100 根". packName and packSize describe the
// item's pack (empty and zero when it has none).
func Format(q Quantity, base Unit, packName string, packSize Quantity) string {
	s := q.String() + " " + names[base]
	if packSize > 0 && q > 0 && q%packSize == 0 {
		s += fmt.Sprintf("（%d %s）", q/packSize, packName)
	}
	return s
}

// Counted says whether an item whose base unit is base is counted in whole pieces
// (masks, thermometers, bottles), so that no amount of it has a fraction.
func Counted(base Unit) bool { return counted(base) }

// ErrUnit marks the errors of ToBase that are the unit's fault, not the amount's.
var ErrUnit = errors.New("choose another unit")
