// Package printout renders the papers the charity office prints and hands out: the
// delivery sheet (签收单) that a village or institution signs, with a QR code per
// allocation that opens its confirm page, and the donor certificate (捐赠证书) whose QR
// code lets anyone check it against the server. Both are plain HTML laid out for A4.
package printout

import (
	"fmt"
	"html/template"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// QR draws content as an inline SVG QR code: sharp at any print size, no image requests.
func QR(content string) (template.HTML, error) {
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return "", fmt.Errorf("QR code: %w", err)
	}
	bits := q.Bitmap()
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" class="qr" role="img" aria-label="QR"><path d="`, len(bits), len(bits))
	for y, row := range bits {
		for x, on := range row {
			if on {
				fmt.Fprintf(&b, "M%d %dh1v1h-1z", x, y)
			}
		}
	}
	b.WriteString(`"/></svg>`)
	return template.HTML(b.String()), nil //nolint:gosec // built from numbers only
}
