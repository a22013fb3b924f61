package app_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"mzdesk/ent"
	"mzdesk/ent/allocation"
	"mzdesk/ent/donor"
	"mzdesk/ent/inspectiongroup"
	"mzdesk/ent/institution"
	"mzdesk/ent/item"
	"mzdesk/ent/staff"
	"mzdesk/internal/quantity"

	"mzdesk/ent/orgunit"
	"mzdesk/ent/user"
	"mzdesk/graph"
	"mzdesk/internal/apptest"
	"mzdesk/internal/auth"
	"mzdesk/internal/demo"
	"mzdesk/internal/viewer"
)

// public is the matrix's name for a request without a token.
const public = "PUBLIC"

// fixture holds the ids the matrix's operations need, and makes fresh rows for the
// operations that use one up.
type fixture struct {
	s             *apptest.Server
	city, village int
	villageUser   int
	institution   int
	item, donor   int
	staff, county int
	run           int // makes usernames unique per role
}

// newFixture finds the demo rows the matrix's operations work on.
func newFixture(s *apptest.Server) *fixture {
	ctx := systemCtx()
	f := &fixture{s: s}
	f.institution = s.App.Client.Institution.Query().Where(institution.Name("三阳港镇敬老院")).OnlyIDX(ctx)
	f.item = s.App.Client.Item.Query().Where(item.Name("84消毒液")).OnlyIDX(ctx)
	f.donor = s.App.Client.Donor.Query().Where(donor.Name("常德市子琳医疗科技有限公司")).OnlyIDX(ctx)
	f.staff = s.App.Client.Staff.Query().Where(staff.Name("徐力")).OnlyIDX(ctx)
	f.county = s.App.Client.OrgUnit.Query().Where(orgunit.Code(demo.WulingCode)).OnlyIDX(ctx)
	f.city = s.App.Client.OrgUnit.Query().Where(orgunit.Code(demo.CityCode)).OnlyIDX(ctx)
	f.village = s.App.Client.OrgUnit.Query().Where(orgunit.Code(demo.ZhiheCode)).OnlyIDX(ctx)
	f.villageUser = s.App.Client.User.Query().Where(user.Username("village-430702002001")).OnlyIDX(ctx)
	return f
}

// line writes a donation of 100 kg of 84消毒液 and returns its line.
func (f *fixture) line() *ent.DonationLine {
	ctx := systemCtx()
	f.run++
	d := f.s.App.Client.Donation.Create().SetReceiptNo(fmt.Sprintf("M-%d", f.run)).SetDonorID(f.donor).
		SetDonatedOn(time.Now()).SaveX(ctx)
	return f.s.App.Client.DonationLine.Create().SetDonationID(d.ID).SetItemID(f.item).
		SetQuantity(100 * quantity.Scale).SetEnteredQuantity(100 * quantity.Scale).SetEnteredUnit(quantity.KG).SaveX(ctx)
}

// allocation writes a 10 kg allocation in status to the matrix's village, or to its
// institution for the INSTITUTION role.
func (f *fixture) allocation(role string, status allocation.Status) *ent.Allocation {
	c := f.s.App.Client.Allocation.Create().SetLineID(f.line().ID).SetQuantity(10 * quantity.Scale).SetStatus(status)
	if role == viewer.Institution {
		c.SetInstitutionID(f.institution)
	} else {
		c.SetVillageID(f.village)
	}
	return c.SaveX(systemCtx())
}

// problem raises a problem at the matrix's institution and returns its id.
func (f *fixture) problem() int {
	ctx := systemCtx()
	insp := f.s.App.Client.Inspection.Query().FirstX(ctx)
	return f.s.App.Client.Problem.Create().SetInspectionID(insp.ID).SetInstitutionID(f.institution).
		SetDescription("消毒记录不全").SetSeverity("LOW").SetAssignee("院长").SetDeadline("2030-01-01").SaveX(ctx).ID
}

// donationFor is a donation that reached role's scope.
func (f *fixture) donationFor(role string) int {
	a := f.allocation(role, allocation.StatusPLANNED)
	return f.s.App.Client.DonationLine.GetX(systemCtx(), a.LineID).DonationID
}

