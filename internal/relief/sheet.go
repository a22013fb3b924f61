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
// The workbook's shape and its figures are checked first, by streaming its XML
// (checkShape): a few KB of zip can hold a sheet a million rows long, cells in the last
// of 16,384 columns or ten thousand thousand-digit amounts, and excelize would spend
// memory and time on every one of them. Only a sheet within the template's width and
// MaxRows, its figures all digits, is then read, a row at a time.
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
	for _, c := range []int{personsColumn, amountColumn} {
		if msg := figureProblem(c, cell(c)); msg != "" {
			bad(c, "%s", msg)
		}
	}
	persons, _ := wholeNumber(cell(personsColumn))
	row.Persons = int(persons)
	row.AmountFen, _ = fen(cell(amountColumn))
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
// can be, at the first such row. In the sheet that is imported it also checks the counts
// and amounts as it reads them, and stops once MaxErrors of them are refused. So a
// hostile sheet costs a few rows' work (ten thousand exponents or thousand-digit
// numbers, their first hundred), all of it before excelize opens the workbook.
func checkShape(b []byte) ([]RowError, error) {
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, fmt.Errorf("not an .xlsx workbook: %w", err)
	}
	var total uint64
	for _, zf := range z.File {
		if total += zf.UncompressedSize64; total > maxUnzipped {
			return nil, fmt.Errorf("the workbook unzips to more than %d MB", maxUnzipped>>20)
		}
	}
	first := firstSheet(z)
	strs := &sharedStrings{z: z}
	sheets := 0
	for _, zf := range z.File {
		name := strings.ToLower(strings.ReplaceAll(zf.Name, "\\", "/"))
		dir, file := path.Split(name)
		if dir != "xl/worksheets/" || !strings.HasSuffix(file, ".xml") {
			continue
		}
		if sheets++; sheets > maxSheetCount {
			return nil, fmt.Errorf("the workbook has more than %d sheets", maxSheetCount)
		}
		var figures *sharedStrings // nil: only the shape of this sheet matters
		if first == "" || zf.Name == first {
			figures = strs
		}
		if errs, err := checkSheet(zf, figures); err != nil || len(errs) > 0 {
			return errs, err
		}
	}
	return nil, nil
}

// checkSheet streams one worksheet; with figures, it checks the counts and amounts of
// its rows after the header too, reading shared strings from figures.
func checkSheet(zf *zip.File, figures *sharedStrings) ([]RowError, error) {
	if zf.UncompressedSize64 > maxSheetXML {
		return []RowError{{Row: 1, Column: "A", Message: fmt.Sprintf("the sheet is larger than %d rows of the template can be", MaxRows)}}, nil
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, fmt.Errorf("not an .xlsx workbook: %w", err)
	}
	defer rc.Close()
	d := xml.NewDecoder(io.LimitReader(rc, maxSheetXML))
	var (
		errs          []RowError
		rows, row     int
		col           int
		cellType      string
		figure        bool   // the cell is a count or an amount
		inValue, inIs bool   // inside the cell's <v>, or its inline string
		inText        bool   // inside a <t> of the inline string, phonetic runs aside
		inPhonetic    bool   // inside an <rPh>, whose text is not the cell's
		value         []byte // the figure's text, kept up to maxKept bytes
	)
	tooLong := func() []RowError {
		return []RowError{{Row: MaxRows + 2, Column: "A", Message: fmt.Sprintf("at most %d rows in one sheet", MaxRows)}}
	}
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return errs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("not an .xlsx workbook: %w", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
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
				cellType, _ = attr(el, "t")
				figure = figures != nil && row > 1 && (col-1 == personsColumn || col-1 == amountColumn)
				value = value[:0]
			case "v":
				inValue = figure
			case "is":
				inIs = figure
			case "rPh":
				inPhonetic = true
			case "t":
				inText = inIs && !inPhonetic
			}
		case xml.CharData:
			if inValue || inText {
				value = append(value, el[:min(len(el), maxKept-len(value))]...)
			}
		case xml.EndElement:
			switch el.Name.Local {
			case "v":
				inValue = false
			case "is":
				inIs = false
			case "rPh":
				inPhonetic = false
			case "t":
				inText = false
			case "c":
				if !figure {
					continue
				}
				figure = false
				s := string(value)
				if cellType == "s" { // value is an index into the shared strings
					if s, err = figures.at(s); err != nil {
						return nil, err
					}
				}
				if s = strings.TrimSpace(s); s == "" {
					continue // an empty row is skipped, an empty cell of a row is Parse's to name
				}
				if msg := figureProblem(col-1, s); msg != "" {
					errs = append(errs, RowError{Row: row, Column: Columns[col-1], Message: msg})
					if len(errs) >= MaxErrors {
						return errs, nil
					}
				}
			}
		}
	}
}

// maxKept is how much of a figure's cell the scan keeps: far more than any count or
// amount, and enough for clip to quote 40 characters of anything else.
const maxKept = 200

