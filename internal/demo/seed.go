package demo

import (
	"context"
	"fmt"
	"time"

	"mzdesk/ent"
	"mzdesk/ent/allocation"
	"mzdesk/ent/careassignment"
	"mzdesk/ent/carerecord"
	"mzdesk/ent/donor"
	"mzdesk/ent/dutyshift"
	"mzdesk/ent/enterprise"
	"mzdesk/ent/institution"
	"mzdesk/ent/orgunit"
	"mzdesk/ent/user"
	"mzdesk/internal/chinatime"
	"mzdesk/internal/database"
	"mzdesk/internal/quantity"
	"mzdesk/internal/relief"
)

type seeder struct {
	tx       *ent.Client
	hash     string
	accounts []string
	units    map[string]*ent.OrgUnit // by code
}

var reportDay = time.Date(2020, 3, 17, 0, 0, 0, 0, chinatime.Zone)

func (s *seeder) load(ctx context.Context) error {
	for _, step := range []func(context.Context) error{
		s.orgUnits, s.catalogue, s.people, s.accountsPerRole, s.control, s.care, s.relief, s.enterprise,
	} {
		if err := step(ctx); err != nil {
			return err
		}
	}
	return nil
}

func (s *seeder) unit(ctx context.Context, parent *ent.OrgUnit, code, name string, level orgunit.Level, example bool) (*ent.OrgUnit, error) {
	path := code + "/"
	c := s.tx.OrgUnit.Create().SetCode(code).SetName(name).SetLevel(level).SetExample(example)
	if parent != nil {
		path = parent.Path + path
		c.SetParentID(parent.ID)
	}
	u, err := c.SetPath(path).Save(ctx)
	if err == nil {
		s.units[code] = u
	}
	return u, err
}

// orgUnits writes the city, the nine counties, 武陵区's 128 villages and communities
// under eight example streets (芷荷社区 among them, under the first), and 桃源县's
// 三阳港镇, home of the elderly-care home the bureau chief inspected.
func (s *seeder) orgUnits(ctx context.Context) error {
	s.units = map[string]*ent.OrgUnit{}
	city, err := s.unit(ctx, nil, CityCode, "常德市", orgunit.LevelCITY, false)
	if err != nil {
		return err
	}
	for _, c := range Counties {
		if _, err := s.unit(ctx, city, c.Code, c.Name, orgunit.LevelCOUNTY, false); err != nil {
			return err
		}
	}
	const streets, perStreet = 8, Villages / 8
	var bulk []*ent.OrgUnitCreate
	for t := 1; t <= streets; t++ {
		street, err := s.unit(ctx, s.units[WulingCode], fmt.Sprintf("%s%03d", WulingCode, t),
			fmt.Sprintf("示例街道%d（武陵区）", t), orgunit.LevelTOWN, true)
		if err != nil {
			return err
		}
		for v := 1; v <= perStreet; v++ {
			code := fmt.Sprintf("%s%03d", street.Code, v)
			name, example := fmt.Sprintf("示例社区%03d", (t-1)*perStreet+v), true
			if code == ZhiheCode {
				name, example = "芷荷社区", false
			}
			pop := population(t*100 + v)
			bulk = append(bulk, s.tx.OrgUnit.Create().SetCode(code).SetName(name).
				SetLevel(orgunit.LevelVILLAGE).SetExample(example).SetParentID(street.ID).
				SetPath(street.Path+code+"/").SetPopulation(pop).SetHouseholds(pop/3))
		}
	}
	villages, err := database.CreateAll(ctx, s.tx.SQLDialect, s.tx.OrgUnit.CreateBulk, bulk)
	for _, v := range villages {
		s.units[v.Code] = v
	}
	if err != nil {
		return err
	}
	_, err = s.unit(ctx, s.units["430725"], "430725101", "三阳港镇", orgunit.LevelTOWN, false)
	return err
}

// population invents a village population between 1,200 and 5,999 that is the same on
// every load, so weighted splits are repeatable.
func population(seed int) int { return 1200 + (seed*7919)%4800 }

