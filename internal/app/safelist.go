package app

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// safelistFile is the list of the SPA's own documents the build writes into dist
// (frontend/scripts/persisted.js): SHA-256 of each document's text → the text.
const safelistFile = "persisted-queries.json"

// loadSafelist reads the build's list of persisted queries; a build without one (the
// placeholder of a clone that never ran npm) has an empty list.
func loadSafelist(dist fs.FS) (map[string]string, error) {
	b, err := fs.ReadFile(dist, safelistFile)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}, nil
	}
	if err != nil {
		return nil, err
	}
	var list map[string]string
	return list, json.Unmarshal(b, &list)
}

// safelist runs, in production, the persisted queries the SPA was built with and no
// other: a request that names a document by its hash gets the document of that hash
// from the build's list, whether or not it sent the text too. A hash outside the list is
// refused as "PersistedQueryNotSupported", so that a client falls back to sending its
// document whole, under every limit a document meets; nothing a stranger sends fills or
// evicts anything, since there is no cache. Requests without a hash pass untouched.
//
// Outside production (passOthers) a hash outside the list passes on to the automatic
// persisted-query cache behind it, while the SPA's own still run at once: one request
// each, as in production.
type safelist struct {
	queries    map[string]string
	passOthers bool
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = safelist{}

// ExtensionName names the extension for gqlgen.
func (safelist) ExtensionName() string { return "Safelist" }

// Validate checks nothing.
func (safelist) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationParameters puts the listed document in place of the hash.
func (s safelist) MutateOperationParameters(_ context.Context, raw *graphql.RawParams) *gqlerror.Error {
	ext, ok := raw.Extensions["persistedQuery"].(map[string]any)
	if !ok {
		return nil
	}
	hash, _ := ext["sha256Hash"].(string)
	query, known := s.queries[hash]
	if !known && s.passOthers {
		return nil
	}
	if !known {
		e := gqlerror.Errorf("PersistedQueryNotSupported")
		errcode.Set(e, errcode.ValidationFailed)
		return e
	}
	raw.Query = query
	return nil
}
