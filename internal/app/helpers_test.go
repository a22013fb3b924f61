package app_test

import (
	"context"

	"mzdesk/internal/viewer"
)

func systemCtx() context.Context { return viewer.SystemContext(context.Background(), viewer.Seed) }
