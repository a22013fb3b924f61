// Package viewer carries who is asking through a request's context. The HTTP middleware
// puts a Viewer there after checking the token; ent's privacy policies read it and decide
// what may be read or written. A context without a viewer is the public, and may do
// nothing but what the public pages do through the Public viewer.
package viewer

import (
	"context"
	"errors"
)

// Role names, the same strings as the GraphQL Role enum and the users.role column.
const (
	Admin            = "ADMIN"
	Bureau           = "BUREAU"
	CharityOffice    = "CHARITY_OFFICE"
	VillageCommittee = "VILLAGE_COMMITTEE"
	Inspector        = "INSPECTOR"
	Institution      = "INSTITUTION"
	CareOfficer      = "CARE_OFFICER"
)

// Roles lists every role, in the order screens and tests show them.
var Roles = []string{Admin, Bureau, CharityOffice, VillageCommittee, Inspector, Institution, CareOfficer}

// Viewer is a logged-in user, or a named piece of system work.
type Viewer struct {
	UserID   int
	Username string
	Role     string
	// SessionID is the login (one device) the token belongs to; ending it ends the token.
	SessionID int

	// OrgUnitID and OrgPath scope BUREAU and VILLAGE_COMMITTEE users: the path of their
	// org unit, rows of units whose path starts with it are theirs.
	OrgUnitID int
	OrgPath   string
	// InstitutionID scopes INSTITUTION users.
	InstitutionID int
	// GroupID and GroupPaths scope INSPECTOR users: the org units their group covers.
	GroupID    int
	GroupPaths []string

	// System names system work (seeding the demo data, the public pages). A system
	// viewer has no user; its powers are those of its Task, nothing more.
	System Task
}

// Task is a kind of system work, each with its own narrow powers.
type Task string

// System tasks.
const (
	// Seed writes the demo data and the first accounts.
	Seed Task = "seed"
	// Public reads what the transparency pages show: donations, their lines and items,
	// allocations, receipts and recipients, and the audit chain's daily heads; never users.
	Public Task = "public"
	// Login looks up an account by username and records the time of a login.
	Login Task = "login"
	// CareCounts reads when staff were cared for, never what was said: the bureau's
	// counts and dates of care, without the content only the care officer reads.
	CareCounts Task = "care-counts"
	// Seal links freshly written audit events into the hash chain (it reads them and
	// sets their place and hashes, once), and checks the chain in the background.
	Seal Task = "seal"
	// PhotoSweep removes photos that no receipt took up within a day of their upload:
	// it deletes photos and does nothing else.
	PhotoSweep Task = "photo-sweep"
)

type ctxKey struct{}

// NewContext returns ctx carrying v.
func NewContext(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, ctxKey{}, v)
}

// FromContext returns the viewer of ctx, or nil for the public.
func FromContext(ctx context.Context) *Viewer {
	v, _ := ctx.Value(ctxKey{}).(*Viewer)
	return v
}

// SystemContext returns ctx acting as system work t.
func SystemContext(ctx context.Context, t Task) context.Context {
	return NewContext(ctx, &Viewer{System: t, Username: "system:" + string(t)})
}

// Is reports whether the viewer is a logged-in user with one of roles.
func (v *Viewer) Is(roles ...string) bool {
	if v == nil || v.System != "" {
		return false
	}
	for _, r := range roles {
		if v.Role == r {
			return true
		}
	}
	return false
}

// Doing reports whether the viewer is system work t.
func (v *Viewer) Doing(t Task) bool { return v != nil && v.System == t }

type keepKey struct{}

// KeepingSession returns ctx in which a change that ends an account's sessions leaves
// session id open: the one from which users change their own password stays logged in.
func KeepingSession(ctx context.Context, id int) context.Context {
	return context.WithValue(ctx, keepKey{}, id)
}

// KeptSession is the session KeepingSession named, or 0.
func KeptSession(ctx context.Context) int {
	id, _ := ctx.Value(keepKey{}).(int)
	return id
}

// ErrUnauthenticated is the cause of a refusal that a login would have avoided.
var ErrUnauthenticated = errors.New("login required")