// catalogue writes the goods the report names; a barrel (桶) of 84消毒液 holds 25 kg
// (120 barrels = 3 t).
func (s *seeder) catalogue(ctx context.Context) error {
	kg := func(n int64) quantity.Quantity { return quantity.Quantity(n * quantity.Scale) }
	items := []*ent.ItemCreate{
		s.tx.Item.Create().SetName("84消毒液").SetBaseUnit(quantity.KG).SetPackName("桶").SetPackSize(kg(25)),
		s.tx.Item.Create().SetName("艾条").SetBaseUnit(quantity.STICK),
		s.tx.Item.Create().SetName("抗菌液").SetBaseUnit(quantity.BOTTLE),
		s.tx.Item.Create().SetName("口罩").SetBaseUnit(quantity.PIECE).SetPackName("箱").SetPackSize(kg(500)),
		s.tx.Item.Create().SetName("测温枪").SetBaseUnit(quantity.PIECE),
	}
	if _, err := database.CreateAll(ctx, s.tx.SQLDialect, s.tx.Item.CreateBulk, items); err != nil {
		return err
	}
	_, err := s.tx.Donor.Create().SetName("常德市子琳医疗科技有限公司").SetKind(donor.KindENTERPRISE).Save(ctx)
	return err
}

// people writes the institutions, the six inspection groups, the enterprise with its
// liaison officer, and the staff the report names.
func (s *seeder) people(ctx context.Context) error {
	closed := time.Date(2020, 1, 27, 0, 0, 0, 0, reportDay.Location())
	inst := func(name string, kind institution.Kind, unit string, example bool) *ent.InstitutionCreate {
		return s.tx.Institution.Create().SetName(name).SetKind(kind).SetOrgUnitID(s.units[unit].ID).
			SetExample(example).SetClosedSince(closed).SetVisitsSuspended(true).SetSafetyLine(true)
	}
	_, err := database.CreateAll(ctx, s.tx.SQLDialect, s.tx.Institution.CreateBulk, []*ent.InstitutionCreate{
		inst("三阳港镇敬老院", institution.KindELDERLY_CARE, "430725101", false).SetCapacity(60).SetResidents(42).SetStaffCount(8),
		inst("桃源县救助管理站", institution.KindRELIEF_STATION, "430725", false).SetCapacity(30).SetResidents(6).SetStaffCount(5),
		inst("常德市康复医院", institution.KindREHABILITATION, CityCode, false).SetCapacity(200).SetResidents(120).SetStaffCount(90),
		inst("示例儿童福利院（常德市）", institution.KindCHILD_WELFARE, CityCode, true).SetCapacity(80).SetResidents(51).SetStaffCount(30),
		inst("示例殡仪馆（武陵区）", institution.KindFUNERAL, WulingCode, true).SetStaffCount(25),
		inst("示例精神卫生福利院（鼎城区）", institution.KindMENTAL_HEALTH, "430703", true).SetCapacity(150).SetResidents(98).SetStaffCount(40),
		inst("示例养老院（武陵区）", institution.KindELDERLY_CARE, WulingCode, true).SetCapacity(120).SetResidents(87).SetStaffCount(20),
	})
	if err != nil {
		return err
	}
	// Six groups led by bureau leaders cover the nine county-level units; the first,
	// led by the bureau chief, covers 桃源县 where she inspected 三阳港镇敬老院.
	cover := [][]string{{"430725", "430781"}, {"430702"}, {"430703"}, {"430721", "430722"}, {"430723", "430724"}, {"430726"}}
	leaders := []string{"龚美爱", "示例局领导二", "示例局领导三", "示例局领导四", "示例局领导五", "示例局领导六"}
	for i, codes := range cover {
		var members []string
		for m := 1; m <= 17; m++ { // six groups of 17: the report's "百余名督导员"
			members = append(members, fmt.Sprintf("示例督导员%d-%02d", i+1, m))
		}
		g := s.tx.InspectionGroup.Create().SetName(fmt.Sprintf("第%s督导组", "一二三四五六"[i*3:i*3+3])).
			SetLeader(leaders[i]).SetExample(i > 0).SetMemberNames(members)
		for _, c := range codes {
			g.AddCoverIDs(s.units[c].ID)
		}
		if _, err := g.Save(ctx); err != nil {
			return err
		}
	}
	staff := []*ent.StaffCreate{
		s.tx.Staff.Create().SetName("徐力").SetOrgUnitID(s.units[CityCode].ID).SetPosition("党员志愿者").
			SetCommunityDuty(true).SetFrontline(true).SetRetiringSoon(true),
		s.tx.Staff.Create().SetName("顾付明").SetOrgUnitID(s.units[CityCode].ID).SetPosition("党员志愿者").
			SetCommunityDuty(true).SetFrontline(true),
		s.tx.Staff.Create().SetName("王磊").SetOrgUnitID(s.units[CityCode].ID).SetPosition("党员志愿者").
			SetCommunityDuty(true).SetFrontline(true),
		s.tx.Staff.Create().SetName("示例援鄂队员甲").SetOrgUnitID(s.units[CityCode].ID).SetExample(true).
			SetSentToHubei(true).SetFrontline(true),
		s.tx.Staff.Create().SetName("示例联络员（安乡县民政局）").SetOrgUnitID(s.units["430721"].ID).SetExample(true).
			SetPosition("防疫联络员").SetFrontline(true),
	}
	people, err := database.CreateAll(ctx, s.tx.SQLDialect, s.tx.Staff.CreateBulk, staff)
	if err != nil {
		return err
	}
	_, err = s.tx.Enterprise.Create().SetName("安乡县通元铸造有限公司").SetOrgUnitID(s.units["430721"].ID).
		SetLiaisonID(people[len(people)-1].ID).Save(ctx)
	return err
}

