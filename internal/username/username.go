// Package username decides what an account name is, so that one person's name has one
// spelling: the same account whatever the case, width or padding it is typed with, and no
// two accounts that look alike. It is used where accounts are created and renamed and
// where people log in, and by the schema's check of every stored name.
package username

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// MaxLen is the longest name, in bytes (the column holds 64).
const MaxLen = 64

// ErrEmpty is a name that is nothing but spaces.
var ErrEmpty = errors.New("a username cannot be empty")

// Normalize returns the one spelling of name — spaces around it trimmed, Unicode
// compatibility forms folded (NFKC: full-width ＡＢＣ is ABC), lower case — or an error
// when the result is not a name mzdesk accepts: only ASCII letters, digits and '-', '_',
// '.', which is what every account uses (admin, village-430702001001). Letters of other
// scripts are refused rather than folded, because Cyrillic а and Greek ο look exactly like
// Latin a and o, and control characters (NUL among them) are never part of a name.
func Normalize(name string) (string, error) {
	n := strings.ToLower(norm.NFKC.String(strings.TrimSpace(name)))
	if n == "" {
		return "", ErrEmpty
	}
	if len(n) > MaxLen {
		return "", fmt.Errorf("a username has at most %d characters", MaxLen)
	}
	for _, r := range n {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return "", fmt.Errorf("a username cannot contain control characters (U+%04X)", r)
		default:
			return "", fmt.Errorf("a username may use only the letters a–z, digits, '-', '_' and '.' (not %q)", r)
		}
	}
	return n, nil
}

// Check accepts a stored name only in its one spelling: the schema's validator, so that
// no path that writes accounts can store "ADMIN" beside "admin".
func Check(name string) error {
	n, err := Normalize(name)
	if err != nil {
		return err
	}
	if n != name {
		return fmt.Errorf("a username is stored as %q", n)
	}
	return nil
}
