package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"mzdesk/frontend"
	"mzdesk/internal/ledger"
	"mzdesk/internal/quantity"
)

// A phone on slow 3G waits seconds for the SPA's scripts. The two pages a village cadre
// opens cold, the login page and a delivery sheet's QR landing, are therefore painted by
// the server into index.html (templates in frontend/shell/, words from the SPA's own
// messages, which the build writes to shell-messages.json), and the SPA replaces that
// paint when it mounts. Every other path gets index.html as it was built.

// bootStart and bootEnd enclose the skeleton inside #app in frontend/index.html; a
// painted page takes its place.
const (
	bootStart = "<!--boot-->"
	bootEnd   = "<!--/boot-->"
)

// shellLocaleCookie is where the SPA (src/composables/useLocale.ts) mirrors the language a
// phone chose, for the server's first paint to be in it too.
const shellLocaleCookie = "mzdesk.locale"

// landingWait bounds the database read behind a QR landing's paint: past it, the phone
// gets the skeleton and the SPA asks for the delivery itself.
const landingWait = 2 * time.Second

// shell paints the login page and the QR landing; see the comment at the top of the file.
type shell struct {
	app        *App
	head, tail string // index.html before and after the skeleton
	pages      *template.Template
	words      map[string]map[string]any // language → the messages of app, login, landing, status, units
}

// newShell reads what the build left for the first paint. It returns nil, and the pages
// are served as built, when the SPA was not built (the placeholder has no messages).
func newShell(a *App, dist fs.FS) (*shell, error) {
	index, err := fs.ReadFile(dist, "index.html")
	if err != nil {
		return nil, fmt.Errorf("shell: %w", err)
	}
	raw, err := fs.ReadFile(dist, "shell-messages.json")
	if err != nil {
		return nil, nil
	}
	s := &shell{app: a}
	if err := json.Unmarshal(raw, &s.words); err != nil {
		return nil, fmt.Errorf("shell: shell-messages.json: %w", err)
	}
	head, rest, ok1 := strings.Cut(string(index), bootStart)
	_, tail, ok2 := strings.Cut(rest, bootEnd)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("shell: index.html has no %s…%s around its skeleton", bootStart, bootEnd)
	}
	s.head, s.tail = head, tail
	// t is replaced per request by the language's own; this one lets the templates parse.
	s.pages, err = template.New("").Funcs(template.FuncMap{"t": func(string) string { return "" }}).ParseFS(frontend.Shells(), "*.tmpl")
	if err != nil {
		return nil, fmt.Errorf("shell: %w", err)
	}
	return s, nil
}

// locale is the language the phone chose in the SPA, Chinese unless it chose English.
func (s *shell) locale(r *http.Request) string {
	if c, err := r.Cookie(shellLocaleCookie); err == nil && c.Value == "en-US" {
		return "en-US"
	}
	return "zh-CN"
}

// word looks up a dotted message key ("login.submit") in a language's messages.
func (s *shell) word(locale, key string) string {
	var node any = map[string]any(s.words[locale])
	for _, part := range strings.Split(key, ".") {
		m, ok := node.(map[string]any)
		if !ok {
			return ""
		}
		node = m[part]
	}
	text, _ := node.(string)
	return text
}

// paint answers index.html with page painted into #app, in the phone's language.
func (s *shell) paint(w http.ResponseWriter, r *http.Request, page string, data any) error {
	locale := s.locale(r)
	t, err := s.pages.Clone()
	if err != nil {
		return err
	}
	t.Funcs(template.FuncMap{"t": func(key string) string { return s.word(locale, key) }})
	var body bytes.Buffer
	body.WriteString(strings.Replace(s.head, `<html lang="zh-CN">`, `<html lang="`+locale+`">`, 1))
	if err := t.ExecuteTemplate(&body, page, data); err != nil {
		return err
	}
	body.WriteString(s.tail)
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Add("Vary", "Cookie")
	_, err = w.Write(body.Bytes())
	return err
}

// login paints the login page.
func (s *shell) login(fallback http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.paint(w, r, "login.tmpl", nil); err != nil {
			slog.ErrorContext(r.Context(), "painting the login page", "err", err)
			fallback.ServeHTTP(w, r)
		}
	})
}

// landingPage is what a QR landing shows before the SPA: the public view of a delivery.
type landingPage struct {
	Item, Amount, Donor, Recipient, County, Status string
}

// landing paints the QR landing of the delivery {id}: a phone that is logged in gets
// the same paint, which its SPA then turns into the delivery's confirm page.
func (s *shell) landing(fallback http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.Atoi(r.PathValue("id"))
		if err != nil {
			fallback.ServeHTTP(w, r)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), landingWait)
		defer cancel()
		d, err := ledger.Delivery(ctx, s.app.Client, id)
		if err != nil || d == nil {
			if err != nil {
				slog.WarnContext(r.Context(), "reading a delivery for its QR landing", "err", err)
			}
			fallback.ServeHTTP(w, r) // the SPA says what is missing, or tries again
			return
		}
		page := landingPage{
			Item:      d.Item,
			Amount:    s.amount(s.locale(r), d),
			Donor:     d.Donor,
			Recipient: d.Recipient,
			Status:    string(d.Status),
		}
		if d.County != nil {
			page.County = *d.County
		}
		if err := s.paint(w, r, "landing.tmpl", page); err != nil {
			slog.ErrorContext(r.Context(), "painting a QR landing", "err", err)
			fallback.ServeHTTP(w, r)
		}
	})
}

// amount writes a delivery in the unit its sheet was made in when it is exact in it
// ("2 桶"), in the item's base unit otherwise, as the SPA's formatQuantity writes it first.
func (s *shell) amount(locale string, d *ledger.PublicDelivery) string {
	var pack quantity.Quantity
	if d.PackSize != nil {
		pack = *d.PackSize
	}
	unit := d.EnteredUnit
	v, ok := quantity.InUnit(d.Quantity, unit, d.BaseUnit, pack)
	if !ok {
		unit, v = d.BaseUnit, d.Quantity
	}
	if unit == quantity.PACK && d.PackName != nil && *d.PackName != "" {
		return v.String() + " " + *d.PackName
	}
	// English names a unit once or many times ("box | boxes"); Chinese has one form.
	forms := strings.Split(s.word(locale, "units."+string(unit)), " | ")
	name := forms[len(forms)-1]
	if v == quantity.Scale {
		name = forms[0]
	}
	return v.String() + " " + name
}