// accountsPerRole writes the demo accounts DESIGN.md names: one per role, and one
// village committee account per village (village-<code>).
func (s *seeder) accountsPerRole(ctx context.Context) error {
	sanyang, err := s.tx.Institution.Query().Where(institution.Name("三阳港镇敬老院")).Only(ctx)
	if err != nil {
		return err
	}
	group, err := s.tx.InspectionGroup.Query().Order(ent.Asc("id")).First(ctx)
	if err != nil {
		return err
	}
	acct := func(name, display string, role user.Role) *ent.UserCreate {
		s.accounts = append(s.accounts, name)
		return s.tx.User.Create().SetUsername(name).SetDisplayName(display).SetRole(role).
			SetPasswordHash(s.hash).SetDemo(true)
	}
	city := s.units[CityCode].ID
	bulk := []*ent.UserCreate{
		acct("admin", "系统管理员（示例）", user.RoleADMIN),
		acct("bureau", "市民政局（示例）", user.RoleBUREAU).SetOrgUnitID(city),
		acct("charity", "市民政局慈善办（示例）", user.RoleCHARITY_OFFICE),
		acct("inspector", "第一督导组督导员（示例）", user.RoleINSPECTOR).SetInspectionGroupID(group.ID),
		acct("institution", "三阳港镇敬老院（示例）", user.RoleINSTITUTION).SetInstitutionID(sanyang.ID),
		acct("care", "机关党委关爱专员（示例）", user.RoleCARE_OFFICER),
	}
	villages, err := s.tx.OrgUnit.Query().Where(orgunit.LevelEQ(orgunit.LevelVILLAGE)).Order(ent.Asc(orgunit.FieldCode)).All(ctx)
	if err != nil {
		return err
	}
	// Each committee's account carries the committee's duty phone (invented, like the
	// example villages: 0736 is Changde's area code), the number the charity office's
	// chase list dials.
	for i, v := range villages {
		bulk = append(bulk, acct("village-"+v.Code, v.Name+"村(居)委会", user.RoleVILLAGE_COMMITTEE).
			SetOrgUnitID(v.ID).SetPhone(fmt.Sprintf("0736-72%05d", i+1)))
	}
	_, err = database.CreateAll(ctx, s.tx.SQLDialect, s.tx.User.CreateBulk, bulk)
	return err
}

