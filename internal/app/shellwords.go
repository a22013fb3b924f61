package app

import (
	"fmt"
	"strings"
	"time"

	"mzdesk/internal/quantity"
)

// The painted pages say what the SPA will say once it has taken them over, word for word:
// a page that changes its words under the reader's eyes is worse than a blank one. These
// are the SPA's own ways of writing messages, amounts and dates (vue-i18n's named values
// and plural forms, src/composables/useQuantity.ts, src/composables/useDate.ts) in Go.

// message is the message key in the language's words with its {named} values filled in.
// count, when given, picks vue-i18n's plural form of a message written "one | many".
func (s *shell) message(locale, key string, named map[string]string, count ...int) string {
	text := s.word(locale, key)
	if forms := strings.Split(text, "|"); len(forms) > 1 && len(count) > 0 {
		text = strings.TrimSpace(forms[pluralForm(count[0], len(forms))])
	}
	if len(named) == 0 {
		return text
	}
	pairs := make([]string, 0, 2*len(named))
	for k, v := range named {
		pairs = append(pairs, "{"+k+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(text)
}

// pluralForm is vue-i18n's default choice among a message's forms: with two, the first for
// exactly one and the second otherwise; with three, none, one and many.
func pluralForm(n, forms int) int {
	n = max(n, -n)
	if forms == 2 {
		if n == 1 {
			return 0
		}
		return 1
	}
	return min(n, 2, forms-1)
}

// itemUnits is what an amount of an item is written with: its base unit and its pack.
type itemUnits struct {
	BaseUnit quantity.Unit `json:"baseUnit"`
	PackName *string       `json:"packName"`
	PackSize *string       `json:"packSize"`
}

func (u itemUnits) packSize() quantity.Quantity {
	if u.PackSize == nil {
		return 0
	}
	q, err := quantity.Parse(*u.PackSize)
	if err != nil || q < 0 {
		return 0
	}
	return q
}

// unitLabel names unit after the number v: the item's own pack name (桶), or the unit's
// word, singular for exactly one in English.
func (s *shell) unitLabel(locale string, unit quantity.Unit, it itemUnits, v quantity.Quantity) string {
	if unit == quantity.PACK && it.PackName != nil && *it.PackName != "" {
		return *it.PackName
	}
	n := 2
	if v == quantity.Scale {
		n = 1
	}
	return s.message(locale, "units."+string(unit), nil, n)
}

// quantity writes an amount (a decimal in the item's base unit, as the API sends it) as the
// SPA's formatQuantity does: in prefer when it is exact in it, else in whole packs, in
// tonnes from a tonne of whole kilograms, else in the base unit, with the 斤 a village scale
// reads beside kilograms under a tonne.
func (s *shell) quantity(locale, amount string, it itemUnits, prefer quantity.Unit) string {
	written := func(v quantity.Quantity, u quantity.Unit) string {
		return v.String() + " " + s.unitLabel(locale, u, it, v)
	}
	q, err := quantity.Parse(amount)
	if err != nil || q < 0 {
		return amount + " " + s.unitLabel(locale, it.BaseUnit, it, 0)
	}
	pack := it.packSize()
	if prefer != "" {
		if v, ok := quantity.InUnit(q, prefer, it.BaseUnit, pack); ok {
			return written(v, prefer)
		}
	}
	if q > 0 {
		if v, ok := quantity.InUnit(q, quantity.PACK, it.BaseUnit, pack); ok {
			return written(v, quantity.PACK)
		}
	}
	if it.BaseUnit == quantity.KG && q >= 1000*quantity.Scale && q%quantity.Scale == 0 {
		return written(q/quantity.Scale, quantity.T)
	}
	base := written(q, it.BaseUnit)
	if it.BaseUnit == quantity.KG && q > 0 && q < 1000*quantity.Scale && q%(quantity.Scale/2) == 0 {
		return s.message(locale, "units.withJin", map[string]string{"base": base, "jin": written(2*q, quantity.JIN)})
	}
	return base
}

// china is the time zone the bureau, its villages and its donors live in (UTC+8 all year).
// The SPA writes a time in the phone's own zone, which for them is this one.
var china = time.FixedZone("CST", 8*3600)

// date writes an instant's day as Intl.DateTimeFormat's medium style does: 2020年3月17日,
// Mar 17, 2020.
func date(locale, rfc3339 string) string {
	t, err := time.Parse(time.RFC3339Nano, rfc3339)
	if err != nil {
		return rfc3339
	}
	t = t.In(china)
	if locale == "en-US" {
		return t.Format("Jan 2, 2006")
	}
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

// dateTime adds the hour and minute as the short time style does: 2020年3月17日 14:05,
// Mar 17, 2020, 2:05 PM.
func dateTime(locale, rfc3339 string) string {
	t, err := time.Parse(time.RFC3339Nano, rfc3339)
	if err != nil {
		return rfc3339
	}
	t = t.In(china)
	if locale == "en-US" {
		return t.Format("Jan 2, 2006, 3:04 PM")
	}
	return date(locale, rfc3339) + " " + t.Format("15:04")
}
