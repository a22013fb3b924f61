// Package apperr names the ways a request can fail that are the client's to fix, so that
// any layer can raise them and the GraphQL error presenter can give each its code:
// Input is BAD_USER_INPUT (with the input field it is about), Conflict is CONFLICT.
package apperr

import "fmt"

// InputError is input the server will not take.
type InputError struct {
	Field   string // the input field, for the form to show the message at
	Message string
}

func (e *InputError) Error() string { return e.Message }

// Input returns an InputError about field.
func Input(field, format string, args ...any) error {
	return &InputError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// ConflictError is a request that clashes with the state of the data: confirming what is
// already confirmed, editing what was dispatched.
type ConflictError struct{ Message string }

func (e *ConflictError) Error() string { return e.Message }

// Conflict returns a ConflictError.
func Conflict(format string, args ...any) error {
	return &ConflictError{Message: fmt.Sprintf(format, args...)}
}
