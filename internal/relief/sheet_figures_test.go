package relief_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"mzdesk/internal/relief"
	"mzdesk/internal/relief/relieftest"
)

// workbook is the template with one good row, changed by edit as a spreadsheet program
// would write it: texts as shared strings, numbers as plain values.
func workbook(t *testing.T, edit func(f *excelize.File, sheet string) error) []byte {
	t.Helper()
	b, err := relief.Write(nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	row := []any{"武陵区", "临时救助", "2020-02", "发放", "10", "12.5", ""}
	if err := f.SetSheetRow(sheet, "A2", &row); err != nil {
		t.Fatal(err)
	}
	if err := edit(f, sheet); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := f.WriteTo(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestFiguresRefusedAsRead checks the counts and amounts the importer refuses while it
// scans the sheet, before excelize reads it, in every form a cell can hold them: shared
// strings, plain values, inline strings in runs. Each is refused with its row, column
// and what was there; a sheet beside the imported one may hold anything.
func TestFiguresRefusedAsRead(t *testing.T) {
	thousand := strings.Repeat("9", 1000)
	for _, c := range []struct {
		name   string
		sheet  []byte
		column string
		quoted string // what the message quotes back, "" when the sheet is accepted
	}{
		{"an exponent as a shared string", workbook(t, func(f *excelize.File, s string) error {
			return f.SetCellStr(s, "F2", "1e1000000")
		}), "金额(元)", `"1e1000000"`},
		{"a thousand digits as a plain value", workbook(t, func(f *excelize.File, s string) error {
			return f.SetCellDefault(s, "F2", thousand)
		}), "金额(元)", `"` + thousand[:40] + `…"`},
		{"a count with an exponent as a plain value", workbook(t, func(f *excelize.File, s string) error {
			return f.SetCellDefault(s, "E2", "1E+5")
		}), "人数(人次)", `"1E+5"`},
		{"a count past a hundred million", workbook(t, func(f *excelize.File, s string) error {
			return f.SetCellStr(s, "E2", "100000001")
		}), "人数(人次)", `"100000001"`},
		{"an exponent in an inline string's runs, its phonetic guide aside", mustWorkbook(t, relieftest.Rows(2, func(n int) string {
			return strings.Replace(relieftest.Row(n, "12.5"), `<is><t>12.5</t></is>`,
				`<is><r><t>1e</t></r><r><t>1000000</t></r><rPh><t>yi</t></rPh></is>`, 1)
		})), "金额(元)", `"1e1000000"`},
		{"junk figures on a second sheet of notes", workbook(t, func(f *excelize.File, _ string) error {
			if _, err := f.NewSheet("备注"); err != nil {
				return err
			}
			return f.SetSheetRow("备注", "A2", &[]any{"", "", "", "", "1e1000000", thousand})
		}), "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			scanned, err := relief.CheckShape(c.sheet)
			if err != nil {
				t.Fatal(err)
			}
			rows, errs, err := relief.Parse(c.sheet)
			if err != nil {
				t.Fatal(err)
			}
			if c.quoted == "" {
				if len(scanned) > 0 || len(errs) > 0 || len(rows) != 1 {
					t.Fatalf("%d rows, errors %+v, from the scan %+v", len(rows), errs, scanned)
				}
				return
			}
			if len(scanned) != 1 || len(rows) > 0 || len(errs) != 1 || errs[0] != scanned[0] ||
				errs[0].Row != 2 || errs[0].Column != c.column || !strings.HasPrefix(errs[0].Message, c.quoted+" is not") {
				t.Fatalf("%d rows, errors %+v, from the scan %+v", len(rows), errs, scanned)
			}
		})
	}
}

// TestFigureErrorsCapped: a sheet of ten thousand bad amounts is answered, by the scan,
// with the first MaxErrors of them, each naming its row.
func TestFigureErrorsCapped(t *testing.T) {
	sheet := mustWorkbook(t, relieftest.Rows(10_001, func(n int) string { return relieftest.Row(n, "abc") }))
	errs, err := relief.CheckShape(sheet)
	if err != nil || len(errs) != relief.MaxErrors {
		t.Fatalf("%d errors, %v", len(errs), err)
	}
	for i, e := range errs {
		if want := fmt.Sprint(i + 2); fmt.Sprint(e.Row) != want || e.Column != "金额(元)" {
			t.Fatalf("error %d: %+v", i, e)
		}
	}
}

func mustWorkbook(t *testing.T, rows func(int) string) []byte {
	t.Helper()
	b, err := relieftest.Workbook(rows)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
