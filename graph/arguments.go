package graph

import (
	"errors"
	"fmt"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"mzdesk/internal/quantity"
)

// arguments checks a field's arguments before anything runs, so that bad input is the
// client's error (BAD_USER_INPUT) and never reaches a resolver or the database, where it
// came back INTERNAL: first and last together, a list longer than MaxList anywhere in
// the arguments, and a value of a custom scalar that its own decoder refuses (a date
// such as 2020-02-30, a cursor that is not one of ours). gqlgen decodes custom scalars
// only as a field runs, and reports their errors without a code.
func (m *measure) arguments(f *ast.Field, args map[string]any) error {
	if f.Definition == nil {
		return nil
	}
	if args["first"] != nil && args["last"] != nil {
		return fmt.Errorf("%s: give first or last, not both", f.Alias)
	}
	for _, def := range f.Definition.Arguments {
		if v, ok := args[def.Name]; ok && v != nil {
			if err := m.value(f.Alias+"."+def.Name, def.Type, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// value checks one argument value against its type, through lists and input objects.
func (m *measure) value(path string, typ *ast.Type, v any) error {
	if v == nil {
		return nil
	}
	if typ.Elem != nil {
		list, ok := v.([]any)
		if !ok { // a single value where a list is expected is a list of one
			return m.value(path, typ.Elem, v)
		}
		if len(list) > m.limits.MaxList {
			return fmt.Errorf("%s has %d values; give at most %d at once", path, len(list), m.limits.MaxList)
		}
		for _, e := range list {
			if err := m.value(path, typ.Elem, e); err != nil {
				return err
			}
		}
		return nil
	}
	def := parsedSchema.Types[typ.NamedType]
	if def == nil {
		return nil
	}
	switch def.Kind {
	case ast.InputObject:
		obj, ok := v.(map[string]any)
		if !ok {
			return nil // gqlgen's validation has refused it already
		}
		for _, fd := range def.Fields {
			if err := m.value(path+"."+fd.Name, fd.Type, obj[fd.Name]); err != nil {
				return err
			}
		}
	case ast.Scalar:
		if check := scalarChecks[def.Name]; check != nil {
			if err := check(v); err != nil {
				return fmt.Errorf("%s: %v", path, err)
			}
		}
	}
	return nil
}

// scalarChecks decode a value of each scalar the way its resolver will, to refuse it
// before the operation runs.
var scalarChecks = map[string]func(any) error{
	"ID": func(v any) error {
		if _, err := graphql.UnmarshalIntID(v); err != nil {
			return errors.New("not an id of this server")
		}
		return nil
	},
	"Int64": func(v any) error {
		_, err := graphql.UnmarshalInt64(v)
		return err
	},
	"Time": func(v any) error {
		if _, err := graphql.UnmarshalTime(v); err != nil {
			return fmt.Errorf("%v is not a date and time such as 2020-03-17T08:00:00+08:00", v)
		}
		return nil
	},
	"Quantity": func(v any) error {
		var q quantity.Quantity
		return q.UnmarshalGQL(v)
	},
	"Cursor": func(v any) error {
		var c entgql.Cursor[int]
		if err := c.UnmarshalGQL(v); err != nil {
			return errors.New("not a cursor this server gave out")
		}
		switch c.Value.(type) {
		case nil, string, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64,
			float32, float64, time.Time:
			return nil
		}
		return errors.New("not a cursor this server gave out")
	},
}
