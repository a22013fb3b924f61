package control

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"mzdesk/ent"
	"mzdesk/ent/controlreport"
	"mzdesk/ent/institution"
	"mzdesk/ent/schema"
	"mzdesk/internal/apperr"
	"mzdesk/internal/chinatime"
	"mzdesk/internal/database"
	"mzdesk/internal/quantity"
	"mzdesk/internal/returnee"
)

// ReportInput is a day's report as the institution files it.
type ReportInput struct {
	InstitutionID        *int                `json:"institutionID"`
	Day                  *string             `json:"day"`
	FullDisinfections    int                 `json:"fullDisinfections"`
	RoomDisinfections    int                 `json:"roomDisinfections"`
	PublicDisinfections  int                 `json:"publicDisinfections"`
	TemperatureChecks    int                 `json:"temperatureChecks"`
	AbnormalTemperatures int                 `json:"abnormalTemperatures"`
	Returnees            []returnee.Returnee `json:"returnees"`
	MasksInStock         int                 `json:"masksInStock"`
	DisinfectantInStock  quantity.Quantity   `json:"disinfectantInStock"`
	Thermometers         int                 `json:"thermometers"`
}

// FileReport files an institution's report for a day (today unless named). Filing the
// same day again revises the report and keeps the earlier version. Compliance is the
// server's judgement, never the client's.
func FileReport(ctx context.Context, c *ent.Client, in ReportInput) (*ent.ControlReport, error) {
	v, err := schema.FileReport.Allow(ctx)
	if err != nil {
		return nil, err
	}
	instID := v.InstitutionID
	if in.InstitutionID != nil {
		instID = *in.InstitutionID
	}
	if instID == 0 {
		return nil, apperr.Input("institutionID", "name the institution")
	}
	day := chinatime.Today()
	if in.Day != nil {
		day = *in.Day
	}
	if err := checkReport(day, in); err != nil {
		return nil, err
	}
	if ok, err := c.Institution.Query().Where(institution.ID(instID)).Exist(ctx); err != nil || !ok {
		if err == nil {
			err = fmt.Errorf("%w: institution %d", errNotYours, instID)
		}
		return nil, err
	}
	problems := Check(day, Counts{Full: in.FullDisinfections, Room: in.RoomDisinfections, Public: in.PublicDisinfections,
		TemperatureChecks: in.TemperatureChecks, Abnormal: in.AbnormalTemperatures, Returnees: in.Returnees})

	// No lock over this read: the day's first report may not exist yet, and locking its
	// absence takes gap locks that deadlock two first filings on MySQL (and hold on the
	// local node only on a cluster). The first filing's insert meets the unique
	// (institution, day) key of a racer's instead; the loser runs again
	// (database.ErrRaced) and files as a revision of the winner's report.
	old, err := c.ControlReport.Query().Where(controlreport.InstitutionID(instID), controlreport.Day(day)).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		r, err := c.ControlReport.Create().SetInstitutionID(instID).SetDay(day).
			SetFullDisinfections(in.FullDisinfections).SetRoomDisinfections(in.RoomDisinfections).
			SetPublicDisinfections(in.PublicDisinfections).SetTemperatureChecks(in.TemperatureChecks).
			SetAbnormalTemperatures(in.AbnormalTemperatures).SetReturnees(in.Returnees).
			SetMasksInStock(in.MasksInStock).SetDisinfectantInStock(in.DisinfectantInStock).SetThermometers(in.Thermometers).
			SetCompliant(len(problems) == 0).SetProblems(problems).SetFiledByID(v.UserID).Save(ctx)
		if ent.IsConstraintError(err) {
			return nil, fmt.Errorf("filing the first report of institution %d on %s: %w", instID, day, database.ErrRaced)
		}
		return r, err
	case err != nil:
		return nil, err
	}
	// The report exists: lock its row (a row, not a gap) so that revisions on one server
	// queue; on a cluster their updates of the row conflict at commit instead.
	q := c.ControlReport.Query().Where(controlreport.ID(old.ID))
	q.Modify(database.LockRows)
	if old, err = q.Only(ctx); err != nil {
		return nil, err
	}
	content, err := json.Marshal(old)
	if err != nil {
		return nil, err
	}
	err = c.ReportRevision.Create().SetReportID(old.ID).SetRevision(old.Revision).SetFiledAt(old.UpdatedAt).
		SetFiledByID(old.FiledByID).SetContent(string(content)).Exec(ctx)
	if err != nil {
		return nil, err
	}
	r, err := c.ControlReport.UpdateOne(old).
		SetFullDisinfections(in.FullDisinfections).SetRoomDisinfections(in.RoomDisinfections).
		SetPublicDisinfections(in.PublicDisinfections).SetTemperatureChecks(in.TemperatureChecks).
		SetAbnormalTemperatures(in.AbnormalTemperatures).SetReturnees(in.Returnees).
		SetMasksInStock(in.MasksInStock).SetDisinfectantInStock(in.DisinfectantInStock).SetThermometers(in.Thermometers).
		SetCompliant(len(problems) == 0).SetProblems(problems).SetFiledByID(v.UserID).
		SetRevision(old.Revision + 1).Where(controlreport.Revision(old.Revision)).Save(ctx)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("revising report %d: %w", old.ID, database.ErrRaced)
	}
	return r, err
}

