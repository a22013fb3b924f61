// Package relief keeps the hardship relief figures: money pre-allocated and paid by
// programme, county and month, imported from the sheets county offices send; the
// stranded travellers helped; and one-to-one care of elders and children left alone.
package relief

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
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

// Bounds on what a workbook may unzip to: a sheet of MaxRows full rows is about 3 MB
// of XML, so these leave a wide margin while keeping a zip bomb from filling memory.
// A sheet whose XML is larger than inMemory is unzipped to a temporary file and read
// from there a row at a time.
const (
	maxUnzipped   = 24 << 20
	maxSheetXML   = 16 << 20
	inMemory      = 4 << 20
	maxSheetCount = 8
)

// MaxErrors is how many problems one answer lists: enough to fix a sheet in a few
// rounds, and a sheet of junk costs no more than its first rows.
const MaxErrors = 100

var (
	monthPattern = regexp.MustCompile(`^20\d\d-(0[1-9]|1[0-2])$`)
	datePattern  = regexp.MustCompile(`^20\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$`)
)

// Parse reads a sheet and checks every row. It returns all the errors it finds, so a
// county office can fix its sheet in one go; with any error, nothing should be imported.
//
// The workbook's shape is checked first, by streaming its XML (checkShape): a few KB of
// zip can hold a sheet a million rows long or cells in the last of 16,384 columns, and
// excelize would spend memory on every one of them. Only a sheet within the template's
// width and MaxRows is then read, a row at a time.
func Parse(b []byte) ([]Row, []RowError, error) {
	if errs, err := checkShape(b); err != nil || len(errs) > 0 {
		return nil, errs, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: inMemory})
	if err != nil {
		return nil, nil, fmt.Errorf("not an .xlsx workbook: %w", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, nil, fmt.Errorf("the workbook has no sheet")
	}
	it, err := f.Rows(sheets[0])
	if err != nil {
		return nil, nil, fmt.Errorf("not an .xlsx workbook: %w", err)
	}
	defer it.Close()
	var (
		out    []Row
		errs   []RowError
		header = true
		line   = 0
	)
	for it.Next() {
		line++
		cells, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, nil, fmt.Errorf("not an .xlsx workbook: %w", err)
		}
		if header {
			if !sameHeader(cells) {
				break
			}
			header = false
			continue
		}
		if row, bad := parseRow(line, cells); len(bad) > 0 {
			if errs = append(errs, bad...); len(errs) >= MaxErrors {
				break
			}
		} else if row != nil {
			out = append(out, *row)
		}
	}
	if err := it.Error(); err != nil {
		return nil, nil, fmt.Errorf("not an .xlsx workbook: %w", err)
	}
	if header {
		return nil, []RowError{{Row: 1, Column: "A", Message: "the first row must be the template's header: " + strings.Join(Columns, ", ")}}, nil
	}
	if len(out) == 0 && len(errs) == 0 {
		errs = append(errs, RowError{Row: 2, Column: Columns[0], Message: "the sheet has no rows"})
	}
	return out, errs, nil
}

// parseRow checks and converts one line; an empty line is nil without errors.
func parseRow(line int, cells []string) (*Row, []RowError) {
	cell := func(c int) string {
		if c < len(cells) {
			return strings.TrimSpace(cells[c])
		}
		return ""
	}
	if strings.Join(cells, "") == "" {
		return nil, nil
	}
	var errs []RowError
	bad := func(c int, format string, args ...any) {
		errs = append(errs, RowError{Row: line, Column: Columns[c], Message: fmt.Sprintf(format, args...)})
	}
	row := Row{Line: line, County: cell(0), Month: cell(2), PaidOn: cell(6)}
	if row.County == "" {
		bad(0, "name the county")
	}
	var ok bool
	if row.Programme, ok = programmes[cell(1)]; !ok {
		bad(1, "%q is not 城乡低保, 特困供养 or 临时救助", clip(cell(1)))
	}
	if !monthPattern.MatchString(row.Month) {
		bad(2, "%q is not a month written YYYY-MM", clip(row.Month))
	}
	if row.Stage, ok = stages[cell(3)]; !ok {
		bad(3, "%q is not 预拨 or 发放", clip(cell(3)))
	}
	persons, okN := wholeNumber(cell(4))
	if !okN || persons > 100_000_000 {
		bad(4, "%q is not a whole number of persons written in digits", clip(cell(4)))
	}
	row.Persons = int(persons)
	if row.AmountFen, ok = fen(cell(5)); !ok {
		bad(5, "%q is not an amount in yuan written in digits with at most 2 decimals", clip(cell(5)))
	}
	if row.PaidOn != "" && !datePattern.MatchString(row.PaidOn) {
		bad(6, "%q is not a date written YYYY-MM-DD", clip(row.PaidOn))
	}
	return &row, errs
}

