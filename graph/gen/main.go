// Command gen writes graph/generated.go from gqlgen.yml, as `gqlgen generate` does, with
// two changes that keep a request on its own goroutine below the root: fields run one
// after another, and so do the elements of lists (graph.marshalSliceInOrder).
//
// The edges a list shows are loaded in batches before its fields are resolved (entgql's
// field collection; TestStatementsPerRequest keeps it so), so a field has nothing to wait
// for and a goroutine of its own buys no overlap, while starting goroutines and growing
// their stacks costs CPU on every row (docs/bench/execution.md). The root fields of an
// operation still run side by side, as each may go to the database on its own.
//
// What the rewrite relies on in gqlgen's templates is checked by main_test.go, so a gqlgen
// upgrade that changes it fails a test rather than the executor.
package main

import (
	"bytes"
	"fmt"
	"log"
	"os"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen"
	"github.com/99designs/gqlgen/codegen/config"
)

func main() {
	cfg, err := config.LoadConfigFromDefaultLocations()
	if err != nil {
		log.Fatal(err)
	}
	if err := api.Generate(cfg, api.AddPlugin(sequentialFields{})); err != nil {
		log.Fatal(err)
	}
	if err := listsInOrder(cfg.Exec.Filename); err != nil {
		log.Fatal(err)
	}
}

// sequentialFields turns off per-field goroutines on every object but the roots.
type sequentialFields struct{}

func (sequentialFields) Name() string { return "sequentialfields" }

func (sequentialFields) GenerateCode(data *codegen.Data) error {
	for _, o := range data.Objects {
		if !o.Root {
			o.DisableConcurrency = true
		}
	}
	return nil
}

// concurrentList is how gqlgen's template marshals a list of objects; gqlgen has no
// setting to do it in order.
var concurrentList = []byte("graphql.MarshalSliceConcurrently(ctx, len(v), 0, false, func(")

// listsInOrder points the generated list marshalers at graph.marshalSliceInOrder. It
// fails when it finds none, as it would if a new gqlgen wrote them another way.
func listsInOrder(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !bytes.Contains(src, concurrentList) {
		return fmt.Errorf("%s: no MarshalSliceConcurrently call to rewrite; has gqlgen changed its template?", path)
	}
	return os.WriteFile(path, bytes.ReplaceAll(src, concurrentList, []byte("marshalSliceInOrder(ctx, len(v), func(")), 0o644)
}