// control writes yesterday's daily report of every institution, so that today's form
// has something to start from, and the bureau chief's unannounced visit to 三阳港镇敬老院
// that the report describes.
func (s *seeder) control(ctx context.Context) error {
	insts, err := s.tx.Institution.Query().All(ctx)
	if err != nil {
		return err
	}
	admin, err := s.tx.User.Query().Where(user.Username("admin")).Only(ctx)
	if err != nil {
		return err
	}
	yesterday := time.Now().In(reportDay.Location()).AddDate(0, 0, -1).Format(time.DateOnly)
	var reports []*ent.ControlReportCreate
	for _, i := range insts {
		reports = append(reports, s.tx.ControlReport.Create().SetInstitutionID(i.ID).SetDay(yesterday).
			SetFullDisinfections(2).SetRoomDisinfections(1).SetPublicDisinfections(1).
			SetTemperatureChecks(2).SetAbnormalTemperatures(0).SetMasksInStock(200).
			SetDisinfectantInStock(50*quantity.Scale).SetThermometers(4).SetCompliant(true).SetFiledByID(admin.ID))
	}
	if _, err := database.CreateAll(ctx, s.tx.SQLDialect, s.tx.ControlReport.CreateBulk, reports); err != nil {
		return err
	}
	var sanyang *ent.Institution
	for _, i := range insts {
		if i.Name == "三阳港镇敬老院" {
			sanyang = i
		}
	}
	group, err := s.tx.InspectionGroup.Query().Order(ent.Asc("id")).First(ctx)
	if err != nil {
		return err
	}
	return s.tx.Inspection.Create().SetInstitutionID(sanyang.ID).SetGroupID(group.ID).SetInspectorID(admin.ID).
		SetDay("2020-03-16").SetUnannounced(true).SetDisinfectionsPerDay(2).SetTemperatureChecksPerDay(2).
		SetSuppliesPurchasingOk(true).SetVisitsSuspended(true).SetSafetyLine(true).SetReturneeIsolationOk(true).
		SetFindings("局长龚美爱突击检查：询问每日消毒、测温次数及生活物资采买方式，防控措施落实到位。").
		SetSuppliesHandedOver("一批防疫物资").Exec(ctx)
}

// care puts 徐力, 顾付明 and 王磊 on today's duty at 芷荷社区 — temperatures, passes,
// patrols — and gives the staff member sent to Hubei a call every 7 days, the last one
// nine days ago, so that the care officer's list opens with an overdue follow-up.
func (s *seeder) care(ctx context.Context) error {
	today := time.Now().In(reportDay.Location())
	people, err := s.tx.Staff.Query().All(ctx)
	if err != nil {
		return err
	}
	byName := map[string]*ent.Staff{}
	for _, p := range people {
		byName[p.Name] = p
	}
	zhihe := s.units[ZhiheCode].ID
	day := today.Format(time.DateOnly)
	_, err = database.CreateAll(ctx, s.tx.SQLDialect, s.tx.DutyShift.CreateBulk, []*ent.DutyShiftCreate{
		s.tx.DutyShift.Create().SetStaffID(byName["徐力"].ID).SetCommunityID(zhihe).SetDay(day).SetStarts("07:00").SetEnds("12:00").SetTask(dutyshift.TaskTEMPERATURE_CHECK),
		s.tx.DutyShift.Create().SetStaffID(byName["顾付明"].ID).SetCommunityID(zhihe).SetDay(day).SetStarts("07:00").SetEnds("12:00").SetTask(dutyshift.TaskPASS_CHECK),
		s.tx.DutyShift.Create().SetStaffID(byName["王磊"].ID).SetCommunityID(zhihe).SetDay(day).SetStarts("13:00").SetEnds("18:00").SetTask(dutyshift.TaskPATROL),
	})
	if err != nil {
		return err
	}
	hubei := byName["示例援鄂队员甲"]
	if err := s.tx.CarePlan.Create().SetStaffID(hubei.ID).SetIntervalDays(7).SetReason("援鄂人员，每周电话回访").Exec(ctx); err != nil {
		return err
	}
	return s.tx.CareRecord.Create().SetStaffID(hubei.ID).SetDate(today.AddDate(0, 0, -9)).
		SetKind(carerecord.KindPHONE_FOLLOW_UP).SetDimensions([]string{"MENTAL_HEALTH", "FAMILY"}).
		SetNotes("（示例）电话回访：身体状况良好，家中老人由社区照看。").Exec(ctx)
}

