package graph

import (
	"mzdesk/ent/user"
	"mzdesk/internal/problem"
)

// checkScope keeps an account's scope fitting its role: a village committee and a bureau
// user need an org unit, an institution user an institution, an inspector a group.
func checkScope(role user.Role, orgUnit, inst, group *int) error {
	need := map[user.Role]struct {
		field string
		set   bool
	}{
		user.RoleBUREAU:            {"orgUnitID", orgUnit != nil},
		user.RoleVILLAGE_COMMITTEE: {"orgUnitID", orgUnit != nil},
		user.RoleINSTITUTION:       {"institutionID", inst != nil},
		user.RoleINSPECTOR:         {"inspectionGroupID", group != nil},
	}
	if n, ok := need[role]; ok && !n.set {
		return problem.Input(n.field, "a %s account needs %s", role, n.field)
	}
	return nil
}