// maxSharedStrings bounds the workbook's table of shared strings: a sheet of MaxRows
// rows of seven different texts needs under 2 MB of it.
const maxSharedStrings = 4 << 20

// sharedStrings is the workbook's table of shared strings, read once, the first time a
// figure's cell names one, each kept up to maxKept bytes.
type sharedStrings struct {
	z      *zip.Reader
	loaded bool
	list   []string
}

// at returns the shared string at index s as excelize reads it: an index past the table
// reads as the index itself.
func (t *sharedStrings) at(s string) (string, error) {
	if !t.loaded {
		if err := t.load(); err != nil {
			return "", err
		}
	}
	if i, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && i >= 0 && i < len(t.list) {
		return t.list[i], nil
	}
	return s, nil
}

func (t *sharedStrings) load() error {
	t.loaded = true
	var zf *zip.File
	for _, f := range t.z.File {
		if f.Name == "xl/sharedStrings.xml" { // excelize's one place for them
			zf = f
		}
	}
	if zf == nil {
		return nil
	}
	if zf.UncompressedSize64 > maxSharedStrings {
		return fmt.Errorf("the workbook's shared strings are larger than %d rows of the template need", MaxRows)
	}
	rc, err := zf.Open()
	if err != nil {
		return fmt.Errorf("not an .xlsx workbook: %w", err)
	}
	defer rc.Close()
	d := xml.NewDecoder(io.LimitReader(rc, maxSharedStrings))
	var (
		text               []byte
		inText, inPhonetic bool
	)
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("not an .xlsx workbook: %w", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			switch el.Name.Local {
			case "si":
				text = text[:0]
			case "rPh":
				inPhonetic = true
			case "t":
				inText = !inPhonetic
			}
		case xml.CharData:
			if inText {
				text = append(text, el[:min(len(el), maxKept-len(text))]...)
			}
		case xml.EndElement:
			switch el.Name.Local {
			case "si":
				if len(t.list) >= len(Columns)*(MaxRows+1) {
					return fmt.Errorf("the workbook has more shared strings than %d rows of the template hold", MaxRows)
				}
				t.list = append(t.list, string(text))
			case "rPh":
				inPhonetic = false
			case "t":
				inText = false
			}
		}
	}
}

// firstSheet returns the zip name of the workbook's first sheet, the one Parse imports,
// found as excelize finds it: the workbook's relationship named by its first <sheet>.
// It returns "" for a workbook laid out otherwise, whose every sheet is then checked.
func firstSheet(z *zip.Reader) string {
	const small = 1 << 20 // the workbook and its relationships, far more than the template's
	tokens := func(name string, each func(xml.StartElement) bool) {
		for _, f := range z.File {
			if f.Name != name || f.UncompressedSize64 > small {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				return
			}
			defer rc.Close()
			d := xml.NewDecoder(io.LimitReader(rc, small))
			for {
				tok, err := d.RawToken()
				if err != nil {
					return
				}
				if el, ok := tok.(xml.StartElement); ok && !each(el) {
					return
				}
			}
		}
	}
	workbook := "xl/workbook.xml"
	tokens("_rels/.rels", func(el xml.StartElement) bool {
		if typ, _ := attr(el, "Type"); el.Name.Local == "Relationship" && strings.HasSuffix(typ, "/officeDocument") {
			target, _ := attr(el, "Target")
			workbook = strings.TrimPrefix(target, "/")
			return false
		}
		return true
	})
	var id string
	tokens(workbook, func(el xml.StartElement) bool {
		if el.Name.Local == "sheet" {
			id, _ = attr(el, "id")
			return false
		}
		return true
	})
	if id == "" {
		return ""
	}
	dir, file := path.Split(workbook)
	var sheet string
	tokens(dir+"_rels/"+file+".rels", func(el xml.StartElement) bool {
		if rid, _ := attr(el, "Id"); el.Name.Local == "Relationship" && rid == id {
			target, _ := attr(el, "Target")
			if sheet = strings.TrimPrefix(path.Clean("/"+dir+target), "/"); strings.HasPrefix(target, "/") {
				sheet = strings.TrimPrefix(path.Clean(target), "/")
			}
			return false
		}
		return true
	})
	return sheet
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

// The template's columns of figures, counted from 0.
const (
	personsColumn = 4
	amountColumn  = 5
)

// figureProblem says what is wrong with s in the template's column c of counts or
// amounts, or "" when s is a figure that column takes.
func figureProblem(c int, s string) string {
	switch c {
	case personsColumn:
		if n, ok := wholeNumber(s); ok && n <= 100_000_000 {
			return ""
		}
		return fmt.Sprintf("%q is not a whole number of persons written in digits", clip(s))
	case amountColumn:
		if _, ok := fen(s); ok {
			return ""
		}
		return fmt.Sprintf("%q is not an amount in yuan written in digits with at most 2 decimals", clip(s))
	}
	return ""
}

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