// relief imports the demo county returns — the report's 5.16亿元 pre-allocated, 1.9万人次
// and 1,800万元 of temporary assistance — through the same importer county offices use,
// and opens two example one-to-one cases in 芷荷社区.
func (s *seeder) relief(ctx context.Context) error {
	res, err := relief.Import(ctx, s.tx, ReliefRows())
	if err != nil {
		return err
	}
	if len(res.Errors) > 0 {
		return fmt.Errorf("demo relief sheet: %+v", res.Errors[0])
	}
	zhihe := s.units[ZhiheCode].ID
	cases, err := database.CreateAll(ctx, s.tx.SQLDialect, s.tx.CareAssignment.CreateBulk, []*ent.CareAssignmentCreate{
		s.tx.CareAssignment.Create().SetPerson("示例·刘奶奶").SetAgeGroup(careassignment.AgeGroupELDER).SetVillageID(zhihe).
			SetReason(careassignment.ReasonFAMILY_ISOLATED).SetReasonNote("子女在外隔离").SetCarer("示例·社区网格员").
			SetCheckEveryDays(1).SetExample(true),
		s.tx.CareAssignment.Create().SetPerson("示例·小明").SetAgeGroup(careassignment.AgeGroupCHILD).SetVillageID(zhihe).
			SetReason(careassignment.ReasonFAMILY_ILL).SetReasonNote("父母住院治疗").SetCarer("示例·邻居王阿姨").
			SetCheckEveryDays(1).SetExample(true),
	})
	if err != nil {
		return err
	}
	// 刘奶奶 was last visited three days ago: the overdue case a committee opens the app to.
	committee, err := s.tx.User.Query().Where(user.Username("village-" + ZhiheCode)).Only(ctx)
	if err != nil {
		return err
	}
	return s.tx.CheckIn.Create().SetAssignmentID(cases[0].ID).SetAt(time.Now().AddDate(0, 0, -3)).
		SetNote("（示例）上门探视，送去口罩和蔬菜。").SetRecordedByID(committee.ID).Exec(ctx)
}

// enterprise replays the county bureau's gift to 安乡县通元铸造有限公司 — 200 斤 of
// 84消毒液, 100 艾条, 10 瓶抗菌液, sent to the gate — and its liaison officer's visit,
// temperatures taken at the gate.
func (s *seeder) enterprise(ctx context.Context) error {
	firm, err := s.tx.Enterprise.Query().Where(enterprise.Name("安乡县通元铸造有限公司")).Only(ctx)
	if err != nil {
		return err
	}
	bureau, err := s.tx.Donor.Create().SetName("安乡县民政局").SetKind(donor.KindORGANIZATION).Save(ctx)
	if err != nil {
		return err
	}
	d, err := s.tx.Donation.Create().SetDonorID(bureau.ID).SetReceiptNo("AX2020-0001").
		SetDonatedOn(time.Date(2020, 2, 24, 0, 0, 0, 0, reportDay.Location())).SetPurpose("支持企业复工复产").Save(ctx)
	if err != nil {
		return err
	}
	items, err := s.tx.Item.Query().All(ctx)
	if err != nil {
		return err
	}
	byName := map[string]*ent.Item{}
	for _, it := range items {
		byName[it.Name] = it
	}
	sent := time.Date(2020, 2, 25, 9, 0, 0, 0, reportDay.Location())
	for _, g := range []struct {
		item   string
		amount string
		unit   quantity.Unit
	}{{"84消毒液", "200", quantity.JIN}, {"艾条", "100", quantity.STICK}, {"抗菌液", "10", quantity.BOTTLE}} {
		it := byName[g.item]
		entered, _ := quantity.Parse(g.amount)
		base, err := quantity.ToBase(entered, g.unit, it.BaseUnit, it.PackSize)
		if err != nil {
			return err
		}
		line, err := s.tx.DonationLine.Create().SetDonationID(d.ID).SetItemID(it.ID).SetQuantity(base).
			SetEnteredQuantity(entered).SetEnteredUnit(g.unit).Save(ctx)
		if err != nil {
			return err
		}
		err = s.tx.Allocation.Create().SetLineID(line.ID).SetEnterpriseID(firm.ID).SetQuantity(base).
			SetStatus(allocation.StatusDISPATCHED).SetDispatchedAt(sent).Exec(ctx)
		if err != nil {
			return err
		}
	}
	return s.tx.EnterpriseVisit.Create().SetEnterpriseID(firm.ID).SetDay("2020-03-10").
		SetActions([]string{"POLICY", "DISINFECTION", "SUPPLIES", "TEMPERATURE"}).
		SetNote("在厂门口为员工逐一测温，指导消杀，协助采购防护用品。").Exec(ctx)
}
