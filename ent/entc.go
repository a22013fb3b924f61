//go:build ignore

// entc generates the ent client, the GraphQL schema of the entities (graph/ent.graphql)
// and the entgql glue. It runs from `go generate ./ent` with ent/ as working directory.
package main

import (
	"log"
	"strings"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
	"github.com/vektah/gqlparser/v2/ast"
)

func main() {
	ex, err := entgql.NewExtension(
		entgql.WithConfigPath("../gqlgen.yml"),
		entgql.WithSchemaGenerator(),
		entgql.WithSchemaPath("../graph/ent.graphql"),
		entgql.WithWhereInputs(true),
		entgql.WithNodeDescriptor(true),
		entgql.WithSchemaHook(scopeEdgeFilters),
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
			gen.FeatureExecQuery, // ExecContext/QueryContext: the few statements ent cannot build
		},
	}, entc.Extensions(ex), entc.TemplateFiles("template/toone.tmpl", "template/filterin.tmpl", "template/throughparent.tmpl"),
		// SQLDialect tells code holding only a client which SQL to write where the dialects
		// differ (RETURNING on SQLite; ids of a bulk insert on MySQL).
		entc.Dependency(entc.DependencyName("SQLDialect"), entc.DependencyType("")))
	if err != nil {
		log.Fatalf("ent codegen: %v", err)
	}
}

// scopeEdgeFilters marks every has<Edge>With filter of the where inputs with @scope, so
// that the server bounds the rows the filter tests by the viewer's scope of the edge's
// target whichever way the input is read (a connection's arguments, or the nested
// connections entgql loads with their parent). An edge filter the server does not know
// how to bound is refused.
func scopeEdgeFilters(_ *gen.Graph, s *ast.Schema) error {
	s.Directives["scope"] = &ast.DirectiveDefinition{
		Name:        "scope",
		Description: "The rows this filter tests are bounded by the viewer's scope of them.",
		Locations:   []ast.DirectiveLocation{ast.LocationInputFieldDefinition},
	}
	for _, t := range s.Types {
		if t.Kind != ast.InputObject || !strings.HasSuffix(t.Name, "WhereInput") {
			continue
		}
		for _, f := range t.Fields {
			if strings.HasPrefix(f.Name, "has") && strings.HasSuffix(f.Name, "With") {
				f.Directives = append(f.Directives, &ast.Directive{Name: "scope", Location: ast.LocationInputFieldDefinition})
			}
		}
	}
	return nil
}
