// Package access is the one gate services call before looking at any row, for
// operations some roles may never perform: a viewer without a login is UNAUTHENTICATED,
// a role outside the list FORBIDDEN. Which rows a permitted role may touch stays with
// ent's privacy policies; this only gives the plain answer early instead of "not found".
package access

import (
	"context"
	"fmt"

	"mzdesk/ent/privacy"
	"mzdesk/internal/viewer"
)

// Require refuses the viewer of ctx unless it is logged in with one of roles; why says
// whose work the operation is.
func Require(ctx context.Context, why string, roles ...string) (*viewer.Viewer, error) {
	v := viewer.FromContext(ctx)
	switch {
	case v == nil:
		return nil, viewer.ErrUnauthenticated
	case !v.Is(roles...):
		return nil, fmt.Errorf("%w: %s", privacy.Deny, why)
	}
	return v, nil
}
