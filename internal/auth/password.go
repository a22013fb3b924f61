package auth

import (
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// PasswordCost is bcrypt's work factor: about 50 ms a check on a 2-core server, slow
// enough to make guessing expensive and fast enough for a morning's logins.
const PasswordCost = 11

// MinPasswordLen is the shortest password accepted when one is set.
const MinPasswordLen = 8

// ErrWeakPassword reports a password too short or too long to accept.
var ErrWeakPassword = fmt.Errorf("a password needs %d to 72 bytes", MinPasswordLen)

// ErrPasswordControl reports a password holding a control character (NUL, a terminal
// escape): no keyboard types one, and a phone could not type it again.
var ErrPasswordControl = errors.New("a password holds no control characters")

// HashPassword returns the bcrypt hash of password.
func HashPassword(password string) (string, error) {
	if utf8.RuneCountInString(password) < MinPasswordLen || len(password) > 72 {
		return "", ErrWeakPassword
	}
	for _, r := range password {
		if unicode.IsControl(r) {
			return "", ErrPasswordControl
		}
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), PasswordCost)
	return string(h), err
}

// CheckPassword reports whether password matches hash.
func CheckPassword(hash, password string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}

// dummyHash is compared against when the username is unknown, so that a wrong username
// costs the same time as a wrong password and gives nothing away.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("no such user, no such password"), PasswordCost)

// SpendCheck does the work of one password check for an unknown user.
func SpendCheck(password string) {
	_ = bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
}
