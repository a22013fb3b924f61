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
	"regexp"
	"strconv"
	"strings"
	"time"

	"mzdesk/frontend"
	"mzdesk/internal/quantity"
)

// A phone on slow 3G waits seconds for the SPA's scripts. The pages opened cold — the
// login page, a delivery sheet's QR landing, the public donation list and a donation's
// public trail, which strangers reach from a shared link — are therefore painted by the
// server into index.html (templates in frontend/shell/, words from the SPA's own
// messages, which the build writes to shell-messages.json), and the SPA replaces that
// paint when it mounts. Every other path gets index.html as it was built.
//
// A painted page's data comes from the SPA's own query, run through the GraphQL endpoint
// as a phone without a token would run it (the same public viewer, limits and place in
// line), and goes with the page: the SPA answers its first identical query with it
// (src/graphql/painted.ts), so it mounts with the same content instead of a skeleton.

// bootStart and bootEnd enclose the skeleton inside #app in frontend/index.html; a
// painted page takes its place.
const (
	bootStart = "<!--boot-->"
	bootEnd   = "<!--/boot-->"
)

// shellLocaleCookie is where the SPA (src/composables/useLocale.ts) mirrors the language a
// phone chose, for the server's first paint to be in it too.
const shellLocaleCookie = "mzdesk.locale"

// landingWait bounds the database reads behind a painted page: past it, the phone gets
// the skeleton and the SPA asks for the data itself.
const landingWait = 2 * time.Second

// paintedID is the element a painted page hands its queries' answers to the SPA in.
const paintedID = "painted"

// shell paints the pages named at the top of the file.
type shell struct {
	api        http.Handler      // the GraphQL endpoint, as a phone reaches it
	documents  map[string]string // operation name → the SPA's document, from the build's list
	head, tail string            // index.html before and after the skeleton
	pages      *template.Template
	words      map[string]map[string]any // language → the messages the painted pages say
}

// operationName finds the operation a document of the build's list runs.
var operationName = regexp.MustCompile(`(?m)^query (\w+)`)

