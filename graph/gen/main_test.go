package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGqlgenStillMarshalsListsThisWay fails when a gqlgen upgrade changes what listsInOrder
// rewrites, before anything is generated: the list marshaler's template must still call
// MarshalSliceConcurrently with these arguments, and its element callback must still set
// the element as the field context's result (graph/loaders.go's listOf reads the results
// of the fields above a recipient).
func TestGqlgenStillMarshalsListsThisWay(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/99designs/gqlgen").Output()
	if err != nil {
		t.Fatalf("finding gqlgen's module: %v", err)
	}
	tmpl, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "codegen", "type.gotpl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"graphql.MarshalSliceConcurrently(ctx, len(v), {{ $.Config.Exec.WorkerLimit }}, {{ $.Config.OmitPanicHandler }}, func(ctx context.Context, i int) graphql.Marshaler {",
		"fc.Result = &v[i]",
	} {
		if !bytes.Contains(tmpl, []byte(want)) {
			t.Errorf("gqlgen's list template no longer holds %q: revisit graph/gen and graph/lists.go", want)
		}
	}
}

// TestGeneratedListsInOrder checks the generated executor as committed: every list of
// objects goes through marshalSliceInOrder, none through gqlgen's concurrent marshaler.
func TestGeneratedListsInOrder(t *testing.T) {
	src, err := os.ReadFile("../generated.go")
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(src, []byte("MarshalSliceConcurrently")); n != 0 {
		t.Errorf("graph/generated.go calls MarshalSliceConcurrently %d times", n)
	}
	if !bytes.Contains(src, []byte("marshalSliceInOrder(ctx, len(v), func(")) {
		t.Error("graph/generated.go never calls marshalSliceInOrder")
	}
}

// TestListsInOrderRefusesUnknownOutput: a generated file without the call is an error,
// not a file left as gqlgen wrote it.
func TestListsInOrderRefusesUnknownOutput(t *testing.T) {
	path := filepath.Join(t.TempDir(), "generated.go")
	if err := os.WriteFile(path, []byte("package graph\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := listsInOrder(path); err == nil {
		t.Error("listsInOrder accepted a file with nothing to rewrite")
	}
}
