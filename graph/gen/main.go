// Command gen writes graph/generated.go from gqlgen.yml, as `gqlgen generate` does, with
// one change: fields below the root run one after another instead of each in a goroutine
// of its own.
//
// The edges a list shows are loaded in batches before its fields are resolved (entgql's
// field collection; TestStatementsPerRequest keeps it so), so a field has nothing to wait
// for and a goroutine of its own buys no overlap. It costs: a village's list of 50
// allocations started four goroutines a row, and starting them and growing their stacks
// took a sixth of the server's CPU under load. The root fields of an operation still run
// side by side, as each may go to the database on its own.
package main

import (
	"log"

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