// clip shortens a cell quoted back in a message: a sheet of long junk gets short answers.
func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// checkShape streams every worksheet of the workbook b, without building it, and refuses
// one wider than the template, longer than MaxRows, or larger than a sheet of that size
// can be. It stops at the first such row, so a hostile sheet costs a few rows' work.
func checkShape(b []byte) ([]RowError, error) {
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("not an .xlsx workbook: %w", err)
	}
	var total uint64
	sheets := 0
	for _, zf := range z.File {
		total += zf.UncompressedSize64
		if total > maxUnzipped {
			return nil, fmt.Errorf("the workbook unzips to more than %d MB", maxUnzipped>>20)
		}
		name := strings.ToLower(strings.ReplaceAll(zf.Name, "\\", "/"))
		dir, file := path.Split(name)
		if dir != "xl/worksheets/" || !strings.HasSuffix(file, ".xml") {
			continue
		}
		if sheets++; sheets > maxSheetCount {
			return nil, fmt.Errorf("the workbook has more than %d sheets", maxSheetCount)
		}
		if errs, err := checkSheet(zf); err != nil || len(errs) > 0 {
			return errs, err
		}
	}
	return nil, nil
}

func checkSheet(zf *zip.File) ([]RowError, error) {
	if zf.UncompressedSize64 > maxSheetXML {
		return []RowError{{Row: 1, Column: "A", Message: fmt.Sprintf("the sheet is larger than %d rows of the template can be", MaxRows)}}, nil
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, fmt.Errorf("not an .xlsx workbook: %w", err)
	}
	defer rc.Close()
	d := xml.NewDecoder(io.LimitReader(rc, maxSheetXML))
	rows, row, col := 0, 0, 0
	tooLong := func() []RowError {
		return []RowError{{Row: MaxRows + 2, Column: "A", Message: fmt.Sprintf("at most %d rows in one sheet", MaxRows)}}
	}
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("not an .xlsx workbook: %w", err)
		}
		el, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch el.Name.Local {
		case "row":
			rows++
			row, col = rows, 0
			if r, ok := attr(el, "r"); ok {
				if row, err = strconv.Atoi(r); err != nil || row < rows {
					return nil, fmt.Errorf("not an .xlsx workbook: row number %q", clip(r))
				}
				rows = row
			}
			if row > MaxRows+1 {
				return tooLong(), nil
			}
		case "c":
			col++
			if r, ok := attr(el, "r"); ok {
				if col, _, err = excelize.CellNameToCoordinates(r); err != nil {
					return nil, fmt.Errorf("not an .xlsx workbook: cell %q", clip(r))
				}
			}
			if col > len(Columns) {
				name, _ := excelize.ColumnNumberToName(col)
				return []RowError{{Row: row, Column: name, Message: fmt.Sprintf("the sheet is wider than the template: it has %d columns, %s to %s", len(Columns), Columns[0], Columns[len(Columns)-1])}}, nil
			}
		}
	}
}

func attr(el xml.StartElement, name string) (string, bool) {
	for _, a := range el.Attr {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
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

// Counts and amounts are plain digits, as the template's text cells keep them. Exponents
// ("1e1000000") are refused, and so are more digits than any real figure has: an exact
// decimal parser spends time and memory in proportion to what it is given.
var (
	countPattern  = regexp.MustCompile(`^[0-9]{1,9}$`)
	amountPattern = regexp.MustCompile(`^([0-9]{1,13})(?:\.([0-9]{1,2}))?$`)
)

// wholeNumber reads a count of persons written in digits.
func wholeNumber(s string) (int64, bool) {
	if !countPattern.MatchString(s) {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// fen reads an amount in yuan exactly, written in digits with at most two decimals
// ("1800万" is not accepted: the template says yuan), and returns it in fen.
func fen(s string) (int64, bool) {
	m := amountPattern.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	yuan, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil {
		return 0, false
	}
	cents := m[2]
	for len(cents) < 2 {
		cents += "0"
	}
	c, _ := strconv.ParseInt(cents, 10, 64)
	return yuan*100 + c, true
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