// operation is one row of the matrix: a document that exercises a query or mutation,
// and the roles allowed to run it. Every other role must get FORBIDDEN (the public
// UNAUTHENTICATED).
type operation struct {
	doc     string
	vars    func(f *fixture, role string) map[string]any
	allowed []string
}

var (
	everyone   = append([]string{public}, viewer.Roles...)
	loggedIn   = viewer.Roles
	recipients = []string{viewer.Admin, viewer.Bureau, viewer.CharityOffice, viewer.VillageCommittee, viewer.Institution}
	// watchers follow the institutions' epidemic control, each within its scope.
	watchers = []string{viewer.Admin, viewer.Bureau, viewer.Inspector, viewer.Institution}
)

func list(field string, allowed ...string) operation {
	return operation{doc: fmt.Sprintf(`{ %s(first: 5) { totalCount edges { node { id } } } }`, field), allowed: allowed}
}

// matrix has a row for every query and mutation of the schema; TestRoleMatrix fails on
// an operation without one, so a new operation cannot ship without deciding who may run it.
var matrix = map[string]operation{
	"node": {doc: `query($id: ID!) { node(id: $id) { id } }`, allowed: loggedIn,
		vars: func(f *fixture, _ string) map[string]any { return map[string]any{"id": f.city} }},
	"nodes": {doc: `query($id: ID!) { nodes(ids: [$id]) { id } }`, allowed: loggedIn,
		vars: func(f *fixture, _ string) map[string]any { return map[string]any{"id": f.city} }},
	"viewer":           {doc: `{ viewer { id username } }`, allowed: everyone},
	"orgUnits":         list("orgUnits", loggedIn...),
	"items":            list("items", loggedIn...),
	"users":            list("users", loggedIn...),
	"institutions":     list("institutions", viewer.Admin, viewer.Bureau, viewer.CharityOffice, viewer.Inspector, viewer.Institution),
	"inspectionGroups": list("inspectionGroups", viewer.Admin, viewer.Bureau, viewer.Inspector),
	"donors":           list("donors", viewer.Admin, viewer.Bureau, viewer.CharityOffice),
	"donations":        list("donations", recipients...),
	"allocations":      list("allocations", recipients...),
	"receipts":         list("receipts", recipients...),
	"enterprises":      list("enterprises", viewer.Admin, viewer.Bureau, viewer.CharityOffice),
	"staffs":           list("staffs", viewer.Admin, viewer.Bureau, viewer.CareOfficer),
	"careRecords":      list("careRecords", viewer.Admin, viewer.CareOfficer),
	"auditEvents":      list("auditEvents", viewer.Admin),

	"login":          {doc: `mutation { login(username: "charity", password: "demo-2020") { token } }`, allowed: everyone},
	"changePassword": {doc: `mutation { changePassword(oldPassword: "demo-2020", newPassword: "demo-2020") }`, allowed: loggedIn},
	"createUser": {
		doc: `mutation($name: String!, $unit: ID!) { createUser(password: "secret-2020",
			input: {username: $name, displayName: "测试", role: VILLAGE_COMMITTEE, orgUnitID: $unit}) { id } }`,
		vars: func(f *fixture, _ string) map[string]any {
			f.run++
			return map[string]any{"name": fmt.Sprintf("matrix-%d", f.run), "unit": f.village}
		},
		allowed: []string{viewer.Admin, viewer.Bureau},
	},
	"updateUser": {doc: `mutation($id: ID!) { updateUser(id: $id, input: {phone: "0736-0000000"}) { id } }`,
		vars:    func(f *fixture, _ string) map[string]any { return map[string]any{"id": f.villageUser} },
		allowed: []string{viewer.Admin, viewer.Bureau}},
	"verifyAuditChain": {doc: `{ verifyAuditChain { ok events } }`, allowed: []string{viewer.Admin}},
	"publicDonations":  {doc: `{ publicDonations { id donor } }`, allowed: everyone},
	"auditChainHeads":  {doc: `{ auditChainHeads { day events hash } }`, allowed: everyone},
	"donationTrail": {doc: `query($id: ID!) { donationTrail(id: $id) { id } }`, allowed: everyone,
		vars: func(f *fixture, _ string) map[string]any { return map[string]any{"id": f.line().DonationID} }},
	"publicDelivery": {doc: `query($id: ID!) { publicDelivery(id: $id) { id donor item } }`, allowed: everyone,
		vars: func(f *fixture, role string) map[string]any {
			return map[string]any{"id": f.allocation(role, allocation.StatusDISPATCHED).ID}
		}},
	"donationProgress": {doc: `query($id: ID!) { donationProgress(id: $id) { recipients } }`,
		allowed: recipients,
		vars:    func(f *fixture, role string) map[string]any { return map[string]any{"id": f.donationFor(role)} }},
	"waiting": {doc: `query($id: ID!) { waiting(donationID: $id) { state since phone } }`,
		allowed: []string{viewer.Admin, viewer.CharityOffice},
		vars:    func(f *fixture, role string) map[string]any { return map[string]any{"id": f.donationFor(role)} }},
	"openLines": {doc: `query($item: ID!) { openLines(itemID: $item) { available } }`,
		allowed: []string{viewer.Admin, viewer.CharityOffice},
		vars:    func(f *fixture, _ string) map[string]any { return map[string]any{"item": f.item} }},
	"donationOverview": {doc: `{ donationOverview { openDisputes items { allocated } } }`,
		allowed: []string{viewer.Admin, viewer.Bureau, viewer.CharityOffice}},
	"previewAllocation": {doc: `query($line: ID!, $v: ID!) { previewAllocation(input: {lineID: $line, method: EVEN,
			recipients: {villageIDs: [$v]}}) { total } }`,
		allowed: []string{viewer.Admin, viewer.CharityOffice},
		vars:    func(f *fixture, _ string) map[string]any { return map[string]any{"line": f.line().ID, "v": f.village} }},
	"createDonation": {doc: `mutation($donor: ID!, $item: ID!) { createDonation(input: {donorID: $donor,
			donatedOn: "2020-02-10T00:00:00Z", lines: [{itemID: $item, quantity: "2", unit: PACK}]}) { id } }`,
		allowed: []string{viewer.Admin, viewer.CharityOffice},
		vars:    func(f *fixture, _ string) map[string]any { return map[string]any{"donor": f.donor, "item": f.item} }},
	"allocateDonation": {doc: `mutation($line: ID!, $v: ID!) { allocateDonation(input: {lineID: $line, method: EVEN,
			recipients: {villageIDs: [$v]}}) { leftover } }`,
		allowed: []string{viewer.Admin, viewer.CharityOffice},
		vars:    func(f *fixture, _ string) map[string]any { return map[string]any{"line": f.line().ID, "v": f.village} }},
	"updateAllocation": {doc: `mutation($id: ID!) { updateAllocation(id: $id, quantity: "5") { id } }`,
		allowed: []string{viewer.Admin, viewer.CharityOffice},
		vars: func(f *fixture, role string) map[string]any {
			return map[string]any{"id": f.allocation(role, allocation.StatusPLANNED).ID}
		}},
	"cancelAllocation": {doc: `mutation($id: ID!) { cancelAllocation(id: $id) { id } }`,
		allowed: []string{viewer.Admin, viewer.CharityOffice},
		vars: func(f *fixture, role string) map[string]any {
			return map[string]any{"id": f.allocation(role, allocation.StatusPLANNED).ID}
		}},
	"dispatchAllocations": {doc: `mutation($id: ID!) { dispatchAllocations(ids: [$id]) { id } }`,
		allowed: []string{viewer.Admin, viewer.CharityOffice},
		vars: func(f *fixture, role string) map[string]any {
			return map[string]any{"id": f.allocation(role, allocation.StatusPLANNED).ID}
		}},
	"confirmReceipt": {doc: `mutation($id: ID!, $key: String!) { confirmReceipt(input: {allocationID: $id, idempotencyKey: $key}) { id } }`,
		allowed: []string{viewer.VillageCommittee, viewer.Institution},
		vars: func(f *fixture, role string) map[string]any {
			return map[string]any{"id": f.allocation(role, allocation.StatusDISPATCHED).ID, "key": fmt.Sprintf("matrix-key-%d", f.run)}
		}},
	"disputes": list("disputes", recipients...),
	"resolveDispute": {doc: `mutation($id: ID!) { resolveDispute(input: {disputeID: $id, resolution: "补发"}) { status } }`,
		allowed: []string{viewer.Admin, viewer.CharityOffice},
		vars: func(f *fixture, role string) map[string]any {
			a := f.allocation(role, allocation.StatusDISPUTED)
			d := f.s.App.Client.Dispute.Create().SetAllocationID(a.ID).SetReason("短少").SaveX(systemCtx())
			return map[string]any{"id": d.ID}
		}},
	"controlReports":            list("controlReports", watchers...),
	"inspections":               list("inspections", watchers...),
	"problems":                  list("problems", watchers...),
	"overdueProblems":           {doc: `{ overdueProblems { id } }`, allowed: watchers},
	"institutionsWithoutReport": {doc: `{ institutionsWithoutReport { id } }`, allowed: []string{viewer.Admin, viewer.Bureau, viewer.Inspector}},
	"controlDashboard":          {doc: `{ controlDashboard { institutions } }`, allowed: []string{viewer.Admin, viewer.Bureau, viewer.Inspector}},
	"fileControlReport": {doc: `mutation($inst: ID) { fileControlReport(input: {institutionID: $inst, fullDisinfections: 2,
			roomDisinfections: 1, publicDisinfections: 1, temperatureChecks: 2, abnormalTemperatures: 0}) { compliant } }`,
		allowed: []string{viewer.Admin, viewer.Institution},
		vars: func(f *fixture, role string) map[string]any {
			if role == viewer.Admin {
				return map[string]any{"inst": f.institution}
			}
			return nil
		}},
	"recordInspection": {doc: `mutation($inst: ID!) { recordInspection(input: {institutionID: $inst, disinfectionsPerDay: 2,
			temperatureChecksPerDay: 2, suppliesPurchasingOk: true, visitsSuspended: true, safetyLine: true,
			returneeIsolationOk: true}) { id } }`,
		allowed: []string{viewer.Inspector},
		vars:    func(f *fixture, _ string) map[string]any { return map[string]any{"inst": f.institution} }},
	"updateProblem": {doc: `mutation($id: ID!) { updateProblem(id: $id, status: IN_PROGRESS) { status } }`,
		allowed: watchers,
		vars:    func(f *fixture, _ string) map[string]any { return map[string]any{"id": f.problem()} }},
	"createInstitution": {doc: `mutation($unit: ID!) { createInstitution(input: {name: "示例敬老院", kind: ELDERLY_CARE, orgUnitID: $unit}) { id } }`,
		allowed: []string{viewer.Admin, viewer.Bureau},
		vars:    func(f *fixture, _ string) map[string]any { return map[string]any{"unit": f.village} }},
	"updateInstitution": {doc: `mutation($id: ID!) { updateInstitution(id: $id, input: {visitsSuspended: true}) { id } }`,
		allowed: []string{viewer.Admin, viewer.Bureau},
		vars:    func(f *fixture, _ string) map[string]any { return map[string]any{"id": f.institution} }},
	"carePlans":     list("carePlans", viewer.Admin, viewer.CareOfficer),
	"dutyShifts":    list("dutyShifts", viewer.Admin, viewer.Bureau),
	"careFollowUps": {doc: `{ careFollowUps { due } }`, allowed: []string{viewer.Admin, viewer.CareOfficer}},
	"careSummaries": {doc: `{ careSummaries { records } }`, allowed: []string{viewer.Admin, viewer.Bureau, viewer.CareOfficer}},
	"dutyRoster":    {doc: `{ dutyRoster(day: "2020-03-17") { id } }`, allowed: []string{viewer.Admin, viewer.Bureau}},
	"dutyCounts":    {doc: `{ dutyCounts(day: "2020-03-17") { cadres } }`, allowed: []string{viewer.Admin, viewer.Bureau}},
	"createCareRecord": {doc: `mutation($s: ID!) { createCareRecord(input: {staffID: $s, date: "2020-03-10T00:00:00Z", kind: VISIT}) { id } }`,
		allowed: []string{viewer.Admin, viewer.CareOfficer},
		vars:    func(f *fixture, _ string) map[string]any { return map[string]any{"s": f.staff} }},
	"setCarePlan": {doc: `mutation($s: ID!) { setCarePlan(staffID: $s, intervalDays: 7) { id } }`,
		allowed: []string{viewer.Admin, viewer.CareOfficer},
		vars:    func(f *fixture, _ string) map[string]any { return map[string]any{"s": f.staff} }},
	"scheduleDuty": {doc: `mutation($s: ID!, $v: ID!, $day: String!) { scheduleDuty(input: {staffID: $s, communityID: $v,
			day: $day, starts: "08:00", ends: "09:00", task: PATROL}) { id } }`,
		allowed: []string{viewer.Admin, viewer.Bureau},
		vars: func(f *fixture, _ string) map[string]any {
			f.run++
			return map[string]any{"s": f.staff, "v": f.village, "day": fmt.Sprintf("2020-01-%02d", f.run%28+1)}
		}},
	"createStaff": {doc: `mutation($u: ID!) { createStaff(input: {name: "示例干部", orgUnitID: $u}) { id } }`,
		allowed: []string{viewer.Admin},
		vars:    func(f *fixture, _ string) map[string]any { return map[string]any{"u": f.city} }},
	"updateStaff": {doc: `mutation($s: ID!) { updateStaff(id: $s, input: {frontline: true}) { id } }`,
		allowed: []string{viewer.Admin},
		vars:    func(f *fixture, _ string) map[string]any { return map[string]any{"s": f.staff} }},
	"reliefPayments":   list("reliefPayments", viewer.Admin, viewer.Bureau),
	"travellerAids":    list("travellerAids", viewer.Admin, viewer.Bureau),
	"careAssignments":  list("careAssignments", viewer.Admin, viewer.Bureau, viewer.VillageCommittee),
	"checkIns":         list("checkIns", viewer.Admin, viewer.Bureau, viewer.VillageCommittee),
	"enterpriseVisits": list("enterpriseVisits", viewer.Admin, viewer.Bureau),
	"reliefTotals":     {doc: `{ reliefTotals(groupBy: [PROGRAMME]) { amountFen } }`, allowed: []string{viewer.Admin, viewer.Bureau}},
	"overdueCareCases": {doc: `{ overdueCareCases { daysOverdue } }`, allowed: []string{viewer.Admin, viewer.Bureau, viewer.VillageCommittee}},
	"recordTravellerAid": {doc: `mutation($c: ID!) { recordTravellerAid(input: {countyID: $c, day: "2020-02-01", travellers: 3,
			fromHubei: 2, help: ["LODGING", "MEALS"]}) { id } }`,
		allowed: []string{viewer.Admin, viewer.Bureau},
		vars:    func(f *fixture, _ string) map[string]any { return map[string]any{"c": f.county} }},
	"openCareCase": {doc: `mutation($v: ID!) { openCareCase(input: {person: "示例", ageGroup: ELDER, villageID: $v,
			reason: FAMILY_ILL, carer: "网格员"}) { id } }`,
		allowed: []string{viewer.Admin, viewer.Bureau, viewer.VillageCommittee},
		vars:    func(f *fixture, _ string) map[string]any { return map[string]any{"v": f.village} }},
	"checkInCareCase": {doc: `mutation($id: ID!) { checkInCareCase(caseID: $id, note: "已探视") { id } }`,
		allowed: []string{viewer.Admin, viewer.Bureau, viewer.VillageCommittee},
		vars: func(f *fixture, _ string) map[string]any {
			return map[string]any{"id": f.s.App.Client.CareAssignment.Query().FirstIDX(systemCtx())}
		}},
	"recordEnterpriseVisit": {doc: `mutation($e: ID!) { recordEnterpriseVisit(input: {enterpriseID: $e, day: "2020-03-01",
			actions: ["TEMPERATURE"]}) { id } }`,
		allowed: []string{viewer.Admin, viewer.Bureau},
		vars: func(f *fixture, _ string) map[string]any {
			return map[string]any{"e": f.s.App.Client.Enterprise.Query().FirstIDX(systemCtx())}
		}},
	"resetPassword": {doc: `mutation($id: ID!) { resetPassword(id: $id, password: "demo-2020") }`,
		vars:    func(f *fixture, _ string) map[string]any { return map[string]any{"id": f.villageUser} },
		allowed: []string{viewer.Admin, viewer.Bureau}},
	"mySessions": {doc: `{ mySessions { id current } }`, allowed: loggedIn},
	"userSessions": {doc: `query($id: ID!) { userSessions(userID: $id) { id } }`,
		vars:    func(f *fixture, _ string) map[string]any { return map[string]any{"id": f.villageUser} },
		allowed: []string{viewer.Admin, viewer.Bureau}},
	// Each role ends a session of its own account other than the one it asks with.
	"endSession": {doc: `mutation($id: ID!) { endSession(id: $id) }`, allowed: loggedIn,
		vars: func(f *fixture, role string) map[string]any {
			ctx := systemCtx()
			owner := f.villageUser
			if name, ok := demoAccount[role]; ok {
				owner = f.s.App.Client.User.Query().Where(user.Username(name)).OnlyIDX(ctx)
			}
			s := f.s.App.Client.Session.Create().SetUserID(owner).SetExpiresAt(time.Now().Add(time.Hour)).SaveX(ctx)
			return map[string]any{"id": s.ID}
		}},
	// Each call finds one open session of the village account to end.
	"signOutEverywhere": {doc: `mutation($id: ID) { signOutEverywhere(userID: $id) }`,
		vars: func(f *fixture, _ string) map[string]any {
			f.s.App.Client.Session.Create().SetUserID(f.villageUser).SetExpiresAt(time.Now().Add(time.Hour)).ExecX(systemCtx())
			return map[string]any{"id": f.villageUser}
		},
		allowed: []string{viewer.Admin, viewer.Bureau}},
}

