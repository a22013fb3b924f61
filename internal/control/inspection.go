package control

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"mzdesk/ent"
	"mzdesk/ent/privacy"
	"mzdesk/ent/problem"
	"mzdesk/ent/schema"
	"mzdesk/internal/apperr"
	"mzdesk/internal/chinatime"
)

// errNotYours refuses work on an institution outside the viewer's scope.
var errNotYours = fmt.Errorf("%w: outside your scope", privacy.Deny)

// ProblemInput is a problem raised by an inspection.
type ProblemInput struct {
	Description string           `json:"description"`
	Severity    problem.Severity `json:"severity"`
	Assignee    string           `json:"assignee"`
	Deadline    string           `json:"deadline"`
}

// InspectionInput is an inspection as the inspector records it on the spot.
type InspectionInput struct {
	InstitutionID           int             `json:"institutionID"`
	Day                     *string         `json:"day"`
	Unannounced             bool            `json:"unannounced"`
	DisinfectionsPerDay     int             `json:"disinfectionsPerDay"`
	TemperatureChecksPerDay int             `json:"temperatureChecksPerDay"`
	SuppliesPurchasingOk    bool            `json:"suppliesPurchasingOk"`
	VisitsSuspended         bool            `json:"visitsSuspended"`
	SafetyLine              bool            `json:"safetyLine"`
	ReturneeIsolationOk     bool            `json:"returneeIsolationOk"`
	Findings                *string         `json:"findings"`
	SuppliesHandedOver      *string         `json:"suppliesHandedOver"`
	Problems                []*ProblemInput `json:"problems"`
}

// RecordInspection writes an inspection of the viewer's group and the problems it
// raised, together or not at all.
func RecordInspection(ctx context.Context, c *ent.Client, in InspectionInput) (*ent.Inspection, error) {
	v, err := schema.RecordInspection.Allow(ctx)
	if err != nil {
		return nil, err
	}
	day := chinatime.Today()
	if in.Day != nil {
		day = *in.Day
	}
	if _, err := time.Parse(time.DateOnly, day); err != nil || day > chinatime.Today() {
		return nil, apperr.Input("day", "the day must be YYYY-MM-DD and not in the future")
	}
	if in.DisinfectionsPerDay < 0 {
		return nil, apperr.Input("disinfectionsPerDay", "counts cannot be negative")
	}
	if in.TemperatureChecksPerDay < 0 {
		return nil, apperr.Input("temperatureChecksPerDay", "counts cannot be negative")
	}
	if len(in.Problems) > 50 {
		return nil, apperr.Input("problems", "at most 50 problems in one inspection")
	}
	for i, p := range in.Problems {
		if err := checkProblem(fmt.Sprintf("problems.%d", i), day, p); err != nil {
			return nil, err
		}
	}
	create := c.Inspection.Create().SetInstitutionID(in.InstitutionID).SetGroupID(v.GroupID).SetInspectorID(v.UserID).
		SetDay(day).SetUnannounced(in.Unannounced).SetDisinfectionsPerDay(in.DisinfectionsPerDay).
		SetTemperatureChecksPerDay(in.TemperatureChecksPerDay).SetSuppliesPurchasingOk(in.SuppliesPurchasingOk).
		SetVisitsSuspended(in.VisitsSuspended).SetSafetyLine(in.SafetyLine).SetReturneeIsolationOk(in.ReturneeIsolationOk)
	if in.Findings != nil {
		create.SetFindings(strings.TrimSpace(*in.Findings))
	}
	if in.SuppliesHandedOver != nil {
		create.SetSuppliesHandedOver(strings.TrimSpace(*in.SuppliesHandedOver))
	}
	insp, err := create.Save(ctx)
	if errors.Is(err, privacy.Deny) {
		return nil, fmt.Errorf("%w: institution %d", errNotYours, in.InstitutionID)
	}
	if err != nil {
		return nil, err
	}
	for _, p := range in.Problems {
		err := c.Problem.Create().SetInspectionID(insp.ID).SetInstitutionID(in.InstitutionID).
			SetDescription(strings.TrimSpace(p.Description)).SetSeverity(p.Severity).
			SetAssignee(strings.TrimSpace(p.Assignee)).SetDeadline(p.Deadline).Exec(ctx)
		if err != nil {
			return nil, err
		}
	}
	return insp, nil
}

func checkProblem(field, day string, p *ProblemInput) error {
	switch {
	case strings.TrimSpace(p.Description) == "":
		return apperr.Input(field+".description", "describe the problem")
	case strings.TrimSpace(p.Assignee) == "":
		return apperr.Input(field+".assignee", "say who puts it right")
	case problem.SeverityValidator(p.Severity) != nil:
		return apperr.Input(field+".severity", "severity is LOW, MEDIUM or HIGH")
	}
	if _, err := time.Parse(time.DateOnly, p.Deadline); err != nil || p.Deadline < day {
		return apperr.Input(field+".deadline", "the deadline must be YYYY-MM-DD, on or after the inspection")
	}
	return nil
}

// next lists the moves a problem's status may make.
var next = map[problem.Status][]problem.Status{
	problem.StatusOPEN:        {problem.StatusIN_PROGRESS, problem.StatusRESOLVED},
	problem.StatusIN_PROGRESS: {problem.StatusRESOLVED},
}

// UpdateProblem moves a problem on: OPEN → IN_PROGRESS → RESOLVED. Resolving needs a
// note saying how, and stamps the day.
func UpdateProblem(ctx context.Context, c *ent.Client, id int, to problem.Status, resolution *string) (*ent.Problem, error) {
	p, err := c.Problem.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	allowed := false
	for _, s := range next[p.Status] {
		allowed = allowed || s == to
	}
	if !allowed {
		return nil, apperr.Conflict("a %s problem cannot become %s", p.Status, to)
	}
	if resolution != nil && *resolution != "" { // checked whatever the status, or junk passes unseen
		if err := problem.ResolutionValidator(strings.TrimSpace(*resolution)); err != nil {
			return nil, apperr.Input("resolution", "resolution %v", err)
		}
	}
	u := c.Problem.UpdateOne(p).SetStatus(to)
	if to == problem.StatusRESOLVED {
		if resolution == nil || strings.TrimSpace(*resolution) == "" {
			return nil, apperr.Input("resolution", "say how the problem was solved")
		}
		u.SetResolution(strings.TrimSpace(*resolution)).SetResolvedOn(chinatime.Today())
	}
	return u.Save(ctx)
}

// Overdue lists the viewer's unresolved problems whose deadline has passed.
func Overdue(ctx context.Context, c *ent.Client) ([]*ent.Problem, error) {
	return c.Problem.Query().
		Where(problem.StatusNEQ(problem.StatusRESOLVED), problem.DeadlineLT(chinatime.Today())).
		Order(ent.Asc(problem.FieldDeadline)).All(ctx)
}