// newShell reads what the build left for the first paint; api is the GraphQL endpoint the
// painted pages' data is read through. It returns nil, and the pages are served as built,
// when the SPA was not built (the placeholder has no messages).
func newShell(dist fs.FS, safelist map[string]string, api http.Handler) (*shell, error) {
	index, err := fs.ReadFile(dist, "index.html")
	if err != nil {
		return nil, fmt.Errorf("shell: %w", err)
	}
	raw, err := fs.ReadFile(dist, "shell-messages.json")
	if err != nil {
		return nil, nil
	}
	s := &shell{api: api, documents: map[string]string{}}
	for _, doc := range safelist {
		if m := operationName.FindStringSubmatch(doc); m != nil {
			s.documents[m[1]] = doc
		}
	}
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
	s.pages, err = template.New("").Funcs(template.FuncMap{"t": func(string) string { return "" }, "otherLanguage": func() string { return "" }}).ParseFS(frontend.Shells(), "*.tmpl")
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

// paint answers index.html with page painted into #app, in the phone's language, and the
// answers of the queries it was painted from for the SPA to start with.
func (s *shell) paint(w http.ResponseWriter, r *http.Request, page string, data any, answers ...*answered) error {
	locale := s.locale(r)
	t, err := s.pages.Clone()
	if err != nil {
		return err
	}
	t.Funcs(template.FuncMap{
		"t": func(key string) string { return s.word(locale, key) },
		// The login page's language switch names the other language in its own words (localeNames).
		"otherLanguage": func() string { return map[string]string{"zh-CN": "English", "en-US": "中文"}[locale] },
	})
	var body bytes.Buffer
	body.WriteString(strings.Replace(s.head, `<html lang="zh-CN">`, `<html lang="`+locale+`">`, 1))
	if err := t.ExecuteTemplate(&body, page, data); err != nil {
		return err
	}
	if len(answers) > 0 {
		handed, err := json.Marshal(answers)
		if err != nil {
			return err
		}
		// JSON's own escapes keep "</script>" or "<!--" in a donor's name from ending the element.
		body.WriteString(`<script type="application/json" id="` + paintedID + `">`)
		json.HTMLEscape(&body, handed)
		body.WriteString(`</script>`)
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

// answered is one of the SPA's queries with its answer, handed over with the page it was
// painted from (src/graphql/painted.ts answers the SPA's first identical query with it).
type answered struct {
	Operation string          `json:"operation"`
	Variables map[string]any  `json:"variables"`
	Data      json.RawMessage `json:"data"`
}

// query runs the SPA's own query operation through the GraphQL endpoint, as a phone
// without a token would: whatever the public viewer may not see, the page does not show.
func (s *shell) query(ctx context.Context, operation string, variables map[string]any) (*answered, error) {
	doc, ok := s.documents[operation]
	if !ok {
		return nil, fmt.Errorf("the build lists no %s query", operation)
	}
	body, err := json.Marshal(map[string]any{"query": doc, "operationName": operation, "variables": variables})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "/graphql", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	held := &heldAnswer{header: http.Header{}}
	s.api.ServeHTTP(held, req)
	var res struct {
		Data   json.RawMessage   `json:"data"`
		Errors []json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal(held.body.Bytes(), &res); err != nil {
		return nil, fmt.Errorf("%s: status %d: %w", operation, held.status, err)
	}
	if len(res.Errors) > 0 || (held.status != 0 && held.status != http.StatusOK) || len(res.Data) == 0 {
		return nil, fmt.Errorf("%s: status %d: %s", operation, held.status, held.body.Bytes())
	}
	return &answered{Operation: operation, Variables: variables, Data: res.Data}, nil
}

// landingPage is what a QR landing shows before the SPA: the public view of a delivery.
type landingPage struct {
	Item, Amount, Donor, Recipient, County, Status string
}

// read runs one of the SPA's queries for a page to paint and decodes its data into data.
func (s *shell) read(ctx context.Context, operation string, variables map[string]any, data any) (*answered, error) {
	got, err := s.query(ctx, operation, variables)
	if err == nil {
		err = json.Unmarshal(got.Data, data)
	}
	return got, err
}

// landing paints the QR landing of the delivery {id}: a phone that is logged in gets
// the same paint, which its SPA then turns into the delivery's confirm page.
func (s *shell) landing(fallback http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		if _, err := strconv.Atoi(id); err != nil {
			fallback.ServeHTTP(w, r)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), landingWait)
		defer cancel()
		var data struct {
			PublicDelivery *struct {
				itemUnits
				Item        string        `json:"item"`
				Quantity    string        `json:"quantity"`
				EnteredUnit quantity.Unit `json:"enteredUnit"`
				Donor       string        `json:"donor"`
				Recipient   string        `json:"recipient"`
				County      *string       `json:"county"`
				Status      string        `json:"status"`
			} `json:"publicDelivery"`
		}
		// DeliveryLanding.vue's variables, as it sends them: the id as the path has it.
		got, err := s.read(ctx, "PublicDelivery", map[string]any{"id": id}, &data)
		d := data.PublicDelivery
		if err != nil || d == nil {
			if err != nil {
				slog.WarnContext(r.Context(), "reading a delivery for its QR landing", "err", err)
			}
			fallback.ServeHTTP(w, r) // the SPA says what is missing, or tries again
			return
		}
		locale := s.locale(r)
		page := landingPage{
			Item:      d.Item,
			Amount:    s.quantity(locale, d.Quantity, d.itemUnits, d.EnteredUnit),
			Donor:     d.Donor,
			Recipient: d.Recipient,
			Status:    d.Status,
		}
		if d.County != nil {
			page.County = *d.County
		}
		if err := s.paint(w, r, "landing.tmpl", page, got); err != nil {
			slog.ErrorContext(r.Context(), "painting a QR landing", "err", err)
			fallback.ServeHTTP(w, r)
		}
	})
}

// publicLine is a line of a public donation as the public queries answer it.
type publicLine struct {
	itemUnits
	Item        string        `json:"item"`
	Quantity    string        `json:"quantity"`
	EnteredUnit quantity.Unit `json:"enteredUnit"`
	Allocations []struct {
		ID               string  `json:"id"`
		Recipient        string  `json:"recipient"`
		County           *string `json:"county"`
		Quantity         string  `json:"quantity"`
		Status           string  `json:"status"`
		UnderReview      bool    `json:"underReview"`
		ConfirmedAt      *string `json:"confirmedAt"`
		ReceivedQuantity *string `json:"receivedQuantity"`
		SignedBy         *string `json:"signedBy"`
		RejectedQuantity *string `json:"rejectedQuantity"`
		RejectReason     *string `json:"rejectReason"`
	} `json:"allocations"`
}

// publicDonation is a donation as the public queries answer it.
type publicDonation struct {
	ID         string       `json:"id"`
	Donor      string       `json:"donor"`
	DonatedOn  string       `json:"donatedOn"`
	Purpose    *string      `json:"purpose"`
	Recipients int          `json:"recipients"`
	Confirmed  int          `json:"confirmed"`
	Lines      []publicLine `json:"lines"`
}

// lineText is a line as the public pages write it: "84消毒液 120 桶" (publicLineText).
func (s *shell) lineText(locale string, l publicLine) string {
	return l.Item + " " + s.quantity(locale, l.Quantity, l.itemUnits, l.EnteredUnit)
}

// dayAndPurpose is a donation's day, and its purpose when it has one.
func dayAndPurpose(locale string, d publicDonation) string {
	text := date(locale, d.DonatedOn)
	if d.Purpose != nil && *d.Purpose != "" {
		text += " · " + *d.Purpose
	}
	return text
}

// confirmed says how many of a donation's recipients have signed.
func (s *shell) confirmed(locale string, d publicDonation) string {
	return s.message(locale, "public.confirmed", map[string]string{
		"confirmed": strconv.Itoa(d.Confirmed), "recipients": strconv.Itoa(d.Recipients)}, d.Recipients)
}

// publicPage is the public donation list as PublicView.vue shows it.
type publicPage struct {
	Donations []struct{ ID, Donor, Items, Day, Confirmed string }
	// Heads are the audit chain's recent heads (ChainHeads.vue), when they could be read.
	Heads []struct{ Day, Hash string }
}

// public paints the public donation list, and the audit chain's heads under it.
func (s *shell) public(fallback http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), landingWait)
		defer cancel()
		var data struct {
			PublicDonations []publicDonation `json:"publicDonations"`
		}
		got, err := s.read(ctx, "PublicDonations", map[string]any{}, &data)
		if err != nil {
			slog.WarnContext(r.Context(), "reading the public donations to paint them", "err", err)
			fallback.ServeHTTP(w, r)
			return
		}
		locale := s.locale(r)
		var page publicPage
		for _, d := range data.PublicDonations {
			items := make([]string, len(d.Lines))
			for i, l := range d.Lines {
				items[i] = s.lineText(locale, l)
			}
			page.Donations = append(page.Donations, struct{ ID, Donor, Items, Day, Confirmed string }{
				d.ID, d.Donor, strings.Join(items, s.word(locale, "common.separator")), dayAndPurpose(locale, d), s.confirmed(locale, d)})
		}
		answers := []*answered{got}
		// The heads are folded away at the foot of the page: without them the page is painted
		// all the same, and the SPA reads them itself.
		var chain struct {
			AuditChainHeads []struct {
				Day    string `json:"day"`
				Events int    `json:"events"`
				Hash   string `json:"hash"`
			} `json:"auditChainHeads"`
		}
		heads, err := s.read(ctx, "AuditChainHeads", map[string]any{}, &chain)
		if err == nil {
			answers = append(answers, heads)
			for _, h := range chain.AuditChainHeads {
				page.Heads = append(page.Heads, struct{ Day, Hash string }{
					s.message(locale, "chain.day", map[string]string{"day": h.Day, "events": strconv.Itoa(h.Events)}), h.Hash})
			}
		} else {
			slog.WarnContext(r.Context(), "reading the audit chain's heads to paint them", "err", err)
		}
		if err := s.paint(w, r, "public.tmpl", page, answers...); err != nil {
			slog.ErrorContext(r.Context(), "painting the public donations", "err", err)
			fallback.ServeHTTP(w, r)
		}
	})
}