// demoAccount is the demo username of each role.
var demoAccount = map[string]string{
	viewer.Admin: "admin", viewer.Bureau: "bureau", viewer.CharityOffice: "charity",
	viewer.VillageCommittee: "village-" + demo.ZhiheCode, viewer.Inspector: "inspector",
	viewer.Institution: "institution", viewer.CareOfficer: "care",
}

// TestRoleMatrix runs every operation of the schema as every role and the public.
func TestRoleMatrix(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	var ops []string
	for _, typ := range []string{"Query", "Mutation"} {
		for _, f := range schema.Types[typ].Fields {
			if !strings.HasPrefix(f.Name, "__") {
				ops = append(ops, f.Name)
			}
		}
	}
	for _, op := range ops {
		if _, ok := matrix[op]; !ok {
			t.Errorf("operation %q has no row in the role matrix: decide who may run it", op)
		}
	}
	for op := range matrix {
		if !slices.Contains(ops, op) {
			t.Errorf("the matrix has a row for %q, which the schema no longer has", op)
		}
	}

	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			f := newFixture(s)
			clients := map[string]*apptest.Client{public: s.Public(t)}
			for role, name := range demoAccount {
				clients[role] = s.As(t, name)
			}
			for _, op := range ops {
				row := matrix[op]
				for _, role := range everyone {
					var vars map[string]any
					if row.vars != nil {
						vars = row.vars(f, role)
					}
					r := clients[role].Do(row.doc, vars)
					want := "allowed"
					if !slices.Contains(row.allowed, role) {
						want = graph.CodeForbidden
						if role == public {
							want = graph.CodeUnauthenticated
						}
					}
					got := "allowed"
					if c := r.Code(); c == graph.CodeForbidden || c == graph.CodeUnauthenticated {
						got = c
					} else if c != "" {
						got = "error " + c + ": " + r.Errors[0].Message
					}
					if got != want {
						t.Errorf("%s as %s: %s, want %s", op, role, got, want)
					}
				}
			}
		})
	}
}

