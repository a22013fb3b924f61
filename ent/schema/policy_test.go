package schema_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"mzdesk/ent"
	"mzdesk/ent/enterprise"
	"mzdesk/ent/orgunit"
	"mzdesk/ent/problem"
	"mzdesk/ent/user"
	"mzdesk/internal/apptest"
	"mzdesk/internal/auth"
	"mzdesk/internal/demo"
	"mzdesk/internal/viewer"
)

// viewerOf is the viewer the server would build for the account named username.
func viewerOf(t *testing.T, ctx context.Context, c *ent.Client, username string) *viewer.Viewer {
	t.Helper()
	v, err := auth.ViewerOf(ctx, c, c.User.Query().Where(user.Username(username)).OnlyX(ctx))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestWritesKeepToScope tries the writes no API operation offers yet but the policies
// must still bound: a county bureau's enterprise writes stay in its county, and each
// role changes only the fields of a problem that are its to change, tried field by field
// over every column of the Problem.
func TestWritesKeepToScope(t *testing.T) {
	for _, db := range apptest.Databases() {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			s := apptest.Start(t, db)
			sys := viewer.SystemContext(context.Background(), viewer.Seed)
			c := s.App.Client
			as := func(v *viewer.Viewer) context.Context { return viewer.NewContext(context.Background(), v) }
			unit := func(code string) *ent.OrgUnit { return c.OrgUnit.Query().Where(orgunit.Code(code)).OnlyX(sys) }

			// 武陵区's bureau, and 安乡县's enterprise beside one of its own.
			wl := unit(demo.WulingCode)
			wuling := &viewer.Viewer{UserID: -1, Role: viewer.Bureau, OrgUnitID: wl.ID, OrgPath: wl.Path}
			anxiang := c.Enterprise.Query().Where(enterprise.Name("安乡县通元铸造有限公司")).OnlyX(sys)
			own := c.Enterprise.Create().SetName("武陵区示例企业").SetOrgUnitID(wl.ID).SaveX(sys)
			for name, err := range map[string]error{
				"rename another county's":  c.Enterprise.UpdateOneID(anxiang.ID).SetName("改名").Exec(as(wuling)),
				"move its own out":         c.Enterprise.UpdateOneID(own.ID).SetOrgUnitID(anxiang.OrgUnitID).Exec(as(wuling)),
				"create in another county": c.Enterprise.Create().SetName("外县企业").SetOrgUnitID(anxiang.OrgUnitID).Exec(as(wuling)),
				"delete another county's":  c.Enterprise.DeleteOneID(anxiang.ID).Exec(as(wuling)),
			} {
				if err == nil {
					t.Errorf("武陵区's bureau could %s enterprise", name)
				}
			}
			for name, err := range map[string]error{
				"rename its own":     c.Enterprise.UpdateOneID(own.ID).SetName("武陵区示例企业（改）").Exec(as(wuling)),
				"create in its area": c.Enterprise.Create().SetName("武陵区新企业").SetOrgUnitID(wl.ID).Exec(as(wuling)),
			} {
				if err != nil {
					t.Errorf("武陵区's bureau cannot %s enterprise: %v", name, err)
				}
			}

			// Every column of a problem, changed to its own value, by each role that
			// works on problems: allowed exactly for the fields the role owns.
			insp := c.Inspection.Query().FirstX(sys)
			p := c.Problem.Create().SetInspectionID(insp.ID).SetInstitutionID(insp.InstitutionID).
				SetDescription("消毒记录不全").SetSeverity(problem.SeverityLOW).SetAssignee("院长").
				SetDeadline("2030-01-01").SetResolution("已整改").SetResolvedOn("2030-01-01").SaveX(sys)
			values := columnValues(p)
			owns := map[string][]string{
				viewer.Inspector:   {"description", "severity", "assignee", "deadline", "status", "resolution", "resolved_on"},
				viewer.Institution: {"status", "resolution", "resolved_on"},
				viewer.Bureau:      {"status", "resolution", "resolved_on"},
				viewer.Admin:       problem.Columns,
			}
			for role, name := range map[string]string{viewer.Inspector: "inspector", viewer.Institution: "institution",
				viewer.Bureau: "bureau", viewer.Admin: "admin"} {
				ctx := as(viewerOf(t, sys, c, name))
				for _, col := range problem.Columns {
					if col == problem.FieldID || col == problem.FieldUpdatedAt {
						continue
					}
					u := c.Problem.UpdateOneID(p.ID)
					if err := u.Mutation().SetField(col, values[col]); err != nil {
						t.Fatal(err)
					}
					err := u.Exec(ctx)
					if want := slices.Contains(owns[role], col); want != (err == nil) {
						t.Errorf("%s changing a problem's %s: %v, want allowed=%v", role, col, err, want)
					}
				}
			}
		})
	}
}

// columnValues maps each column of row (an ent entity) to its Go value, by the json
// names ent gives its fields, so that a mutation can set a column to what it holds.
func columnValues(row any) map[string]any {
	out := map[string]any{}
	rv := reflect.ValueOf(row).Elem()
	for i := range rv.NumField() {
		name, _, _ := strings.Cut(rv.Type().Field(i).Tag.Get("json"), ",")
		f := rv.Field(i)
		if f.Kind() == reflect.Pointer {
			if f.IsNil() {
				continue
			}
			f = f.Elem()
		}
		if name != "" && name != "-" && rv.Type().Field(i).IsExported() {
			out[name] = f.Interface()
		}
	}
	return out
}
