package schema

import (
	"context"
	"fmt"

	"mzdesk/ent/privacy"
	"mzdesk/internal/viewer"
)

// Operation is work that is more than one row's read or write — a split, a chase list, a
// dashboard, a confirmation — and so has a gate of its own: the roles that may run it and
// whose work it is, which a refusal says. The rows it then reads and writes still pass
// their entities' policies in the policy_*.go files beside it; the gate gives the plain
// FORBIDDEN early, before any row is read, instead of an empty list or "not found".
type Operation struct {
	why   string
	roles []string
	tasks []viewer.Task // system work that may run it too
}

// Allow returns the viewer of ctx when it may run o: UNAUTHENTICATED without one,
// FORBIDDEN (privacy.Deny) for a role, or system work, that o does not name.
func (o Operation) Allow(ctx context.Context) (*viewer.Viewer, error) {
	v := viewer.FromContext(ctx)
	switch {
	case v == nil:
		return nil, viewer.ErrUnauthenticated
	case v.Is(o.roles...):
		return v, nil
	}
	for _, t := range o.tasks {
		if v.Doing(t) {
			return v, nil
		}
	}
	return nil, fmt.Errorf("%w: %s", privacy.Deny, o.why)
}

// The operations, by the work they are. The role matrix (internal/app TestRoleMatrix)
// runs every query and mutation as every role and holds each to what is written here.
var (
	// The donation ledger.
	Split            = Operation{why: "splits are the charity office's work", roles: []string{viewer.Admin, viewer.CharityOffice}}
	ChaseList        = Operation{why: "the chase list is the charity office's", roles: []string{viewer.Admin, viewer.CharityOffice}}
	ResolveDispute   = Operation{why: "disputes are the charity office's to resolve", roles: []string{viewer.Admin, viewer.CharityOffice}}
	ConfirmReceipt   = Operation{why: "only the recipient's committee or institution confirms receipt", roles: []string{viewer.VillageCommittee, viewer.Institution}}
	DonationOverview = Operation{why: "the donation overview is for the bureau and the charity office", roles: []string{viewer.Admin, viewer.Bureau, viewer.CharityOffice}}

	// Epidemic control in the institutions.
	FileReport       = Operation{why: "reports are filed by the institution", roles: []string{viewer.Institution, viewer.Admin}}
	FollowReports    = Operation{why: "the reports are followed up by the bureau and its inspectors", roles: []string{viewer.Admin, viewer.Bureau, viewer.Inspector}}
	RecordInspection = Operation{why: "inspections are recorded by inspectors", roles: []string{viewer.Inspector}}

	// The bureau's own staff.
	DutyRoster    = Operation{why: "the duty roster is the bureau's", roles: []string{viewer.Bureau, viewer.Admin}}
	CareRecords   = Operation{why: "care records are the care officer's", roles: []string{viewer.CareOfficer, viewer.Admin}}
	CareSummaries = Operation{why: "care summaries are for the bureau", roles: []string{viewer.Bureau, viewer.CareOfficer, viewer.Admin}}

	// Relief figures: a sheet's rows are then checked county by county.
	ImportRelief = Operation{why: "relief figures are the bureau's", roles: []string{viewer.Admin, viewer.Bureau}, tasks: []viewer.Task{viewer.Seed}}

	// Accounts and the audit chain.
	OthersSessions = Operation{why: "only ADMIN and BUREAU handle other accounts' sessions", roles: []string{viewer.Admin, viewer.Bureau}}
	VerifyAudit    = Operation{why: "the audit chain is the administrator's to check", roles: []string{viewer.Admin}}
)