// TestBureauGrantsOnlyItsScope has 武陵区's bureau create and change accounts with each
// scope field of the account inputs (read from the schema) pointing inside and outside
// its district, and clear each clearable field; and an administrator clear an org unit.
func TestBureauGrantsOnlyItsScope(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			ctx := systemCtx()
			c := s.App.Client
			unit := func(code string) int { return c.OrgUnit.Query().Where(orgunit.Code(code)).OnlyIDX(ctx) }
			inst := func(name string) int { return c.Institution.Query().Where(institution.Name(name)).OnlyIDX(ctx) }
			group := func(name string) int { return c.InspectionGroup.Query().Where(inspectiongroup.Name(name)).OnlyIDX(ctx) }
			wuling, village := unit(demo.WulingCode), unit("430702001003")
			// A group that covers a street of 武陵区 and, beyond it, a town of 桃源县.
			straddling := c.InspectionGroup.Create().SetName("跨区督导组").SetLeader("示例").
				AddCoverIDs(unit("430702001"), unit("430725101")).SaveX(ctx).ID
			admin := s.As(t, "admin")
			admin.MustDo(`mutation($u: ID!) { createUser(password: "demo-2020", input: {username: "wuling-bureau",
				displayName: "武陵区民政局", role: BUREAU, orgUnitID: $u}) { id } }`, map[string]any{"u": wuling}, nil)
			bureau := s.As(t, "wuling-bureau")

			// What each scope field grants, and values inside and outside 武陵区.
			scopes := map[string]struct {
				role            string
				inside, outside []int
			}{
				"orgUnitID":         {"VILLAGE_COMMITTEE", []int{village}, []int{unit("430725101"), wuling}},
				"institutionID":     {"INSTITUTION", []int{inst("示例养老院（武陵区）")}, []int{inst("三阳港镇敬老院"), inst("常德市康复医院")}},
				"inspectionGroupID": {"INSPECTOR", []int{group("第二督导组")}, []int{group("第一督导组"), straddling}},
			}
			n := 0
			account := func(role user.Role) int { // a fresh account in 武陵区 for each change
				n++
				u := c.User.Create().SetUsername(fmt.Sprintf("wl-%d", n)).SetDisplayName("测试").SetRole(role).
					SetPasswordHash("x").SetOrgUnitID(village)
				switch role {
				case user.RoleINSTITUTION:
					u.SetInstitutionID(inst("示例养老院（武陵区）"))
				case user.RoleINSPECTOR:
					u.SetInspectionGroupID(group("第二督导组"))
				}
				return u.SaveX(ctx).ID
			}
			for _, f := range schema.Types["CreateUserInput"].Fields {
				if !strings.HasSuffix(f.Name, "ID") {
					continue
				}
				sc, ok := scopes[f.Name]
				if !ok {
					t.Errorf("account scope field %s has no row here: say what it grants", f.Name)
					continue
				}
				for _, value := range append(sc.inside, sc.outside...) {
					want := ""
					if slices.Contains(sc.outside, value) {
						want = graph.CodeForbidden
					}
					n++
					input := map[string]any{"username": fmt.Sprintf("wl-new-%d", n), "displayName": "测试", "role": sc.role,
						"orgUnitID": village, f.Name: value}
					r := bureau.Do(`mutation($in: CreateUserInput!) { createUser(password: "demo-2020", input: $in) { id } }`,
						map[string]any{"in": input})
					if r.Code() != want {
						t.Errorf("create a %s account with %s %d: %q %+v, want %q", sc.role, f.Name, value, r.Code(), r.Errors, want)
					}
					r = bureau.Do(`mutation($id: ID!, $in: UpdateUserInput!) { updateUser(id: $id, input: $in) { id } }`,
						map[string]any{"id": account(user.RoleVILLAGE_COMMITTEE), "in": map[string]any{"role": sc.role, f.Name: value}})
					if r.Code() != want {
						t.Errorf("give an account %s %d: %q %+v, want %q", f.Name, value, r.Code(), r.Errors, want)
					}
				}
			}

			// Every clear the update input offers, on an account that has the field.
			clears := map[string]struct {
				role user.Role
				want string
			}{
				"clearPhone":           {user.RoleVILLAGE_COMMITTEE, ""},
				"clearOrgUnit":         {user.RoleVILLAGE_COMMITTEE, graph.CodeForbidden},
				"clearInstitution":     {user.RoleINSTITUTION, graph.CodeBadUserInput},
				"clearInspectionGroup": {user.RoleINSPECTOR, graph.CodeBadUserInput},
			}
			for _, f := range schema.Types["UpdateUserInput"].Fields {
				if !strings.HasPrefix(f.Name, "clear") {
					continue
				}
				cl, ok := clears[f.Name]
				if !ok {
					t.Errorf("%s has no row here: say who may clear it", f.Name)
					continue
				}
				for who, cli := range map[string]*apptest.Client{"the bureau": bureau, "an administrator": admin} {
					r := cli.Do(`mutation($id: ID!, $in: UpdateUserInput!) { updateUser(id: $id, input: $in) { id } }`,
						map[string]any{"id": account(cl.role), "in": map[string]any{f.Name: true}})
					if r.Code() != cl.want {
						t.Errorf("%s %s of a %s account: %q %+v, want %q", who, f.Name, cl.role, r.Code(), r.Errors, cl.want)
					}
				}
			}
		})
	}
}