// checkReport refuses a report that cannot be true: negative counts, a future or
// malformed date, more abnormal readings than checks, returnee dates out of order.
func checkReport(day string, in ReportInput) error {
	d, err := chinatime.ParseDay(day)
	switch {
	case err != nil:
		return apperr.Input("day", "the day must be written YYYY-MM-DD")
	case day > chinatime.Today():
		return apperr.Input("day", "%s is in the future", day)
	case d.Before(time.Date(2019, 12, 1, 0, 0, 0, 0, chinatime.Zone)):
		return apperr.Input("day", "%s is before the epidemic", day)
	}
	for field, n := range map[string]int{
		"fullDisinfections": in.FullDisinfections, "roomDisinfections": in.RoomDisinfections,
		"publicDisinfections": in.PublicDisinfections, "temperatureChecks": in.TemperatureChecks,
		"abnormalTemperatures": in.AbnormalTemperatures, "masksInStock": in.MasksInStock, "thermometers": in.Thermometers,
	} {
		if n < 0 || n > 1_000_000 {
			return apperr.Input(field, "a count from 0 to 1,000,000")
		}
	}
	if in.AbnormalTemperatures > in.TemperatureChecks {
		return apperr.Input("abnormalTemperatures", "more abnormal readings (%d) than temperature checks (%d)", in.AbnormalTemperatures, in.TemperatureChecks)
	}
	if in.DisinfectantInStock < 0 {
		return apperr.Input("disinfectantInStock", "stock cannot be negative")
	}
	if len(in.Returnees) > 500 {
		return apperr.Input("returnees", "at most 500 returnees in one report")
	}
	for i, r := range in.Returnees {
		field := fmt.Sprintf("returnees.%d", i)
		if r.Label == "" || len([]rune(r.Label)) > 32 {
			return apperr.Input(field+".label", "call the returnee something, in up to 32 characters")
		}
		dates := []*string{&r.ReturnedOn, r.IsolationStart, r.IsolationEnd}
		for _, s := range dates {
			if s == nil {
				continue
			}
			if _, err := time.Parse(time.DateOnly, *s); err != nil || *s > day {
				return apperr.Input(field, "dates must be YYYY-MM-DD and not after the report's day")
			}
		}
		if r.IsolationStart != nil && r.IsolationEnd != nil && *r.IsolationEnd < *r.IsolationStart {
			return apperr.Input(field+".isolationEnd", "isolation ends before it starts")
		}
	}
	return nil
}

// Missing lists the institutions in the viewer's scope with no report for day.
func Missing(ctx context.Context, c *ent.Client, day string) ([]*ent.Institution, error) {
	if _, err := schema.FollowReports.Allow(ctx); err != nil {
		return nil, err
	}
	return c.Institution.Query().
		Where(institution.Not(institution.HasReportsWith(controlreport.Day(day)))).
		Order(ent.Asc(institution.FieldName)).All(ctx)
}
