// Package relief keeps the hardship relief figures: money pre-allocated and paid by
// programme, county and month, imported from the sheets county offices send; the
// stranded travellers helped; and one-to-one care of elders and children left alone.
package relief

import (
	"bytes"
	"fmt"
	"io"
	"math/big"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"

	"mzdesk/ent/reliefpayment"
)

// Columns of a county office's sheet, in order.
var Columns = []string{"区县", "项目", "月份", "阶段", "人数(人次)", "金额(元)", "发放日期"}

var programmes = map[string]reliefpayment.Programme{
	"城乡低保": reliefpayment.ProgrammeMINIMUM_LIVING,
	"特困供养": reliefpayment.ProgrammeEXTREME_POVERTY,
	"临时救助": reliefpayment.ProgrammeTEMPORARY,
}

var stages = map[string]reliefpayment.Stage{"预拨": reliefpayment.StagePRE_ALLOCATED, "发放": reliefpayment.StagePAID}

// ProgrammeName and StageName write the enum values as the sheet does.
func ProgrammeName(p reliefpayment.Programme) string { return key(programmes, p) }

// StageName writes a stage as the sheet does.
func StageName(s reliefpayment.Stage) string { return key(stages, s) }

func key[V comparable](m map[string]V, v V) string {
	for k, x := range m {
		if x == v {
			return k
		}
	}
	return ""
}

// Row is one line of a sheet, checked and converted: money in fen.
type Row struct {
	Line      int // the spreadsheet's row number, for messages
	County    string
	Programme reliefpayment.Programme
	Month     string
	Stage     reliefpayment.Stage
	Persons   int
	AmountFen int64
	PaidOn    string
}

// RowError says what is wrong in one cell.
type RowError struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// MaxRows bounds one sheet: a county's programmes over a few years.
const MaxRows = 10_000

var (
	monthPattern = regexp.MustCompile(`^20\d\d-(0[1-9]|1[0-2])$`)
	datePattern  = regexp.MustCompile(`^20\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$`)
)

// Parse reads a sheet and checks every row. It returns all the errors it finds, so a
// county office can fix its sheet in one go; with any error, nothing should be imported.
func Parse(r io.Reader) ([]Row, []RowError, error) {
	// A 5 MB upload may claim to unzip to gigabytes: cap what it may grow to.
	f, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: 64 << 20, UnzipXMLSizeLimit: 32 << 20})
	if err != nil {
		return nil, nil, fmt.Errorf("not an .xlsx workbook: %w", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, nil, fmt.Errorf("the workbook has no sheet")
	}
	rows, err := f.GetRows(sheets[0], excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, nil, err
	}
	if len(rows) == 0 || !sameHeader(rows[0]) {
		return nil, []RowError{{Row: 1, Column: "A", Message: "the first row must be the template's header: " + strings.Join(Columns, ", ")}}, nil
	}
	if len(rows)-1 > MaxRows {
		return nil, []RowError{{Row: MaxRows + 2, Column: "A", Message: fmt.Sprintf("at most %d rows in one sheet", MaxRows)}}, nil
	}
	var out []Row
	var errs []RowError
	for i, cells := range rows[1:] {
		line := i + 2
		cell := func(c int) string {
			if c < len(cells) {
				return strings.TrimSpace(cells[c])
			}
			return ""
		}
		if strings.Join(cells, "") == "" {
			continue
		}
		bad := func(c int, format string, args ...any) {
			errs = append(errs, RowError{Row: line, Column: Columns[c], Message: fmt.Sprintf(format, args...)})
		}
		row := Row{Line: line, County: cell(0), Month: cell(2), PaidOn: cell(6)}
		if row.County == "" {
			bad(0, "name the county")
		}
		var ok bool
		if row.Programme, ok = programmes[cell(1)]; !ok {
			bad(1, "%q is not 城乡低保, 特困供养 or 临时救助", cell(1))
		}
		if !monthPattern.MatchString(row.Month) {
			bad(2, "%q is not a month written YYYY-MM", row.Month)
		}
		if row.Stage, ok = stages[cell(3)]; !ok {
			bad(3, "%q is not 预拨 or 发放", cell(3))
		}
		persons, okN := wholeNumber(cell(4))
		if !okN || persons > 100_000_000 {
			bad(4, "%q is not a whole number of persons", cell(4))
		}
		row.Persons = int(persons)
		if row.AmountFen, ok = fen(cell(5)); !ok {
			bad(5, "%q is not an amount in yuan with at most 2 decimals", cell(5))
		}
		if row.PaidOn != "" && !datePattern.MatchString(row.PaidOn) {
			bad(6, "%q is not a date written YYYY-MM-DD", row.PaidOn)
		}
		out = append(out, row)
	}
	if len(out) == 0 && len(errs) == 0 {
		errs = append(errs, RowError{Row: 2, Column: Columns[0], Message: "the sheet has no rows"})
	}
	return out, errs, nil
}

func sameHeader(cells []string) bool {
	if len(cells) < len(Columns) {
		return false
	}
	for i, c := range Columns {
		if strings.TrimSpace(cells[i]) != c {
			return false
		}
	}
	return true
}

// wholeNumber reads a count as a spreadsheet stores it ("19000", "1.9E4").
func wholeNumber(s string) (int64, bool) {
	r, ok := new(big.Rat).SetString(s)
	if !ok || !r.IsInt() || r.Sign() < 0 || !r.Num().IsInt64() {
		return 0, false
	}
	return r.Num().Int64(), true
}

// fen reads an amount in yuan exactly, as text or as a spreadsheet number ("1800万" is
// not accepted: the template says yuan), and returns it in fen.
func fen(s string) (int64, bool) {
	r, ok := new(big.Rat).SetString(s)
	if !ok || r.Sign() < 0 {
		return 0, false
	}
	r.Mul(r, big.NewRat(100, 1))
	if !r.IsInt() || !r.Num().IsInt64() || r.Num().Int64() > 1e15 {
		return 0, false
	}
	return r.Num().Int64(), true
}

// Write lays rows out as a sheet with the template's header; with no rows it is the
// empty template county offices download.
func Write(rows []Row) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "救助资金"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": keep what is typed as text
	if err != nil {
		return nil, err
	}
	if err := f.SetColStyle(sheet, "A:G", text); err != nil {
		return nil, err
	}
	header := make([]any, len(Columns))
	for i, c := range Columns {
		header[i] = c
	}
	if err := f.SetSheetRow(sheet, "A1", &header); err != nil {
		return nil, err
	}
	for i, r := range rows {
		cells := []any{r.County, ProgrammeName(r.Programme), r.Month, StageName(r.Stage),
			fmt.Sprint(r.Persons), Yuan(r.AmountFen), r.PaidOn}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(sheet, cell, &cells); err != nil {
			return nil, err
		}
	}
	if err := f.SetColWidth(sheet, "A", "G", 14); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	_, err = f.WriteTo(&b)
	return b.Bytes(), err
}

// Yuan writes fen as yuan with two decimals when there are any: 180000000000 → "1800000000".
func Yuan(f int64) string {
	if f%100 == 0 {
		return fmt.Sprint(f / 100)
	}
	return fmt.Sprintf("%d.%02d", f/100, f%100)
}
