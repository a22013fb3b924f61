package app

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"syscall"
	"testing"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/go-sql-driver/mysql"
	"github.com/vektah/gqlparser/v2/ast"

	"mzdesk/graph"
)

// TestMutationTxDatabaseAway loses the database as a mutation's transaction begins and
// as it commits: either way the answer is one UNAVAILABLE error, without data, where
// entgql's own answer would carry the driver's words and no code.
func TestMutationTxDatabaseAway(t *testing.T) {
	refused := fmt.Errorf("ent: starting a transaction: %w",
		&net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)})
	for name, open := range map[string]entgql.TxOpenerFunc{
		"begin": func(ctx context.Context) (context.Context, driver.Tx, error) { return ctx, nil, refused },
		"commit": func(ctx context.Context) (context.Context, driver.Tx, error) {
			return ctx, commitFails{}, nil
		},
	} {
		ctx := graphql.WithOperationContext(context.Background(), &graphql.OperationContext{Operation: &ast.OperationDefinition{
			Operation: ast.Mutation, SelectionSet: ast.SelectionSet{&ast.Field{Name: "confirmReceipt"}}}})
		ctx = graphql.WithResponseContext(ctx, graph.ErrorPresenter, graph.Panic)
		res := txPerMutation{entgql.Transactioner{TxOpener: open}}.InterceptResponse(ctx, func(context.Context) *graphql.Response {
			return &graphql.Response{Data: json.RawMessage(`{"confirmReceipt":{"receiptNo":"430702-000001"}}`)}
		})
		if len(res.Errors) != 1 || res.Errors[0].Extensions["code"] != graph.CodeUnavailable || res.Data != nil {
			t.Errorf("database lost at %s: %+v, want one UNAVAILABLE error and no data", name, res)
		}
	}
}

// commitFails is a transaction whose connection dies as it commits.
type commitFails struct{}

func (commitFails) Commit() error   { return mysql.ErrInvalidConn }
func (commitFails) Rollback() error { return nil }
