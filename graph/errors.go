package graph

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"mzdesk/ent"
	"mzdesk/ent/privacy"
	"mzdesk/internal/apperr"
	"mzdesk/internal/auth"
	"mzdesk/internal/database"
	"mzdesk/internal/viewer"
)

// Error codes every GraphQL error carries in extensions.code.
const (
	CodeUnauthenticated = "UNAUTHENTICATED"
	CodeForbidden       = "FORBIDDEN"
	CodeBadUserInput    = "BAD_USER_INPUT"
	CodeNotFound        = "NOT_FOUND"
	CodeConflict        = "CONFLICT"
	CodeUnavailable     = "UNAVAILABLE" // the database was out of reach: try again shortly (HTTP 503)
	CodeInternal        = "INTERNAL"
	// CodeClientGone marks an error that only happened because the client hung up (its
	// request's context was cancelled): nobody reads the answer, and it is neither a bug
	// nor a database outage, so it is counted apart and not logged as either.
	CodeClientGone = "CLIENT_GONE"
)

// ErrorPresenter gives every error a code and a sentence a person can act on. Errors
// with no code of their own are INTERNAL: the client gets a plain sentence, the log
// gets the cause.
func ErrorPresenter(ctx context.Context, err error) *gqlerror.Error {
	gqlErr := graphql.DefaultErrorPresenter(ctx, err)
	if gqlErr.Extensions == nil {
		gqlErr.Extensions = map[string]any{}
	}
	code, msg := classify(err)
	if ClientGone(ctx, err) {
		code, msg = CodeClientGone, "the request was cancelled"
	}
	switch {
	case code == CodeClientGone:
		slog.DebugContext(ctx, "client gone", "err", err, "path", gqlErr.Path.String())
		gqlErr.Message = msg
	case code == CodeUnavailable && database.Conflict(err):
		// Most are retried at once (internal/app counts them); not worth a warning each.
		slog.DebugContext(ctx, "transaction lost a conflict", "err", err, "path", gqlErr.Path.String())
		gqlErr.Message = msg
	case code == CodeUnavailable: // the operators want to know the cause, the client only to retry
		slog.WarnContext(ctx, "database unavailable", "err", err, "path", gqlErr.Path.String())
		gqlErr.Message = msg
	case code != "":
		gqlErr.Message = msg
	case gqlErr.Extensions["code"] != nil:
		// gqlgen's own: a variable or argument that does not fit the schema.
		code = CodeBadUserInput
	case !graphql.HasOperationContext(ctx) && strings.HasPrefix(gqlErr.Message, "json request body could not be decoded"):
		// gqlgen's POST transport refusing a body that is not JSON, before an operation
		// existed (TestGraphQLOverHTTP holds its wording). It quotes the whole body
		// back; the client has it already.
		code = CodeBadUserInput
		gqlErr.Message, _, _ = strings.Cut(gqlErr.Message, " body:")
	default:
		code = CodeInternal
		slog.ErrorContext(ctx, "internal error", "err", err, "path", gqlErr.Path.String())
		gqlErr.Message = "internal error; it has been logged"
	}
	gqlErr.Extensions["code"] = code
	var (
		in       *apperr.InputError
		validate *ent.ValidationError
	)
	switch {
	case errors.As(err, &in) && in.Field != "":
		gqlErr.Extensions["field"] = in.Field
	case errors.As(err, &validate):
		gqlErr.Extensions["field"] = lowerCamel(validate.Name)
	}
	return gqlErr
}

// ClientGone says whether err happened because the client went away: its request's context
// was cancelled (the server's own deadlines end in DeadlineExceeded, not Canceled).
func ClientGone(ctx context.Context, err error) bool {
	return errors.Is(ctx.Err(), context.Canceled) || errors.Is(err, context.Canceled)
}

// classify finds the code of an error the server raised on purpose, or of a database
// out of reach.
func classify(err error) (code, msg string) {
	var (
		in        *apperr.InputError
		conflict  *apperr.ConflictError
		throttled *auth.ThrottledError
		validate  *ent.ValidationError
	)
	switch {
	case errors.Is(err, viewer.ErrUnauthenticated):
		return CodeUnauthenticated, "please log in"
	case errors.Is(err, auth.ErrBadCredentials):
		return CodeUnauthenticated, auth.ErrBadCredentials.Error()
	case errors.As(err, &throttled):
		return CodeForbidden, throttled.Error()
	case errors.Is(err, privacy.Deny):
		return CodeForbidden, "you may not do this"
	case errors.As(err, &in):
		return CodeBadUserInput, in.Message
	case errors.As(err, &validate):
		return CodeBadUserInput, fmt.Sprintf("%s: %v", validate.Name, errors.Unwrap(validate))
	case errors.As(err, &conflict):
		return CodeConflict, conflict.Message
	case ent.IsNotFound(err):
		return CodeNotFound, "not found"
	case ent.IsConstraintError(err):
		return CodeConflict, "this clashes with a record that already exists"
	case database.Unavailable(err):
		return CodeUnavailable, database.UnavailableMessage
	case database.Conflict(err):
		// Only past the retries of internal/app: a transaction that keeps losing to
		// others on the same rows. Nothing was written; the same request later succeeds.
		return CodeUnavailable, database.ConflictMessage
	}
	return "", ""
}

// Panic turns a resolver's panic into an INTERNAL error and logs it with its stack.
func Panic(ctx context.Context, p any) error {
	slog.ErrorContext(ctx, "panic in resolver", "panic", p, "stack", string(debug.Stack()))
	return errors.New("internal error; it has been logged")
}

// lowerCamel spells a column name (contact_phone) as the GraphQL field (contactPhone)
// that the form shows the error at.
func lowerCamel(column string) string {
	parts := strings.Split(column, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}