// trailRow is one recipient's row of a public trail.
type trailRow struct {
	ID, Recipient, Status, Tag, Sent, Signed, Refused string
	UnderReview                                       bool
}

// trailPage is one donation's public trail as DonationTrail.vue shows it.
type trailPage struct {
	Donor, Day, Confirmed string
	Lines                 []struct {
		Title string
		Rows  []trailRow
	}
}

// statusTag is the colour of a status's tag on the public trail, as DonationTrail.vue has it.
var statusTag = map[string]string{"RECEIVED": "success", "DISPUTED": "warning", "DISPATCHED": "primary"}

// trail paints the public trail of the donation {id}.
func (s *shell) trail(fallback http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		if _, err := strconv.Atoi(id); err != nil {
			fallback.ServeHTTP(w, r)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), landingWait)
		defer cancel()
		var data struct {
			DonationTrail *publicDonation `json:"donationTrail"`
		}
		got, err := s.read(ctx, "DonationTrail", map[string]any{"id": id}, &data)
		d := data.DonationTrail
		if err != nil || d == nil {
			if err != nil {
				slog.WarnContext(r.Context(), "reading a donation's public trail to paint it", "err", err)
			}
			fallback.ServeHTTP(w, r) // the SPA says it is not there, or tries again
			return
		}
		locale := s.locale(r)
		page := trailPage{Donor: d.Donor, Day: dayAndPurpose(locale, *d), Confirmed: s.confirmed(locale, *d)}
		for _, l := range d.Lines {
			line := struct {
				Title string
				Rows  []trailRow
			}{Title: s.lineText(locale, l)}
			for _, a := range l.Allocations {
				row := trailRow{ID: a.ID, Recipient: a.Recipient, Status: s.word(locale, "status."+a.Status),
					Tag: statusTag[a.Status], UnderReview: a.UnderReview}
				if row.Tag == "" {
					row.Tag = "default"
				}
				sent := s.message(locale, "public.sent", map[string]string{"amount": s.quantity(locale, a.Quantity, l.itemUnits, l.EnteredUnit)})
				if a.County != nil && *a.County != "" {
					sent = *a.County + " · " + sent
				}
				row.Sent = sent
				if a.ConfirmedAt != nil {
					by := a.Recipient
					if a.SignedBy != nil {
						by = *a.SignedBy
					}
					received := "0"
					if a.ReceivedQuantity != nil {
						received = *a.ReceivedQuantity
					}
					row.Signed = s.message(locale, "public.signed", map[string]string{"by": by, "time": dateTime(locale, *a.ConfirmedAt)}) +
						" · " + s.message(locale, "public.received", map[string]string{"amount": s.quantity(locale, received, l.itemUnits, "")})
				}
				if a.RejectReason != nil {
					rejected := "0"
					if a.RejectedQuantity != nil {
						rejected = *a.RejectedQuantity
					}
					row.Refused = s.message(locale, "public.refused", map[string]string{
						"amount": s.quantity(locale, rejected, l.itemUnits, ""), "reason": s.word(locale, "reasons."+*a.RejectReason)})
				}
				line.Rows = append(line.Rows, row)
			}
			page.Lines = append(page.Lines, line)
		}
		if err := s.paint(w, r, "trail.tmpl", page, got); err != nil {
			slog.ErrorContext(r.Context(), "painting a public trail", "err", err)
			fallback.ServeHTTP(w, r)
		}
	})
}
