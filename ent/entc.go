//go:build ignore

// entc generates the ent client, the GraphQL schema of the entities (graph/ent.graphql)
// and the entgql glue. It runs from `go generate ./ent` with ent/ as working directory.
package main

import (
	"log"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
)

func main() {
	ex, err := entgql.NewExtension(
		entgql.WithConfigPath("../gqlgen.yml"),
		entgql.WithSchemaGenerator(),
		entgql.WithSchemaPath("../graph/ent.graphql"),
		entgql.WithWhereInputs(true),
		entgql.WithNodeDescriptor(true),
	)
	if err != nil {
		log.Fatalf("entgql extension: %v", err)
	}
	err = entc.Generate("./schema", &gen.Config{
		Features: []gen.Feature{
			gen.FeaturePrivacy,
			gen.FeatureEntQL,
			gen.FeatureVersionedMigration,
			gen.FeatureUpsert,
			gen.FeatureModifier,
			gen.FeatureLock,
			gen.FeatureGlobalID,
		},
	}, entc.Extensions(ex))
	if err != nil {
		log.Fatalf("ent codegen: %v", err)
	}
}
