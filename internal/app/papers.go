package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"mzdesk/ent"
	"mzdesk/ent/donation"
	"mzdesk/ent/privacy"
	"mzdesk/ent/user"
	"mzdesk/internal/database"
	"mzdesk/internal/export"
	"mzdesk/internal/ledger"
	"mzdesk/internal/printout"
	"mzdesk/internal/viewer"
)

// papers adds the pages that leave the screen: the donor certificate (public: it states
// nothing the transparency page does not), and, for those who may read the donation, the
// delivery sheet and the spreadsheet exports. The SPA fetches the latter with its token.
func (a *App) papers(mux *http.ServeMux) {
	mux.Handle("GET /certificates/{id}", a.observe("certificate", http.HandlerFunc(a.certificate)))
	mux.Handle("GET /donations/{id}/sheet", a.observe("sheet", a.authenticated(http.HandlerFunc(a.sheet))))
	mux.Handle("GET /donations/{id}/slips", a.observe("sheet", a.authenticated(http.HandlerFunc(a.sheet))))
	mux.Handle("GET /donations/{id}/export.xlsx", a.observe("export", a.authenticated(http.HandlerFunc(a.export))))
	mux.Handle("GET /donations/{id}/export.csv", a.observe("export", a.authenticated(http.HandlerFunc(a.export))))
}

// trail loads the donation named in the path with everything a paper shows, as the
// request's viewer.
func (a *App) trail(w http.ResponseWriter, r *http.Request) (*ent.Donation, bool) {
	id, err := strconv.Atoi(r.PathValue("id"))
	if err != nil {
		http.Error(w, "no such donation", http.StatusNotFound)
		return nil, false
	}
	ctx := r.Context()
	if viewer.FromContext(ctx) == nil {
		http.Error(w, "please log in", http.StatusUnauthorized)
		return nil, false
	}
	d, err := ledger.WithTrail(a.Client.Donation.Query().Where(donation.ID(id))).Only(ctx)
	switch {
	case ent.IsNotFound(err):
		http.Error(w, "no such donation", http.StatusNotFound)
	case errors.Is(err, privacy.Deny):
		http.Error(w, "you may not read this donation", http.StatusForbidden)
	case err != nil:
		failed(w, r, "loading a donation for print", err)
	default:
		return d, true
	}
	return nil, false
}

// certificate serves /certificates/{token}: the public certificate, in full with its
// check code (printout.Certificate). The address names the donation by its random public
// token. Certificates printed before tokens name it by its id: such an address still
// opens, but only with the check code its QR carries, so that nobody can walk the ids.
func (a *App) certificate(w http.ResponseWriter, r *http.Request) {
	ref, code := r.PathValue("id"), r.URL.Query().Get("code")
	q := a.Client.Donation.Query().Where(donation.PublicToken(ref))
	id, err := strconv.Atoi(ref)
	legacy := err == nil
	if legacy {
		q = a.Client.Donation.Query().Where(donation.ID(id))
	}
	d, err := ledger.WithTrail(q).Only(viewer.SystemContext(r.Context(), viewer.Public))
	switch {
	case ent.IsNotFound(err) || (err == nil && legacy && !printout.Matches(a.certificateKey(), d, code)):
		http.Error(w, "no such certificate", http.StatusNotFound)
		return
	case err != nil:
		failed(w, r, "loading a donation for its certificate", err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Referrer-Policy", "no-referrer") // the address may carry the check code
	if err := printout.WriteCertificate(w, d, a.certificateKey(), baseURL(r), code); err != nil {
		slog.ErrorContext(r.Context(), "certificate", "err", err)
	}
}

func (a *App) sheet(w http.ResponseWriter, r *http.Request) {
	d, ok := a.trail(w, r)
	if !ok {
		return
	}
	county := r.URL.Query().Get("county")
	names, err := ledger.CountyNames(r.Context(), a.Client)
	if err != nil {
		failed(w, r, "county names for a delivery sheet", err)
		return
	}
	if names[county] == "" {
		http.Error(w, "name a county: ?county=430702", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	signer, err := a.signers(r.Context())
	if err != nil {
		failed(w, r, "accounts for a delivery sheet", err)
		return
	}
	// The district list, or one slip per recipient, four to a page, for villages that sign on paper.
	write := printout.WriteSheet
	if strings.HasSuffix(r.URL.Path, "/slips") {
		write = printout.WriteSlips
	}
	if err := write(w, d, county, names[county], baseURL(r), signer); err != nil {
		slog.ErrorContext(r.Context(), "delivery sheet", "err", err)
	}
}

func (a *App) export(w http.ResponseWriter, r *http.Request) {
	d, ok := a.trail(w, r)
	if !ok {
		return
	}
	names, err := ledger.CountyNames(r.Context(), a.Client)
	if err != nil {
		failed(w, r, "county names for an export", err)
		return
	}
	rows := export.Rows(d, names)
	name := "donation-" + d.ReceiptNo
	if r.URL.Path[len(r.URL.Path)-4:] == ".csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.csv"`, name))
		err = export.WriteCSV(w, rows)
	} else {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.xlsx"`, name))
		err = export.WriteXLSX(w, "捐赠 "+d.ReceiptNo+" "+d.Edges.Donor.Name, rows)
	}
	if err != nil {
		slog.ErrorContext(r.Context(), "export", "err", err)
	}
}

// failed answers a paper whose data could not be read, and logs why: 503 while the
// database is out of reach, so that the person printing knows to try again shortly, and
// 500 for anything else.
func failed(w http.ResponseWriter, r *http.Request, what string, err error) {
	slog.ErrorContext(r.Context(), what, "err", err)
	if database.Unavailable(err) {
		http.Error(w, database.UnavailableMessage, http.StatusServiceUnavailable)
		return
	}
	http.Error(w, "internal error; it has been logged", http.StatusInternalServerError)
}

// certificateKey signs certificate codes (printout.Key).
func (a *App) certificateKey() []byte { return printout.Key(a.Config.JWTSecret) }

// baseURL is the server's address as the client reached it, for links in QR codes.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// signers names, for each allocation, the one active account of its village or institution
// (none when it has several or none), as the charity office printing the sheet may read them.
func (a *App) signers(ctx context.Context) (func(*ent.Allocation) string, error) {
	us, err := a.Client.User.Query().
		Where(user.Active(true), user.RoleIn(user.RoleVILLAGE_COMMITTEE, user.RoleINSTITUTION)).
		Select(user.FieldUsername, user.FieldRole, user.FieldOrgUnitID, user.FieldInstitutionID).
		All(ctx)
	if err != nil {
		return nil, err
	}
	villages, institutions := map[int][]string{}, map[int][]string{}
	for _, u := range us {
		switch {
		case u.Role == user.RoleVILLAGE_COMMITTEE && u.OrgUnitID != nil:
			villages[*u.OrgUnitID] = append(villages[*u.OrgUnitID], u.Username)
		case u.Role == user.RoleINSTITUTION && u.InstitutionID != nil:
			institutions[*u.InstitutionID] = append(institutions[*u.InstitutionID], u.Username)
		}
	}
	only := func(names []string) string {
		if len(names) == 1 {
			return names[0]
		}
		return ""
	}
	return func(al *ent.Allocation) string {
		switch {
		case al.VillageID != nil:
			return only(villages[*al.VillageID])
		case al.InstitutionID != nil:
			return only(institutions[*al.InstitutionID])
		}
		return ""
	}, nil
}
