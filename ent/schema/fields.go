package schema

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"entgo.io/ent"

	"mzdesk/internal/apperr"
)

// The rules every field of one class follows, written once here and named by each
// schema's fields: what people type into mzdesk is read back on phones, printed on
// certificates and delivery slips, and exported to spreadsheets, so a name made only of
// zero-width characters, a NUL or a terminal escape, a finding of 100,000 characters or a
// donation dated in year 1 is refused where it would be stored, whichever screen or
// client sent it. An ent validator's error reaches the client as BAD_USER_INPUT with the
// field's name (graph/errors.go).

// MaxText caps free text (notes, findings, reasons, resolutions).
const MaxText = 2000

// MaxCount caps counts of people, rooms and checks: larger than any institution,
// village or day of the bureau's, far below what overflows a column or a sum.
const MaxCount = 100_000

// Earliest is the first day mzdesk records anything about: the epidemic began in the
// winter of 2019/2020, and nothing the bureau enters is older.
var Earliest = time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)

// Latest is the last moment a date may name: plans and follow-ups reach up to a year
// ahead; a date past that is a typing error.
func Latest() time.Time { return time.Now().AddDate(1, 0, 0) }

// CheckName accepts a name or short label as people read it: no space at either end,
// something visible, no control characters (NUL, escapes, line breaks) and no invisible
// formatting characters (zero-width spaces and joiners, direction overrides).
func CheckName(s string) error {
	if s == "" {
		return nil // NotEmpty, where a name is required, says so
	}
	if strings.TrimSpace(s) != s {
		return errors.New("has spaces at its start or end")
	}
	for _, r := range s {
		switch {
		case unicode.IsControl(r):
			return errors.New("holds a control character")
		case unicode.Is(unicode.Cf, r) || r == '\u3164' || r == '\u115f' || r == '\u1160':
			return errors.New("holds an invisible character")
		}
	}
	return nil
}

// CheckText accepts free text: line breaks and tabs are fine, other control characters
// (NUL, terminal escapes) are not, and it must hold something visible.
func CheckText(s string) error {
	if s == "" {
		return nil
	}
	visible := false
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
		case unicode.IsControl(r):
			return errors.New("holds a control character")
		case !unicode.IsSpace(r) && !unicode.Is(unicode.Cf, r):
			visible = true
		}
	}
	if !visible {
		return errors.New("holds nothing visible")
	}
	return nil
}

var phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 -]{2,30}$`)

// CheckPhone accepts a telephone number as people write one: digits, spaces, hyphens
// and a leading +.
func CheckPhone(s string) error {
	if s == "" || phonePattern.MatchString(s) {
		return nil
	}
	return errors.New("is not a telephone number (digits, spaces, - and a leading +)")
}

// CheckDay accepts a day written YYYY-MM-DD between Earliest and Latest.
func CheckDay(s string) error {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return errors.New("must be a day written YYYY-MM-DD")
	}
	return CheckDate(d)
}

// CheckDate accepts a moment between Earliest and Latest.
func CheckDate(t time.Time) error {
	if t.Before(Earliest) || t.After(Latest()) {
		return fmt.Errorf("must lie between %s and a year from now", Earliest.Format(time.DateOnly))
	}
	return nil
}

// datesIn is a hook that holds the named time fields of a mutation to CheckDate: ent
// has no validators for time fields.
func datesIn(fields ...string) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			for _, name := range fields {
				v, ok := m.Field(name)
				if t, isTime := v.(time.Time); ok && isTime {
					if err := CheckDate(t); err != nil {
						return nil, apperr.Input(name, "%s %v", name, err)
					}
				}
			}
			return next.Mutate(ctx, m)
		})
	}
}

// CheckLongText is CheckText for a text column, which has no length of its own: at most
// MaxText characters.
func CheckLongText(s string) error {
	if utf8.RuneCountInString(s) > MaxText {
		return fmt.Errorf("is longer than %d characters", MaxText)
	}
	return CheckText(s)
}