// TestBureauWithoutUnitSeesNothing logs in a BUREAU account whose org unit is missing
// and runs every query the matrix lets the bureau run: none answers a row or a count
// beyond the open map, the catalogue and the account itself.
func TestBureauWithoutUnitSeesNothing(t *testing.T) {
	s := apptest.Start(t, apptest.Databases()[len(apptest.Databases())-1])
	ctx := systemCtx()
	hash, err := auth.HashPassword(apptest.Password)
	if err != nil {
		t.Fatal(err)
	}
	s.App.Client.User.Create().SetUsername("unplaced-bureau").SetDisplayName("测试").SetRole(user.RoleBUREAU).
		SetPasswordHash(hash).ExecX(ctx)
	c := s.As(t, "unplaced-bureau")
	open := []string{"node", "nodes", "viewer", "orgUnits", "items", "publicDonations", "donationTrail", "publicDelivery", "auditChainHeads"}
	for op, row := range matrix {
		if !slices.Contains(row.allowed, viewer.Bureau) || strings.HasPrefix(strings.TrimSpace(row.doc), "mutation") ||
			slices.Contains(open, op) || row.vars != nil {
			continue
		}
		r := c.Do(row.doc, nil)
		if code := r.Code(); code != "" {
			if code != graph.CodeForbidden && code != "NOT_FOUND" {
				t.Errorf("%s: %s %+v", op, code, r.Errors)
			}
			continue
		}
		var answer any
		if err := json.Unmarshal(r.Data, &answer); err != nil {
			t.Fatal(err)
		}
		if op == "users" || op == "mySessions" { // its own account and sessions
			answer.(map[string]any)[op] = nil
		}
		if seen := anything(answer); seen != "" {
			t.Errorf("%s as a bureau without a unit: %s in %s", op, seen, r.Data)
		}
	}
}

// anything names the first row or non-zero number in a JSON answer, or is empty.
func anything(v any) string {
	switch x := v.(type) {
	case map[string]any:
		if id, ok := x["id"]; ok {
			return fmt.Sprintf("row %v", id)
		}
		for _, e := range x {
			if s := anything(e); s != "" {
				return s
			}
		}
	case []any:
		for _, e := range x {
			if s := anything(e); s != "" {
				return s
			}
		}
	case float64:
		if x != 0 {
			return fmt.Sprint(x)
		}
	}
	return ""
}
