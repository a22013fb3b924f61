// Package relieftest builds the relief sheets an attacker would send: a few KB of zip
// that stand for millions of cells, for the importer's tests and benchmarks.
package relieftest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"io"
	"strings"

	"mzdesk/internal/relief"
)

// Workbook returns the relief template with its sheet replaced by the header and the
// rows row(n) writes for n = 2, 3, …, until row returns "".
func Workbook(row func(n int) string) ([]byte, error) {
	template, err := relief.Write(nil)
	if err != nil {
		return nil, err
	}
	in, err := zip.NewReader(bytes.NewReader(template), int64(len(template)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	z := zip.NewWriter(&out)
	z.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	for _, f := range in.File {
		w, err := z.Create(f.Name)
		if err != nil {
			return nil, err
		}
		if f.Name != "xl/worksheets/sheet1.xml" {
			r, err := f.Open()
			if err != nil {
				return nil, err
			}
			_, err = io.Copy(w, r)
			r.Close()
			if err != nil {
				return nil, err
			}
			continue
		}
		_, _ = fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+
			`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">`)
		for i, c := range relief.Columns {
			_, _ = fmt.Fprintf(w, `<c r="%c1" t="inlineStr"><is><t>%s</t></is></c>`, 'A'+i, c)
		}
		_, _ = fmt.Fprint(w, `</row>`)
		for n := 2; ; n++ {
			r := row(n)
			if r == "" {
				break
			}
			_, _ = fmt.Fprint(w, r)
		}
		_, _ = fmt.Fprint(w, `</sheetData></worksheet>`)
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// Row is row n of the template, filled in as a county office would, with amount as its
// 金额 cell.
func Row(n int, amount string) string {
	cells := []string{"武陵区", "临时救助", "2020-02", "发放", "10", amount, ""}
	var b strings.Builder
	_, _ = fmt.Fprintf(&b, `<row r="%d">`, n)
	for i, c := range cells {
		_, _ = fmt.Fprintf(&b, `<c r="%c%d" t="inlineStr"><is><t>%s</t></is></c>`, 'A'+i, n, c)
	}
	b.WriteString(`</row>`)
	return b.String()
}

// Rows writes row(n) up to the sheet's row last.
func Rows(last int, row func(n int) string) func(int) string {
	return func(n int) string {
		if n > last {
			return ""
		}
		return row(n)
	}
}

// Hostile is one sheet an attacker would send, and the column its refusal names first.
type Hostile struct {
	Name   string
	Rows   func(n int) string
	Column string
}

// Hostiles are the sheets of issue 16: each must be refused at once, whatever it stands for.
func Hostiles() []Hostile {
	longDigits := strings.Repeat("9", 1000)
	return []Hostile{
		{"12,000 rows, each with a cell in column XFD", Rows(12_001, func(n int) string {
			return fmt.Sprintf(`<row r="%d"><c r="XFD%d"><v>1</v></c></row>`, n, n)
		}), "XFD"},
		{"1,048,575 rows, padded", Rows(1_048_575, func(int) string { return `<row><c/></row>` }), "A"},
		{"one row numbered 1,048,575", Rows(2, func(int) string { return Row(1_048_575, "1") }), "A"},
		{"10,000 amounts of 1e1000000", Rows(10_001, func(n int) string { return Row(n, "1e1000000") }), "金额(元)"},
		{"10,000 amounts of 1,000 digits", Rows(10_001, func(n int) string { return Row(n, longDigits) }), "金额(元)"},
	}
}
