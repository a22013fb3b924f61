package app

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/vektah/gqlparser/v2/ast"

	"mzdesk/graph"
	"mzdesk/internal/database"
)

// Bounds of the retry of a mutation whose transaction lost a conflict. Eight attempts
// with backoff capped at 160 ms spend at most about half a second waiting, well inside
// requestTimeout; a mutation that loses eight times in a row is on rows so contended
// that the client is better told to come back (UNAVAILABLE, which phones' queues keep).
const (
	mutationAttempts = 8
	retryBase        = 5 * time.Millisecond
	retryCap         = 160 * time.Millisecond
)

// retryConflicts runs a mutation again, from the request, when its transaction was
// rolled back because it lost to another one: a deadlock or lock wait timeout on MySQL
// (1213, 1205), a Galera certification failure (reported as 1213, at any statement or at
// commit), SQLite busy. Such a transaction wrote nothing, so running the whole operation
// again — a new transaction, the resolvers re-reading what they need — is the
// same request arriving a moment later. Between attempts it waits a random time that
// doubles each round (full jitter), so that two racers do not meet again in step.
//
// It wraps the executor's operation handler, outside txPerMutation: each attempt gets
// its own transaction, its own response context (errors of an earlier attempt do not
// leak into the answer) and empty loader memos. Past mutationAttempts the answer is the
// last attempt's, whose conflict the error presenter codes UNAVAILABLE. Queries take no
// locks and are not retried.
type retryConflicts struct{ retries prometheus.Counter }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
} = retryConflicts{}

func (retryConflicts) ExtensionName() string                   { return "RetryConflicts" }
func (retryConflicts) Validate(graphql.ExecutableSchema) error { return nil }

// attempts is the state of one operation's retries, in its context: the operations
// metrics read it to count only the answer that goes out.
type attempts struct{ n int }

type attemptsKey struct{}

// again says whether the attempt that answered res will be followed by another one.
func (s *attempts) again(ctx context.Context, res *graphql.Response) bool {
	return s != nil && s.n < mutationAttempts-1 && ctx.Err() == nil && res != nil && lostConflict(res)
}

func attemptsOf(ctx context.Context) *attempts {
	s, _ := ctx.Value(attemptsKey{}).(*attempts)
	return s
}

func (r retryConflicts) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	oc := graphql.GetOperationContext(ctx)
	if oc.Operation == nil || oc.Operation.Operation != ast.Mutation {
		return next(ctx)
	}
	state := &attempts{}
	ctx = context.WithValue(ctx, attemptsKey{}, state)
	// The first attempt's handler is made here, with this context: the executor hands the
	// context it was made with to the transport, which calls the handler back with it.
	first := next(ctx)
	return func(rctx context.Context) *graphql.Response {
		h := first
		for {
			res := h(rctx)
			if !state.again(rctx, res) {
				return res
			}
			if !database.Sleep(rctx, database.Backoff(state.n, retryBase, retryCap)) {
				return res
			}
			state.n++
			if r.retries != nil {
				r.retries.Inc()
			}
			graph.ForgetLoaded(rctx)
			h = next(ctx)
		}
	}
}

// lostConflict says whether an answer failed because its transaction lost a conflict.
// The gqlerror of each error keeps the resolver's or the commit's own error.
func lostConflict(res *graphql.Response) bool {
	for _, e := range res.Errors {
		if database.Conflict(e) {
			return true
		}
	}
	return false
}
