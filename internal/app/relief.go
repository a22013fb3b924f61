package app

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"time"

	"mzdesk/ent"
	"mzdesk/ent/privacy"
	"mzdesk/ent/schema"
	"mzdesk/internal/relief"
	"mzdesk/internal/viewer"
)

// maxSheet bounds an uploaded relief sheet.
const maxSheet = 5 << 20

// reliefSheets serves the county offices' relief sheets: the empty template to fill in,
// and the import, which takes a whole sheet or, with any bad row, nothing.
func (a *App) reliefSheets(mux *http.ServeMux) {
	mux.HandleFunc("GET /relief/template.xlsx", func(w http.ResponseWriter, r *http.Request) {
		b, err := relief.Write(nil)
		if err != nil {
			http.Error(w, "internal error; it has been logged", http.StatusInternalServerError)
			slog.ErrorContext(r.Context(), "relief template", "err", err)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="relief-template.xlsx"`)
		_, _ = w.Write(b)
	})
	mux.Handle("POST /relief/import", a.observe("relief-import", a.authenticated(http.HandlerFunc(a.importRelief))))
}

// importDeadline bounds one import, from the first byte of the sheet to the commit: a
// sheet within the limits reads, checks and writes in a second or two.
const importDeadline = 30 * time.Second

func (a *App) importRelief(w http.ResponseWriter, r *http.Request) {
	// Everyone but the roles that may ever write relief figures is refused before a byte
	// of the sheet is read; each row's county is checked later.
	if _, err := schema.ImportRelief.Allow(r.Context()); errors.Is(err, viewer.ErrUnauthenticated) {
		requestErrorCode(w, http.StatusUnauthorized, "UNAUTHENTICATED", "please log in")
		return
	} else if err != nil {
		requestErrorCode(w, http.StatusForbidden, "FORBIDDEN", "relief figures are the bureau's")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), importDeadline)
	defer cancel()
	r = r.WithContext(ctx)
	_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(importDeadline))
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxSheet))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		requestError(w, http.StatusRequestEntityTooLarge, "a sheet may be at most 5 MB")
		return
	case err != nil:
		requestError(w, http.StatusBadRequest, "the sheet could not be read in time")
		return
	}
	rows, rowErrs, err := relief.Parse(body)
	if err != nil {
		requestError(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	var res *relief.ImportResult
	if len(rowErrs) > 0 {
		res = &relief.ImportResult{Errors: rowErrs}
	} else {
		err = a.inTx(r.Context(), func(ctx context.Context, c *ent.Client) error {
			var err error
			if res, err = relief.Import(ctx, c, rows); err == nil && len(res.Errors) > 0 {
				err = errRowsRefused
			}
			return err
		})
	}
	switch {
	case errors.Is(err, privacy.Deny):
		requestErrorCode(w, http.StatusForbidden, "FORBIDDEN", "relief figures are the bureau's")
		return
	case err != nil && !errors.Is(err, errRowsRefused):
		storeFailed(w, r, "relief import", err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if len(res.Errors) > 0 {
		w.WriteHeader(http.StatusUnprocessableEntity)
	}
	_ = json.NewEncoder(w).Encode(res)
}

// errRowsRefused rolls an import back when a row is refused after parsing.
var errRowsRefused = errors.New("rows refused")
